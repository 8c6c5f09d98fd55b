// The demo county's cameras are simulated: when a synthetic county starts, every camera
// position that no real device serves gets a simulated ONVIF camera on loopback, and the
// registry learns its address and credentials (they change with each start). Idle, each one
// is only a SOAP listener; its encoder runs while someone watches.
import type { CountyContext } from '../server/context.js';
import { SimFleet, simPassword } from './sim/cameras/index.js';
import { VideoStore } from '../video/index.js';

export async function startCountyCameras(ctx: Pick<CountyContext, 'db' | 'county' | 'log' | 'settings'>): Promise<SimFleet | null> {
  if (!(await ctx.county.get())?.synthetic) return null;
  const store = new VideoStore(ctx.db);
  const rows = (await store.allCameras()).filter((row) => !row.onvifUrl || row.simulated);
  if (rows.length === 0) return null;
  const specs = (await Promise.all(rows.map(async (row) => ({
    code: row.code,
    name: row.name,
    username: 'admin',
    password: row.simulated && row.password ? row.password : simPassword(),
    ptz: row.ptz,
    look: row.id,
    // Their burned-in clocks keep the county's time, whatever the server machine's zone.
    timeZone: (await ctx.settings.get('calendar')).timeZone,
  }))));
  const fleet = await SimFleet.start({ cameras: specs });
  const byCode = new Map(fleet.devices().map((d) => [d.code, d]));
  await ctx.db.transaction(async () => {
    // Ports are handed out afresh: clear the old addresses first (they are unique).
    for (const row of rows) await store.setConnection(row.id, { onvifUrl: null, username: null, password: null, simulated: true });
    for (const row of rows) {
      const device = byCode.get(row.code)!;
      await store.setConnection(row.id, { onvifUrl: device.address, username: device.username, password: device.password, simulated: true });
    }
  });
  ctx.log.info({ cameras: rows.length, rtspPort: fleet.rtsp.port }, 'simulated cameras of the demo county are on loopback');
  return fleet;
}
