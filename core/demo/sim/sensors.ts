// Simulated sensors of the demo county, speaking MQTT to the county's own broker (or HTTP to
// the ingest when no broker runs). Each gauge reads near its baseline with a little noise; now
// and then one starts an episode (a downpour fills the underpass, a cover is lifted) that
// climbs over the threshold for a few minutes and then ebbs, so the wall sees alarms come and go.
import mqtt, { type MqttClient } from 'mqtt';
import type { SensorKind, SensorRow } from '../../base/devices/index.js';
import type { Logger } from '../../runtime/log.js';

export interface SensorSimOptions {
  sensors: SensorRow[];
  key: string;
  /** mqtt://host:port of the broker, or undefined to post over HTTP. */
  brokerUrl?: string;
  serverUrl: string;
  tickMs?: number;
  /** Chance per sensor per tick that an episode starts. */
  episodeChance?: number;
  log: Logger;
  random?: () => number;
}

interface Gauge {
  sensor: SensorRow;
  /** Ticks left in the current episode, and its length. */
  left: number;
  length: number;
  peak: number;
}

const BASE: Record<SensorKind, { base: number; noise: number; peak: [number, number] }> = {
  water_level: { base: 0.01, noise: 0.01, peak: [0.18, 0.45] },
  manhole_cover: { base: 0.5, noise: 0.4, peak: [15, 40] },
};

export function sensorValue(g: Gauge, random: () => number): number {
  const b = BASE[g.sensor.kind];
  let value = b.base + (random() - 0.5) * b.noise;
  if (g.left > 0) {
    // A smooth rise and fall over the episode.
    const phase = 1 - g.left / g.length;
    value += g.peak * Math.sin(Math.PI * phase);
    g.left--;
  }
  return Math.max(0, Math.round(value * 1000) / 1000);
}

export class SensorSimulator {
  private timer: NodeJS.Timeout | undefined;
  private client: MqttClient | undefined;
  private readonly gauges: Gauge[];
  private readonly random: () => number;

  constructor(private readonly options: SensorSimOptions) {
    this.random = options.random ?? Math.random;
    this.gauges = options.sensors.map((sensor) => ({ sensor, left: 0, length: 0, peak: 0 }));
  }

  async start(): Promise<void> {
    if (this.options.brokerUrl) {
      this.client = await mqtt.connectAsync(this.options.brokerUrl, { username: 'demo-simulator', password: this.options.key, reconnectPeriod: 5000 });
    }
    this.timer = setInterval(() => void this.tick().catch((error: unknown) => this.options.log.warn({ err: error }, 'sensor simulator tick failed')), this.options.tickMs ?? 10_000);
    this.timer.unref();
  }

  async tick(): Promise<void> {
    const chance = this.options.episodeChance ?? 0.002;
    const readings = this.gauges.map((g) => {
      if (g.left === 0 && this.random() < chance) {
        const [lo, hi] = BASE[g.sensor.kind].peak;
        g.length = g.left = 12 + Math.floor(this.random() * 24);
        g.peak = lo + this.random() * (hi - lo);
      }
      return { code: g.sensor.code, value: sensorValue(g, this.random), at: new Date().toISOString() };
    });
    if (this.client) {
      await Promise.all(readings.map((r) => this.client!.publishAsync(`gridhall/sensors/${r.code}`, JSON.stringify({ value: r.value, at: r.at }))));
    } else if (readings.length) {
      await fetch(`${this.options.serverUrl}/api/ingest/sensors`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': this.options.key }, body: JSON.stringify({ readings }) });
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.client?.endAsync(true);
  }
}
