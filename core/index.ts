// core's public entry: what electron/ and the CLI use to run a county server.
import type { AddressInfo } from 'node:net';
import { loadConfig, type ConfigFlags, type GridhallConfig } from './runtime/config.js';
import { openCounty, type OpenCountyOptions, type OpenedCounty } from './app/county.js';
import { startChannels, type RunningChannels } from './channels/intake/runtime.js';
import { buildApp, type RegisteredRoute } from './server/app.js';
import type { ContractObserver } from './server/contract-check.js';
import { acquireServeLock } from './server/serve-lock.js';
import { assertPortFree } from './server/port-check.js';
import { warmValidators } from './server/validation.js';
import type { CountyPlugin, RunningPlugin } from './app/plugins.js';
import { runRetention } from './admin/audit/index.js';

export { CONSOLE_CSP } from './server/csp.js';
export { version } from './runtime/version.js';
export type { GridhallConfig } from './runtime/config.js';
export type { ContractMismatch } from './server/contract-check.js';
export type { CountyPlugin, PluginHost, RunningPlugin } from './app/plugins.js';
// The demo county's plugins, for the CLI and the desktop shell to hand to startCounty.
export { demoPlugins, type DemoPluginOptions } from './demo/index.js';
export { ConfigError, parseJt808Port, parseMqttPort } from './runtime/config.js';

export interface StartCountyOptions extends ConfigFlags {
  dataDir?: string;
  adminPassword?: string;
  clock?: OpenCountyOptions['clock'];
  log?: OpenCountyOptions['log'];
  onProgress?: OpenCountyOptions['onProgress'];
  /** MQTT port for sensor gateways (0: any free port); absent or null: no broker. */
  mqttPort?: number | null;
  /** JT/T 808 port for vehicle terminals (0: any free port); absent or null: no server. */
  jt808Port?: number | null;
  /** What runs beside the county once it answers (the demo county's simulators and living demo). */
  plugins?: readonly CountyPlugin[];
  /** Validate every answer against the endpoint table and report each mismatch here (the API tests do). */
  checkContract?: ContractObserver;
}

/** How often due case timers are looked for. */
const TIMER_INTERVAL_MS = 5000;
/** How often the retention rules run. */
const RETENTION_INTERVAL_MS = 6 * 3600_000;

export interface RunningCounty {
  url: string;
  port: number;
  host: string;
  config: GridhallConfig;
  county: OpenedCounty;
  channels: RunningChannels;
  /** The plugins that run, with what each says for the terminal. */
  plugins: RunningPlugin[];
  /** What the operator should hear at start (plain HTTP off loopback). */
  warnings: string[];
  /** Every route the server registered, with the endpoint of the table it came from. */
  routes: readonly RegisteredRoute[];
  close(): Promise<void>;
}

/** Whether a bind address is this machine only. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

export async function startCounty(options: StartCountyOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<RunningCounty> {
  const config = loadConfig({ ...options, data: options.dataDir ?? options.data }, env);
  if (options.adminPassword !== undefined) config.adminPassword = options.adminPassword;
  // One server per data folder (a second one would fire the same timers): refused before opening.
  const lock = acquireServeLock(config.dataDir);
  let county: OpenedCounty;
  try {
    // A taken port fails now, before the database is opened or a demo county is built.
    await assertPortFree(config.host, config.port);
    county = await openCounty(config, { clock: options.clock, log: options.log, onProgress: options.onProgress });
  } catch (error) {
    lock.release();
    throw error;
  }
  // Retention (audit log ≥ 180 days, citizens' personal data): at start, then every six hours.
  const retain = async () => {
    try {
      await runRetention(county);
    } catch (error) {
      county.log.error({ err: error }, 'retention failed');
    }
  };
  await retain();
  const retention = setInterval(() => void retain(), RETENTION_INTERVAL_MS);
  retention.unref?.();
  // Timers that came due while the server was down fire once now; then every few seconds.
  // The scheduled backup rides the same tick: a slot missed while down fires at the first tick.
  await county.workflow.fireDueTimers();
  await county.backupSchedule.start();
  const backupTick = () => {
    county.backupSchedule.tick().catch((error: unknown) => county.log.error({ err: error }, 'the scheduled backup failed to start'));
  };
  const timers = setInterval(async () => {
    try {
      await county.workflow.fireDueTimers();
    } catch (error) {
      county.log.error({ err: error }, 'firing case timers failed');
    }
    backupTick();
  }, TIMER_INTERVAL_MS);
  timers.unref();
  // 消息通知: the delivery worker (what a stop caught mid-send goes again first).
  await county.notifications.start();
  const { app, routes } = await buildApp(county, { checkContract: options.checkContract });
  let channels: RunningChannels | undefined;
  const plugins: RunningPlugin[] = [];
  /** Stop what started, in reverse order; also when starting fails half-way. */
  let cancelColumns = () => {};
  const stop = async () => {
    cancelColumns();
    clearInterval(timers);
    clearInterval(retention);
    await county.backupSchedule.idle();
    for (const plugin of plugins.splice(0).reverse()) await plugin.close();
    await county.notifications.stop();
    await channels?.close();
    await app.close();
    await county.close();
    lock.release();
  };
  let url: string;
  let address: AddressInfo;
  const warnings: string[] = [];
  try {
    await app.listen({ port: config.port, host: config.host });
    address = app.server.address() as AddressInfo;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    const scheme = config.tlsCert ? 'https' : 'http';
    url = `${scheme}://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${address.port}`;
    if (!config.tlsCert && !isLoopback(config.host)) {
      warnings.push(
        `plain HTTP on ${config.host}: passwords and citizens' reports cross the hall's network unencrypted. ` +
          'Run gridhall tls init and start with --tls-cert/--tls-key, or bind 127.0.0.1 (明文HTTP仅限本机)',
      );
      county.log.warn({ host: config.host }, warnings.at(-1)!);
    }
    lock.setUrl(url);
    // The heatmap's columns load once the port answers (from their file beside the database
    // when it is current), not before: a large county answers /api/health at once.
    const columns = setImmediate(() => {
      try {
        county.analytics.warmColumns();
      } catch (error) {
        county.log.error({ err: error }, 'loading the heatmap columns failed');
      }
    });
    cancelColumns = () => clearImmediate(columns);
    // Route validators compile on first use; the rest compile now, a few between requests.
    warmValidators().catch((error: unknown) => county.log.error({ err: error }, 'a route schema does not compile'));
    // A taken MQTT port fails here: the server stops and says why.
    channels = await startChannels(county, { host: config.host, mqttPort: options.mqttPort ?? null, jt808Port: options.jt808Port ?? null });
    for (const plugin of options.plugins ?? []) {
      const running = await plugin.start({ county, config, url, mqttUrl: channels.mqttUrl, jt808: channels.jt808 });
      if (running) plugins.push(running);
    }
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
    plugins,
    warnings,
    routes,
    close: async () => {
      if (closed) return;
      closed = true;
      await stop();
    },
  };
}
