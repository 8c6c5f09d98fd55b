// What runs beside the HTTP server for the intake channels: the sensor ingest's background
// work and the MQTT broker for sensor gateways (when a port is given). Tests start no broker
// unless they ask; `gridhall serve` starts it on 1883. (The demo's simulated devices are a
// plugin: core/demo/devices.ts.)
import { startMqttBroker, type RunningBroker } from '../iot/mqtt.js';
import type { CountyContext } from '../../server/context.js';

export interface ChannelOptions {
  host: string;
  /** MQTT port for sensor gateways; null: no broker. */
  mqttPort: number | null;
}

export interface RunningChannels {
  mqttUrl: string | null;
  close(): Promise<void>;
}

export async function startChannels(ctx: CountyContext, options: ChannelOptions): Promise<RunningChannels> {
  ctx.sensors.start();
  let broker: RunningBroker | undefined;
  if (options.mqttPort !== null) {
    try {
      broker = await startMqttBroker({ host: options.host, port: options.mqttPort, keys: ctx.channelKeys, sensors: ctx.sensors, log: ctx.log });
      ctx.log.info({ url: broker.url }, 'MQTT broker for sensor gateways');
    } catch (error) {
      ctx.log.warn({ err: error, port: options.mqttPort }, 'MQTT broker not started (port taken?); sensors can still post over HTTP');
    }
  }
  return {
    mqttUrl: broker?.url ?? null,
    close: async () => {
      await broker?.close();
      ctx.sensors.stop();
    },
  };
}
