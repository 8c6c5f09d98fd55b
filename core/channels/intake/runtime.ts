// What runs beside the HTTP server for the intake channels: the sensor ingest's background
// work and the MQTT broker for sensor gateways (when a port is given). Tests start no broker
// unless they ask; `gridhall serve` starts it on 1883. (The demo's simulated devices are a
// plugin: core/demo/devices.ts.)
import { startMqttBroker, type RunningBroker } from '../iot/index.js';
import type { CountyContext } from '../../server/context.js';
import { startJt808Server, type RunningJt808 } from '../jt808/index.js';

export interface ChannelOptions {
  host: string;
  /** MQTT port for sensor gateways; null: no broker. */
  mqttPort: number | null;
  /** JT/T 808 port for vehicle terminals; null: no server. */
  jt808Port: number | null;
}

export interface RunningChannels {
  mqttUrl: string | null;
  jt808Url: string | null;
  jt808: RunningJt808 | null;
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
  ctx.muckTrucks.start();
  let jt808: RunningJt808 | undefined;
  if (options.jt808Port !== null) {
    try {
      jt808 = await startJt808Server({ host: options.host, port: options.jt808Port, trucks: ctx.muckTrucks, log: ctx.log });
      ctx.log.info({ url: jt808.url }, 'JT/T 808 server for vehicle terminals');
    } catch (error) {
      ctx.log.warn({ err: error, port: options.jt808Port }, 'JT/T 808 server not started (port taken?)');
    }
  }
  return {
    mqttUrl: broker?.url ?? null,
    jt808Url: jt808?.url ?? null,
    jt808: jt808 ?? null,
    close: async () => {
      await jt808?.close();
      await ctx.muckTrucks.stop();
      await broker?.close();
      await ctx.sensors.stop();
    },
  };
}
