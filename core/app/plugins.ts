// What a running county can be given to start beside it: the demo county's simulated cameras,
// sensors and vehicles and its living demo are plugins (core/demo/index.ts), handed to
// startCounty by whoever starts it (the CLI's serve, the desktop shell, a test) — startCounty
// itself knows nothing of the demo.
import type { RunningJt808 } from '../channels/jt808/index.js';
import type { GridhallConfig } from '../runtime/config.js';
import type { OpenedCounty } from './county.js';

export interface PluginHost {
  county: OpenedCounty;
  config: GridhallConfig;
  /** The county server's own URL: a plugin talks to it like any device or client. */
  url: string;
  /** The MQTT broker's URL for sensor gateways, when one runs. */
  mqttUrl: string | null;
  /** The JT/T 808 server for vehicle terminals, when one runs. */
  jt808: RunningJt808 | null;
}

export interface RunningPlugin {
  /** One line for the terminal when the server has started (what runs, how to stop it). */
  readonly summary?: string;
  close(): Promise<void> | void;
}

export interface CountyPlugin {
  readonly name: string;
  /** Started once the HTTP server answers, in order; closed in reverse order. null: nothing to run. */
  start(host: PluginHost): Promise<RunningPlugin | null>;
}
