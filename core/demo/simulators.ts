// The demo county's sensors and vehicles, simulated: they report to the county server over
// the same channels real devices use (MQTT or HTTP for sensors, HTTP for vehicles), each with
// a channel key of its own made afresh at every start.
import { StreetStore } from '../base/basemap/index.js';
import { SensorStore, VehicleStore } from '../base/devices/index.js';
import type { KeyScope } from '../channels/intake/index.js';
import type { CountyContext } from '../server/context.js';
import type { RunningPlugin } from '../app/index.js';
import { SensorSimulator } from './sim/index.js';
import { VehicleSimulator } from './sim/index.js';
import { startMuckTruckFleet, type MuckTruckFleet } from './sim/index.js';
import type { RunningJt808 } from '../channels/jt808/index.js';

/** A fresh key for an in-process simulator: the old one of that name is revoked first. */
async function simulatorKey(ctx: CountyContext, name: string, scope: KeyScope): Promise<string> {
  if (await ctx.intakeStore.liveKeyByName(name)) await ctx.channelKeys.revokeByName(name);
  return (await ctx.channelKeys.create(name, scope, null)).key;
}

export async function startDeviceSimulators(ctx: CountyContext, where: { url: string; host: string; mqttUrl: string | null; jt808: RunningJt808 | null }): Promise<RunningPlugin | null> {
  if (!(await ctx.county.get())?.synthetic) return null;
  const sensors = await new SensorStore(ctx.db).list({ limit: 10_000 });
  const vehicles = await new VehicleStore(ctx.db).list({ limit: 10_000 });
  let sensorSim: SensorSimulator | undefined;
  let vehicleSim: VehicleSimulator | undefined;
  if (sensors.length) {
    sensorSim = new SensorSimulator({ sensors, key: await simulatorKey(ctx, 'demo-simulator-sensors', 'sensors'), brokerUrl: where.mqttUrl ?? undefined, serverUrl: where.url, log: ctx.log });
    await sensorSim.start();
  }
  if (vehicles.length) {
    vehicleSim = new VehicleSimulator({ vehicles, streets: await new StreetStore(ctx.db).list({ limit: 10_000 }), key: await simulatorKey(ctx, 'demo-simulator-vehicles', 'vehicles'), serverUrl: where.url, log: ctx.log });
    vehicleSim.start();
  }
  // The muck trucks' terminals speak JT/T 808 to the county's own JT/T 808 server.
  let truckFleet: MuckTruckFleet | undefined;
  if (where.jt808) truckFleet = await startMuckTruckFleet(ctx, { host: where.host === '0.0.0.0' || where.host === '::' ? '127.0.0.1' : where.host, port: where.jt808.port });
  if (!sensorSim && !vehicleSim && !truckFleet) return null;
  return {
    summary: 'demo:      simulated sensors and vehicles are reporting (--no-simulate stops them)',
    close: async () => {
      truckFleet?.stop();
      vehicleSim?.stop();
      await sensorSim?.stop();
    },
  };
}
