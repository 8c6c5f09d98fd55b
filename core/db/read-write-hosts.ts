// A city names its database pair the way libpq does, every host in one URL and the kind of
// session it wants:
//   postgres://gridhall:…@db1:5432,db2:5432/gridhall?target_session_attrs=read-write
// node-postgres connects to one host only, so this gives its pool a client class that connects to
// the host currently believed to take writes, and a check (the pool's onConnect) that the session
// is not read-only, which is libpq's own test for read-write (SHOW transaction_read_only). When a
// connection to that host fails or finds a standby, a search starts: every host is probed in turn
// until one answers read-write (the standby Patroni promoted), and new connections go there.
// Until then new connections fail, which the driver answers with 503 try-again.
import pg from 'pg';

export interface DbHost {
  host: string;
  port: number;
}

/** The hosts of a libpq-style URL, or undefined when it names one host (used as it is). */
export interface HostList {
  hosts: DbHost[];
  /** target_session_attrs=read-write (or primary): only a session that takes writes will do. */
  readWrite: boolean;
  /** The same URL naming one host, without target_session_attrs (what node-postgres reads). */
  urlFor(host: DbHost): string;
}

const URL_PATTERN = /^(postgres(?:ql)?:\/\/)(?:([^@/]*)@)?([^/?]*)(\/[^?]*)?(?:\?(.*))?$/;

export function parseHostList(url: string): HostList | undefined {
  const m = URL_PATTERN.exec(url);
  if (!m) return undefined;
  const [, scheme, auth, hostPart = '', dbPath = '', query = ''] = m;
  const params = new URLSearchParams(query);
  const attrs = params.get('target_session_attrs');
  if (!hostPart.includes(',') && !attrs) return undefined;
  const hosts = hostPart.split(',').map((entry): DbHost => {
    // [::1]:5432, host:5432 or host alone
    const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (v6) return { host: v6[1]!, port: Number(v6[2] ?? 5432) };
    const [host = '', port] = entry.split(':');
    return { host, port: Number(port ?? 5432) };
  });
  if (hosts.some((h) => !h.host || !Number.isInteger(h.port) || h.port <= 0)) {
    throw new Error(`The database URL names a host without a usable address or port: ${hostPart}`);
  }
  if (attrs && !['read-write', 'primary', 'any'].includes(attrs)) {
    throw new Error(`target_session_attrs=${attrs} is not supported (read-write, primary or any)`);
  }
  params.delete('target_session_attrs');
  const rest = params.toString();
  return {
    hosts,
    readWrite: attrs === 'read-write' || attrs === 'primary',
    urlFor: (h) => `${scheme}${auth !== undefined ? `${auth}@` : ''}${h.host.includes(':') ? `[${h.host}]` : h.host}:${h.port}${dbPath}${rest ? `?${rest}` : ''}`,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Which host new connections go to, and the search for a new one when it fails. */
export class PrimaryTracker {
  private index = 0;
  private search: Promise<void> | undefined;
  private closed = false;
  /** Called when the search settles on a host (for the log). */
  onFound: (host: DbHost) => void = () => {};

  constructor(
    readonly list: HostList,
    private readonly probeTimeoutMs = 1000,
    private readonly searchMs = 60_000,
  ) {}

  get current(): DbHost {
    return this.list.hosts[this.index]!;
  }

  /** Whether a session on a host takes writes (libpq's test for target_session_attrs=read-write). */
  static async takesWrites(client: pg.ClientBase): Promise<boolean> {
    const r = await client.query<{ transaction_read_only: string }>('SHOW transaction_read_only');
    return r.rows[0]?.transaction_read_only === 'off';
  }

  /** A connection to `host` failed or found a standby: look for the one that takes writes. */
  lost(host: DbHost): void {
    if (this.closed || host !== this.current || this.search || this.list.hosts.length === 1) return;
    this.search = this.find().finally(() => {
      this.search = undefined;
    });
  }

  /** Resolves when no search is running (for tests and for a caller that wants to wait). */
  async settled(): Promise<void> {
    await this.search;
  }

  close(): void {
    this.closed = true;
  }

  private async find(): Promise<void> {
    const end = Date.now() + this.searchMs;
    let from = this.index;
    while (!this.closed && Date.now() < end) {
      for (let step = 1; step <= this.list.hosts.length; step++) {
        const i = (from + step) % this.list.hosts.length;
        if (await this.probe(this.list.hosts[i]!)) {
          this.index = i;
          this.onFound(this.list.hosts[i]!);
          return;
        }
      }
      from = this.index;
      await sleep(250);
    }
  }

  private async probe(host: DbHost): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.list.urlFor(host), connectionTimeoutMillis: this.probeTimeoutMs, application_name: 'gridhall-probe' });
    client.on('error', () => {});
    try {
      await client.connect();
      return this.list.readWrite ? await PrimaryTracker.takesWrites(client) : true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  }
}

/** The error a read-only session gives: a connection error to the driver (503, try again). */
export function readOnlyHostError(host: DbHost): Error {
  // 08001: sqlclient_unable_to_establish_sqlconnection, what libpq reports when no host qualifies.
  return Object.assign(new Error(`${host.host}:${host.port} is read-only (a standby): looking for the primary`), { code: '08001' });
}

/**
 * Pool options for a libpq-style multi-host URL: a client class that connects to the tracked host
 * and an onConnect check that the session takes writes. Undefined for a one-host URL.
 */
export function readWritePoolOptions(url: string): { tracker: PrimaryTracker; Client: typeof pg.Client; onConnect: (client: pg.ClientBase) => Promise<void> } | undefined {
  const list = parseHostList(url);
  if (!list) return undefined;
  const tracker = new PrimaryTracker(list);
  const hostOf = new WeakMap<pg.ClientBase, DbHost>();

  class TrackedClient extends pg.Client {
    constructor(config: pg.ClientConfig = {}) {
      const host = tracker.current;
      super({ ...config, connectionString: list!.urlFor(host) });
      hostOf.set(this, host);
    }

    override connect(): Promise<pg.Client>;
    override connect(callback: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): void;
    override connect(callback?: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): Promise<pg.Client> | void {
      const host = hostOf.get(this)!;
      const connected = super.connect().catch((error: unknown) => {
        tracker.lost(host);
        throw error;
      });
      if (!callback) return connected;
      // pg-pool passes a callback: (err) on failure, (null, client) on success.
      const done = callback as (err: Error | null, c?: pg.Client) => void;
      connected.then((c) => done(null, c), (error: Error) => done(error));
    }
  }

  return {
    tracker,
    Client: TrackedClient,
    onConnect: async (client) => {
      if (!list.readWrite) return;
      const host = hostOf.get(client) ?? tracker.current;
      let writes = false;
      try {
        writes = await PrimaryTracker.takesWrites(client);
      } catch (error) {
        tracker.lost(host);
        throw error;
      }
      if (!writes) {
        tracker.lost(host);
        throw readOnlyHostError(host);
      }
    },
  };
}
