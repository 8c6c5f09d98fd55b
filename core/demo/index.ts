// The demo county's front door: making it (generate), and the plugins that keep it alive once
// served — its simulated ONVIF cameras, its simulated sensors and vehicles (over the same
// channels real devices use), and the living demo that works cases as the staff would.
import type { CountyPlugin } from '../app/index.js';
import { startCountyCameras } from './cameras.js';
import { startDeviceSimulators } from './simulators.js';
import { LiveDemo } from './live.js';
import { SimSmsGateway } from './sim/index.js';

export interface DemoPluginOptions {
  /** The simulated sensors and vehicles (--no-simulate, GRIDHALL_SIMULATE=0 turn them off). */
  simulate: boolean;
  /** The living demo (GRIDHALL_DEMO_LIVE=0 turns it off). */
  live: boolean;
}

/** The plugins for a demo county; each does nothing for a county that is not synthetic. */
export function demoPlugins(options: DemoPluginOptions): CountyPlugin[] {
  return [
    {
      name: 'demo-cameras',
      async start({ county, config }) {
        // config.videoSim (GRIDHALL_VIDEO_SIM=off) keeps the simulated cameras off.
        if (!config.videoSim) return null;
        const fleet = await startCountyCameras(county);
        return fleet && { close: () => fleet.close() };
      },
    },
    {
      name: 'demo-devices',
      async start({ county, config, url, mqttUrl, jt808 }) {
        if (!options.simulate) return null;
        return await startDeviceSimulators(county, { url, host: config.host, mqttUrl, jt808 });
      },
    },
    {
      // 消息通知's texts go to a simulated SMS gateway (unless the county set a real one).
      name: 'demo-sms',
      async start({ county }) {
        if (!options.simulate || !(await county.county.get())?.synthetic) return null;
        const gateway = new SimSmsGateway();
        county.notifications.simulatedSmsUrl = await gateway.start();
        return {
          summary: `demo:      simulated SMS gateway at ${gateway.url} (its texts: GET /v1/sms/messages)`,
          close: async () => {
            county.notifications.simulatedSmsUrl = null;
            await gateway.close();
          },
        };
      },
    },
    {
      name: 'demo-live',
      async start({ county }) {
        if (!options.live || !(await county.county.get())?.synthetic) return null;
        const live = new LiveDemo(county, county.log);
        await live.start();
        return { close: () => live.stop() };
      },
    },
  ];
}
export * from './generate.js';
export * from './replay.js';
export * from './rules.js';
export * from './notify-contacts.js';
