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
import { startMuckTruckFleet, type MuckTruckFleet } from '../../demo/sim/trucks.js';
import { startJt808Server, type RunningJt808 } from '../jt808/server.js';
import type { KeyScope } from './store.js';

export interface ChannelOptions {
  host: string;
  /** MQTT port for sensor gateways; null: no broker. */
  mqttPort: number | null;
  /** JT/T 808 port for vehicle terminals; null: no server. */
  jt808Port: number | null;
  /** Run the demo county's simulated sensors and vehicles (only for a synthetic county). */
  simulate: boolean;
  /** The county server's own URL (the simulators talk to it like any device). */
  url: string;
}

export interface RunningChannels {
  mqttUrl: string | null;
  jt808Url: string | null;
  jt808: RunningJt808 | null;
  simulating: boolean;
  close(): Promise<void>;
}

/** A fresh key for an in-process simulator: the old one of that name is revoked first. */
function simulatorKey(ctx: CountyContext, name: string, scope: KeyScope): string {
  if (ctx.intakeStore.liveKeyByName(name)) ctx.channelKeys.revokeByName(name);
  return ctx.channelKeys.create(name, scope, null).key;
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
  let sensorSim: SensorSimulator | undefined;
  let truckFleet: MuckTruckFleet | undefined;
  let vehicleSim: VehicleSimulator | undefined;
  if (options.simulate && ctx.county.get()?.synthetic) {
    const sensors = new SensorStore(ctx.db).list({ limit: 10_000 });
    const vehicles = new VehicleStore(ctx.db).list({ limit: 10_000 });
    if (sensors.length) {
      sensorSim = new SensorSimulator({ sensors, key: simulatorKey(ctx, 'demo-simulator-sensors', 'sensors'), brokerUrl: broker?.url, serverUrl: options.url, log: ctx.log });
      await sensorSim.start();
    }
    if (vehicles.length) {
      vehicleSim = new VehicleSimulator({ vehicles, streets: new StreetStore(ctx.db).list({ limit: 10_000 }), key: simulatorKey(ctx, 'demo-simulator-vehicles', 'vehicles'), serverUrl: options.url, log: ctx.log });
      vehicleSim.start();
    }
    if (jt808) truckFleet = startMuckTruckFleet(ctx, { host: options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host, port: jt808.port });
  }
  return {
    mqttUrl: broker?.url ?? null,
    jt808Url: jt808?.url ?? null,
    jt808: jt808 ?? null,
    simulating: sensorSim !== undefined || vehicleSim !== undefined || truckFleet !== undefined,
    close: async () => {
      truckFleet?.stop();
      await jt808?.close();
      ctx.muckTrucks.stop();
      vehicleSim?.stop();
      await sensorSim?.stop();
      await broker?.close();
      ctx.sensors.stop();
    },
  };
}
