// core's public entry: what electron/ and the CLI use to run a county server.
import type { AddressInfo } from 'node:net';
import { loadConfig, type ConfigFlags, type GridhallConfig } from './runtime/config.js';
import { openCounty, type OpenCountyOptions, type OpenedCounty } from './app/county.js';
import { startChannels, type RunningChannels } from './channels/intake/runtime.js';
import { LiveDemo } from './demo/live.js';
import { buildApp } from './server/app.js';
import { acquireServeLock } from './server/serve-lock.js';
import { startCountyCameras } from './video/demo-cameras.js';

export { CONSOLE_CSP } from './server/csp.js';
export { version } from './runtime/version.js';
export type { GridhallConfig } from './runtime/config.js';
export { ConfigError, parseMqttPort } from './runtime/config.js';

export interface StartCountyOptions extends ConfigFlags {
  dataDir?: string;
  adminPassword?: string;
  clock?: OpenCountyOptions['clock'];
  log?: OpenCountyOptions['log'];
  onProgress?: OpenCountyOptions['onProgress'];
  /** MQTT port for sensor gateways (0: any free port); absent or null: no broker. */
  mqttPort?: number | null;
  /** Run the demo county's simulated sensors and vehicles. */
  simulate?: boolean;
  /** Keep the demo county moving (new reports, cases advancing); default on, off with GRIDHALL_DEMO_LIVE=0. */
  demoLive?: boolean;
}

/** How often due case timers are looked for. */
const TIMER_INTERVAL_MS = 5000;

export interface RunningCounty {
  url: string;
  port: number;
  host: string;
  config: GridhallConfig;
  county: OpenedCounty;
  channels: RunningChannels;
  close(): Promise<void>;
}

export async function startCounty(options: StartCountyOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<RunningCounty> {
  const config = loadConfig({ ...options, data: options.dataDir ?? options.data }, env);
  if (options.adminPassword !== undefined) config.adminPassword = options.adminPassword;
  // One server per data folder (a second one would fire the same timers): refused before opening.
  const lock = acquireServeLock(config.dataDir);
  let county: OpenedCounty;
  try {
    county = await openCounty(config, { clock: options.clock, log: options.log, onProgress: options.onProgress });
  } catch (error) {
    lock.release();
    throw error;
  }
  // Timers that came due while the server was down fire once now; then every few seconds.
  await county.workflow.fireDueTimers();
  const timers = setInterval(() => {
    county.workflow.fireDueTimers().catch((error: unknown) => county.log.error({ err: error }, 'firing case timers failed'));
  }, TIMER_INTERVAL_MS);
  timers.unref();
  // The demo county's cameras: simulated ONVIF devices on loopback (config.videoSim).
  const cameras = config.videoSim ? await startCountyCameras(county) : null;
  // The demo county keeps living: new reports and moving cases (off in tests).
  const live = (await county.county.get())?.synthetic && (options.demoLive ?? env.GRIDHALL_DEMO_LIVE !== '0') ? new LiveDemo(county, county.log) : undefined;
  await live?.start();
  const app = await buildApp(county);
  let channels: RunningChannels | undefined;
  /** Stop what started, in reverse order; also when starting fails half-way. */
  const stop = async () => {
    clearInterval(timers);
    await channels?.close();
    live?.stop();
    await app.close();
    await cameras?.close();
    await county.close();
    lock.release();
  };
  let url: string;
  let address: AddressInfo;
  try {
    await app.listen({ port: config.port, host: config.host });
    address = app.server.address() as AddressInfo;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${address.port}`;
    lock.setUrl(url);
    // A taken MQTT port fails here: the server stops and says why.
    channels = await startChannels(county, { host: config.host, mqttPort: options.mqttPort ?? null, simulate: options.simulate ?? false, url });
  } catch (error) {
    await stop();
    throw error;
  }
  let closed = false;
  return {
    url,
    port: address.port,
    host: config.host,
    config,
    county,
    channels,
    close: async () => {
      if (closed) return;
      closed = true;
      await stop();
    },
  };
}
