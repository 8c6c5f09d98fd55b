// The MQTT door for sensor gateways: a real broker (aedes, in-process, bound to the county
// server's interface; loopback unless the operator opens the LAN). A gateway connects with
// any username and a channel key of scope `sensors` as password, and publishes a reading to
// gridhall/sensors/<code> as JSON {"value": 0.21, "at": "2026-11-18T09:00:00Z"} or a bare
// number. Subscriptions are refused: the broker is an ingest, not a message bus for others.
import { Aedes, type AedesOptions } from 'aedes';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { ChannelKeyService } from '../intake/index.js';
import type { Logger } from '../../runtime/log.js';
import type { SensorService } from './service.js';

export const SENSOR_TOPIC_PREFIX = 'gridhall/sensors/';

export interface RunningBroker {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Parses a reading's payload: JSON {value, at?} or a bare number. */
export function parsePayload(payload: Buffer): { value: number; at?: number } | undefined {
  const text = payload.toString('utf8').trim();
  if (text === '') return undefined;
  if (/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(text)) return { value: Number(text) };
  try {
    const json = JSON.parse(text) as { value?: unknown; at?: unknown };
    if (typeof json.value !== 'number') return undefined;
    const at = typeof json.at === 'string' ? Date.parse(json.at) : typeof json.at === 'number' ? json.at : undefined;
    return at === undefined || Number.isFinite(at) ? { value: json.value, at } : undefined;
  } catch {
    return undefined;
  }
}

export async function startMqttBroker(options: { host: string; port: number; keys: ChannelKeyService; sensors: SensorService; log: Logger }): Promise<RunningBroker> {
  const { keys, sensors, log } = options;
  const authenticate: AedesOptions['authenticate'] = (_client, _username, password, done) => {
    void (async () => {
    try {
      await keys.verify(password?.toString('utf8'), 'sensors');
      done(null, true);
    } catch {
      const error = Object.assign(new Error('bad channel key'), { returnCode: 4 as const });
      done(error, false);
    }
    })();
  };
  const broker = await Aedes.createBroker({
    authenticate,
    authorizePublish: (client, packet, callback) => void (async () => {
      if (!client) return callback(null); // the broker's own messages
      if (!packet.topic.startsWith(SENSOR_TOPIC_PREFIX)) return callback(new Error(`publish only to ${SENSOR_TOPIC_PREFIX}<code>`));
      const code = packet.topic.slice(SENSOR_TOPIC_PREFIX.length);
      const reading = parsePayload(packet.payload as Buffer);
      if (!code || code.includes('/') || !reading) {
        log.warn({ topic: packet.topic }, 'mqtt: reading refused (bad topic or payload)');
        return callback(null);
      }
      try {
        const result = await sensors.ingest([{ code, value: reading.value, at: reading.at }]);
        if (result.rejected.length) log.warn({ code, error: result.rejected[0]!.error }, 'mqtt: reading refused');
      } catch (error) {
        log.error({ err: error }, 'mqtt: ingest failed');
      }
      return callback(null);
    })(),
    authorizeSubscribe: (_client, _subscription, callback) => callback(new Error('subscriptions are not offered')),
  });
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `mqtt://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        broker.close(() => server.close(() => resolve()));
      }),
  };
}
