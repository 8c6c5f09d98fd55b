// One config loader: command-line flags, then environment, then defaults.
import os from 'node:os';
import path from 'node:path';

export interface GridhallConfig {
  /** HTTP port; 12319 is the urban-management hotline number. */
  port: number;
  /** Interface to bind. Loopback unless the operator chooses the hall's LAN. */
  host: string;
  /** The data folder: gridhall.db, attachments, tilesets, backups. */
  dataDir: string;
  /**
   * A PostgreSQL URL (postgres://user@host/db) to keep the county in instead of the data
   * folder's gridhall.db (see docs/POSTGRES.md); attachments and tiles stay in the data folder.
   */
  database: string | undefined;
  /** Password for the first admin, used only when the admin user is created. */
  adminPassword: string | undefined;
  /** Size of the demo county generated when the data folder is empty; 'none' skips it. */
  demoSize: DemoSize;
  /** Seed of the demo county. */
  demoSeed: number;
  /** Folder holding the built console (renderer); undefined serves none. */
  rendererDir: string | undefined;
  /** Log level for pino. */
  logLevel: string;
  /** Start simulated ONVIF cameras for the demo county's camera positions (on loopback). */
  videoSim: boolean;
  /** How many camera streams the server relays at once at most. */
  videoMaxRelays: number;
  /** How long a relay nobody watches keeps running (a viewer coming back starts at once). */
  videoRelayIdleMs: number;
  /** How many H.265 streams the server transcodes to H.264 at once at most (for browsers without an H.265 decoder). */
  videoMaxTranscodes: number;
  /** Disk space recordings may take (MB); past it the oldest segments go first. */
  recordingQuotaMb: number;
  /** Length of one recording segment file (seconds). */
  recordingSegmentS: number;
  /**
   * SQLite's synchronous mode. FULL (the default) syncs the WAL on every commit, so an action
   * answered 2xx survives a power cut; NORMAL survives a killed process but may lose the
   * last commits on power loss, for about 4× the write rate (see bench/durability.ts).
   */
  synchronous: 'FULL' | 'NORMAL';
  /** HTTPS: PEM files of the server certificate (with its chain) and its key; both or neither. */
  tlsCert: string | undefined;
  tlsKey: string | undefined;
}

export type DemoSize = 'full' | 'small' | 'none';

export interface ConfigFlags {
  port?: string | number | undefined;
  host?: string | undefined;
  data?: string | undefined;
  database?: string | undefined;
  demoSize?: string | undefined;
  demoSeed?: string | number | undefined;
  rendererDir?: string | undefined;
  logLevel?: string | undefined;
  videoSim?: boolean | string | undefined;
  videoMaxRelays?: number | string | undefined;
  videoRelayIdleMs?: number | string | undefined;
  videoMaxTranscodes?: number | string | undefined;
  recordingQuotaMb?: number | string | undefined;
  recordingSegmentS?: number | string | undefined;
  synchronous?: string | undefined;
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
}

export class ConfigError extends Error {}

export const DEFAULT_PORT = 12319;
export const DEFAULT_MQTT_PORT = 1883;
/** JT/T 808 terminals (muck trucks) connect here over TCP. */
export const DEFAULT_JT808_PORT = 6808;

/** The MQTT port for sensor gateways: a port number, "off" (no broker), or the default. */
export function parseMqttPort(raw: string | undefined, source = '--mqtt-port'): number | null {
  if (raw === 'off') return null;
  if (raw === undefined || raw === '') return DEFAULT_MQTT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`${source} must be a port number or "off", got "${raw}"`);
  return port;
}

/** The JT/T 808 port for vehicle terminals: a port number, "off" (no server), or the default. */
export function parseJt808Port(raw: string | undefined, source = '--jt808-port'): number | null {
  if (raw === 'off') return null;
  if (raw === undefined || raw === '') return DEFAULT_JT808_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`${source} must be a port number or "off", got "${raw}"`);
  return port;
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'gridhall');
}

function parsePort(raw: string | number, source: string): number {
  const port = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${source}: port must be a whole number from 0 to 65535, got "${raw}"`);
  }
  return port;
}

function parseDemoSize(raw: string, source: string): DemoSize {
  if (raw === 'full' || raw === 'small' || raw === 'none') return raw;
  throw new ConfigError(`${source}: demo size must be full, small or none, got "${raw}"`);
}

function parseSwitch(raw: string | boolean, source: string): boolean {
  if (typeof raw === 'boolean') return raw;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${source}: expected on or off, got "${raw}"`);
}

