// What runs beside the HTTP server for the intake channels: the sensor ingest's background
// work, the MQTT broker for sensor gateways (when a port is given), and, for a synthetic
// (demo) county when asked, the simulated sensors and vehicles. Tests start none of this
// unless they ask; `gridhall serve` starts the broker on 1883 and the simulators for the demo.
import { StreetStore } from '../../base/basemap/store.js';
import { SensorStore, VehicleStore } from '../../base/devices/store.js';
import { startMqttBroker, type RunningBroker } from '../iot/mqtt.js';
import type { CountyContext } from '../../server/context.js';
import { SensorSimulator } from '../../demo/sim/sensors.js';
import { VehicleSimulator } from '../../demo/sim/vehicles.js';
import type { KeyScope } from './store.js';

export interface ChannelOptions {
  host: string;
  /** MQTT port for sensor gateways; null: no broker. */
  mqttPort: number | null;
  /** Run the demo county's simulated sensors and vehicles (only for a synthetic county). */
  simulate: boolean;
  /** The county server's own URL (the simulators talk to it like any device). */
  url: string;
}

export interface RunningChannels {
  mqttUrl: string | null;
  simulating: boolean;
  close(): Promise<void>;
}

/** A fresh key for an in-process simulator: the old one of that name is revoked first. */
async function simulatorKey(ctx: CountyContext, name: string, scope: KeyScope): Promise<string> {
  if (await ctx.intakeStore.liveKeyByName(name)) await ctx.channelKeys.revokeByName(name);
  return (await ctx.channelKeys.create(name, scope, null)).key;
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
  let sensorSim: SensorSimulator | undefined;
  let vehicleSim: VehicleSimulator | undefined;
  if (options.simulate && (await ctx.county.get())?.synthetic) {
    const sensors = await new SensorStore(ctx.db).list({ limit: 10_000 });
    const vehicles = await new VehicleStore(ctx.db).list({ limit: 10_000 });
    if (sensors.length) {
      sensorSim = new SensorSimulator({ sensors, key: await simulatorKey(ctx, 'demo-simulator-sensors', 'sensors'), brokerUrl: broker?.url, serverUrl: options.url, log: ctx.log });
      await sensorSim.start();
    }
    if (vehicles.length) {
      vehicleSim = new VehicleSimulator({ vehicles, streets: await new StreetStore(ctx.db).list({ limit: 10_000 }), key: await simulatorKey(ctx, 'demo-simulator-vehicles', 'vehicles'), serverUrl: options.url, log: ctx.log });
      vehicleSim.start();
    }
  }
  return {
    mqttUrl: broker?.url ?? null,
    simulating: sensorSim !== undefined || vehicleSim !== undefined,
    close: async () => {
      vehicleSim?.stop();
      await sensorSim?.stop();
      await broker?.close();
      await ctx.sensors.stop();
    },
  };
}