function parseCount(raw: string | number, source: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${source}: expected a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): GridhallConfig {
  const pick = <T>(flag: T | undefined, envName: string): { value: T | string | undefined; source: string } => {
    if (flag !== undefined && flag !== '') return { value: flag, source: 'flag' };
    const fromEnv = env[envName];
    if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, source: envName };
    return { value: undefined, source: 'default' };
  };
  const port = pick(flags.port, 'GRIDHALL_PORT');
  const host = pick(flags.host, 'GRIDHALL_HOST');
  const data = pick(flags.data, 'GRIDHALL_DATA');
  const database = pick(flags.database, 'GRIDHALL_DATABASE_URL');
  if (database.value !== undefined && !/^postgres(ql)?:\/\//i.test(String(database.value))) {
    throw new ConfigError(`${database.source === 'flag' ? '--database' : database.source}: expected a postgres:// URL, got "${String(database.value).replace(/:[^:@/]*@/, ':***@')}"`);
  }
  const demoSize = pick(flags.demoSize, 'GRIDHALL_DEMO_SIZE');
  const demoSeed = pick(flags.demoSeed, 'GRIDHALL_DEMO_SEED');
  const videoSim = pick(flags.videoSim, 'GRIDHALL_VIDEO_SIM');
  const maxRelays = pick(flags.videoMaxRelays, 'GRIDHALL_VIDEO_MAX_RELAYS');
  const relayIdle = pick(flags.videoRelayIdleMs, 'GRIDHALL_VIDEO_RELAY_IDLE_MS');
  const maxTranscodes = pick(flags.videoMaxTranscodes, 'GRIDHALL_VIDEO_MAX_TRANSCODES');
  const quota = pick(flags.recordingQuotaMb, 'GRIDHALL_RECORDING_QUOTA_MB');
  const segment = pick(flags.recordingSegmentS, 'GRIDHALL_RECORDING_SEGMENT_S');
  const synchronous = pick(flags.synchronous, 'GRIDHALL_SYNCHRONOUS');
  const sync = String(synchronous.value ?? 'FULL').toUpperCase();
  if (sync !== 'FULL' && sync !== 'NORMAL') throw new ConfigError(`${synchronous.source}: synchronous must be FULL or NORMAL, got "${synchronous.value}"`);
  const tlsCert = pick(flags.tlsCert, 'GRIDHALL_TLS_CERT').value as string | undefined;
  const tlsKey = pick(flags.tlsKey, 'GRIDHALL_TLS_KEY').value as string | undefined;
  if ((tlsCert === undefined) !== (tlsKey === undefined)) throw new ConfigError('HTTPS needs both --tls-cert and --tls-key (or GRIDHALL_TLS_CERT and GRIDHALL_TLS_KEY)');
  const seed = demoSeed.value === undefined ? 20261122 : Number(demoSeed.value);
  if (!Number.isInteger(seed)) throw new ConfigError(`${demoSeed.source}: demo seed must be a whole number`);
  return {
    port: port.value === undefined ? DEFAULT_PORT : parsePort(port.value, port.source),
    host: (host.value as string | undefined) ?? '127.0.0.1',
    dataDir: path.resolve((data.value as string | undefined) ?? defaultDataDir(env)),
    database: database.value as string | undefined,
    adminPassword: env.GRIDHALL_ADMIN_PASSWORD || undefined,
    demoSize: demoSize.value === undefined ? 'full' : parseDemoSize(String(demoSize.value), demoSize.source),
    demoSeed: seed,
    rendererDir: flags.rendererDir ?? env.GRIDHALL_RENDERER_DIR ?? undefined,
    logLevel: flags.logLevel ?? env.GRIDHALL_LOG_LEVEL ?? 'info',
    videoSim: videoSim.value === undefined ? true : parseSwitch(videoSim.value, videoSim.source),
    videoMaxRelays: maxRelays.value === undefined ? 48 : parseCount(maxRelays.value, maxRelays.source, 1, 1000),
    videoRelayIdleMs: relayIdle.value === undefined ? 15_000 : parseCount(relayIdle.value, relayIdle.source, 0, 3_600_000),
    videoMaxTranscodes: maxTranscodes.value === undefined ? 4 : parseCount(maxTranscodes.value, maxTranscodes.source, 0, 100),
    recordingQuotaMb: quota.value === undefined ? 50_000 : parseCount(quota.value, quota.source, 1, 100_000_000),
    recordingSegmentS: segment.value === undefined ? 60 : parseCount(segment.value, segment.source, 2, 3600),
    synchronous: sync,
    tlsCert: tlsCert && path.resolve(tlsCert),
    tlsKey: tlsKey && path.resolve(tlsKey),
  };
}
