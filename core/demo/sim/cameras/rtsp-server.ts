// A small RTSP server for the simulated cameras: RTSP 1.0 over TCP with RTP interleaved on
// the same connection (RFC 2326 §10.12), bound to 127.0.0.1. Encoders (ffmpeg) publish into
// it with ANNOUNCE/SETUP/RECORD; players (our relay, VLC, ffplay, any ONVIF client) read with
// DESCRIBE/SETUP/PLAY. It keeps the packets of the current GOP so a new player starts at a
// keyframe at once, starts a path's encoder on demand and stops it when nobody reads it.
// No npm RTSP server speaks RTSP over TCP and binds loopback only, hence this one.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { DigestRealm } from './digest.js';

export const PUBLISHER_USER = 'publisher';
const MAX_REQUEST_BYTES = 64 * 1024;
const MAX_GOP_BYTES = 8 * 1024 * 1024;
/** A player further behind than this (bytes queued in its socket) skips to the next keyframe. */
const MAX_READER_BACKLOG = 2 * 1024 * 1024;

export interface RtspServerOptions {
  port?: number;
  /** The secret publishers (our encoders) authenticate with, as user "publisher". */
  publishKey: string;
  /** The password of a player's user name on a path (undefined: refused). Undefined function: no auth. */
  passwordOf?: (path: string, username: string) => string | undefined;
  /**
   * A player wants a path nobody publishes: start its encoder. False when the path is unknown
   * (404); 'unavailable' when it exists but has no picture now (503).
   */
  demand(path: string): boolean | 'unavailable';
  /** Nobody has read the path for idleGraceMs: stop its encoder. */
  idle(path: string): void;
  idleGraceMs?: number;
  /** How long DESCRIBE waits for an on-demand encoder. */
  startTimeoutMs?: number;
}

interface RtspRequest {
  method: string;
  url: string;
  headers: Map<string, string>;
  body: Buffer;
}

interface Track {
  control: string;
  video: boolean;
  /** The RTP payload's encoding name from a=rtpmap (H264, H265), upper case; '' when not said. */
  encoding: string;
}

/** Parses the media sections of an SDP: one track per m= line, with its control attribute and encoding. */
export function sdpTracks(sdp: string): Track[] {
  const tracks: Track[] = [];
  for (const line of sdp.split(/\r?\n/)) {
    const last = tracks[tracks.length - 1];
    if (line.startsWith('m=')) tracks.push({ control: `streamid=${tracks.length}`, video: line.startsWith('m=video'), encoding: '' });
    else if (line.startsWith('a=control:') && last) last.control = line.slice(10).trim();
    else if (line.startsWith('a=rtpmap:') && last) last.encoding = (/^a=rtpmap:\d+\s+([^/\s]+)/.exec(line)?.[1] ?? '').toUpperCase();
  }
  return tracks;
}

/**
 * Whether an RTP packet carries (part of) a keyframe or the parameter sets before one.
 * H.264 (RFC 6184): single NAL unit 5/7/8, a STAP-A holding one, or the first fragment of an
 * FU-A of one. H.265 (RFC 7798, two-byte NAL headers): a random access point (16–21) or
 * VPS/SPS/PPS (32–34), alone, in an aggregation packet (48) or starting a fragmentation unit (49).
 */
export function rtpStartsKeyframe(rtp: Buffer, hevc = false): boolean {
  if (rtp.length < 13) return false;
  const csrc = rtp[0]! & 0x0f;
  const extension = (rtp[0]! & 0x10) !== 0;
  let offset = 12 + csrc * 4;
  if (extension) {
    if (rtp.length < offset + 4) return false;
    offset += 4 + rtp.readUInt16BE(offset + 2) * 4;
  }
  if (rtp.length <= offset) return false;
  if (hevc) {
    const hevcKey = (t: number) => (t >= 16 && t <= 21) || (t >= 32 && t <= 34);
    const type = (rtp[offset]! >> 1) & 0x3f;
    if (hevcKey(type)) return true;
    if (type === 48) {
      // AP: [size16][NAL with its 2-byte header]...
      for (let p = offset + 2; p + 2 < rtp.length; ) {
        const size = rtp.readUInt16BE(p);
        if (hevcKey((rtp[p + 2]! >> 1) & 0x3f)) return true;
        p += 2 + size;
      }
      return false;
    }
    if (type === 49 && rtp.length > offset + 2) return (rtp[offset + 2]! & 0x80) !== 0 && hevcKey(rtp[offset + 2]! & 0x3f);
    return false;
  }
  const keyType = (t: number) => t === 5 || t === 7 || t === 8;
  const type = rtp[offset]! & 0x1f;
  if (keyType(type)) return true;
  if (type === 24) {
    // STAP-A: [size16][NAL]...
    for (let p = offset + 1; p + 2 < rtp.length; ) {
      const size = rtp.readUInt16BE(p);
      if (keyType(rtp[p + 2]! & 0x1f)) return true;
      p += 2 + size;
    }
    return false;
  }
  if (type === 28 && rtp.length > offset + 1) return (rtp[offset + 1]! & 0x80) !== 0 && keyType(rtp[offset + 1]! & 0x1f);
  return false;
}

class Reader {
  /** Interleaved channel of track i's RTP (its RTCP is +1); undefined when not set up. */
  readonly channels: (number | undefined)[] = [];
  playing = false;
  /** Fell behind: waits for the next keyframe. */
  lagging = false;
  constructor(readonly conn: Connection) {}
}

class StreamPath {
  publisher: Connection | null = null;
  sdp = '';
  tracks: Track[] = [];
  /** Publisher channel → [track, isRtcp]. */
  readonly publisherChannels = new Map<number, [number, boolean]>();
  recording = false;
  readonly readers = new Set<Reader>();
  /** Packets (track, rtcp, payload) of the current GOP of the video track. */
  gop: { track: number; payload: Buffer }[] = [];
  gopBytes = 0;
  private auTimestamp = -1;
  private auStart = 0;
  private auHasKey = false;
  readonly waiters: ((ok: boolean) => void)[] = [];
  idleTimer: NodeJS.Timeout | null = null;

  constructor(readonly path: string) {}

  ready(): boolean {
    return this.publisher !== null && this.recording;
  }

  /** Keeps the packets since the last keyframe's first packet; returns true when this one starts a GOP. */
  remember(track: number, payload: Buffer): boolean {
    const info = this.tracks[track];
    const video = info?.video ?? false;
    if (!video) {
      if (this.gop.length > 0) this.gop.push({ track, payload });
      return false;
    }
    const timestamp = payload.length >= 8 ? payload.readUInt32BE(4) : -1;
    if (timestamp !== this.auTimestamp) {
      this.auTimestamp = timestamp;
      this.auStart = this.gop.length;
      this.auHasKey = false;
    }
    let started = false;
    if (!this.auHasKey && rtpStartsKeyframe(payload, info!.encoding === 'H265')) {
      this.auHasKey = true;
      this.gop = this.gop.slice(this.auStart);
      this.gopBytes = this.gop.reduce((n, p) => n + p.payload.length, 0);
      this.auStart = 0;
      started = true;
    }
    if (this.gop.length > 0 || started) {
      this.gop.push({ track, payload });
      this.gopBytes += payload.length;
      if (this.gopBytes > MAX_GOP_BYTES) this.clearGop();
    }
    return started;
  }

  clearGop(): void {
    this.gop = [];
    this.gopBytes = 0;
    this.auStart = 0;
    this.auTimestamp = -1;
    this.auHasKey = false;
  }
}

function interleaved(channel: number, payload: Buffer): Buffer {
  const header = Buffer.allocUnsafe(4);
  header[0] = 0x24;
  header[1] = channel;
  header.writeUInt16BE(payload.length, 2);
  return header;
}

/** One TCP connection: RTSP requests and interleaved binary packets, in either direction. */
class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  readonly session = randomBytes(8).toString('hex');
  path: StreamPath | null = null;
  role: 'none' | 'publisher' | 'reader' = 'none';
  reader: Reader | null = null;

  constructor(
    readonly socket: net.Socket,
    private readonly onRequest: (conn: Connection, req: RtspRequest) => void,
    private readonly onPacket: (conn: Connection, channel: number, payload: Buffer) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.feed(chunk));
  }

  private feed(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length === 0) return;
      if (this.buffer[0] === 0x24) {
        if (this.buffer.length < 4) return;
        const length = this.buffer.readUInt16BE(2);
        if (this.buffer.length < 4 + length) return;
        const channel = this.buffer[1]!;
        const payload = Buffer.from(this.buffer.subarray(4, 4 + length));
        this.buffer = this.buffer.subarray(4 + length);
        this.onPacket(this, channel, payload);
        continue;
      }
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) {
        if (this.buffer.length > MAX_REQUEST_BYTES) this.socket.destroy();
        return;
      }
      const lines = this.buffer.subarray(0, end).toString('utf8').split('\r\n');
      const [method = '', url = ''] = lines[0]!.split(' ');
      const headers = new Map<string, string>();
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      const bodyLength = Number(headers.get('content-length') ?? 0);
      if (!Number.isFinite(bodyLength) || bodyLength > MAX_REQUEST_BYTES) {
        this.socket.destroy();
        return;
      }
      if (this.buffer.length < end + 4 + bodyLength) return;
      const body = Buffer.from(this.buffer.subarray(end + 4, end + 4 + bodyLength));
      this.buffer = this.buffer.subarray(end + 4 + bodyLength);
      this.onRequest(this, { method, url, headers, body });
    }
  }

  reply(req: RtspRequest, status: number, reason: string, headers: Record<string, string> = {}, body = ''): void {
    if (this.socket.destroyed) return;
    const lines = [`RTSP/1.0 ${status} ${reason}`, `CSeq: ${req.headers.get('cseq') ?? '0'}`, 'Server: Gridhall-SimCam'];
    for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
    if (body) lines.push('Content-Type: application/sdp', `Content-Length: ${Buffer.byteLength(body)}`);
    this.socket.write(lines.join('\r\n') + '\r\n\r\n' + body);
  }
}

export class RtspServer {
  private readonly server: net.Server;
  private readonly paths = new Map<string, StreamPath>();
  private readonly connections = new Set<Connection>();
  private readonly realm = new DigestRealm('Gridhall-SimCam');
  private boundPort = 0;

  constructor(private readonly options: RtspServerOptions) {
    this.server = net.createServer((socket) => {
      const conn = new Connection(
        socket,
        (c, req) => this.handle(c, req),
        (c, channel, payload) => this.packet(c, channel, payload),
      );
      this.connections.add(conn);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => this.dropConnection(conn));
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.boundPort = (this.server.address() as net.AddressInfo).port;
    return this.boundPort;
  }

  get port(): number {
    return this.boundPort;
  }

  url(path: string): string {
    return `rtsp://127.0.0.1:${this.boundPort}${path}`;
  }

  /** The URL an encoder publishes a path to (with the publisher's credentials). */
  publishUrl(path: string): string {
    return `rtsp://${PUBLISHER_USER}:${this.options.publishKey}@127.0.0.1:${this.boundPort}${path}`;
  }

  /** Players of a path, for tests and the simulator's own accounting. */
  readerCount(path: string): number {
    return this.paths.get(path)?.readers.size ?? 0;
  }

  isPublished(path: string): boolean {
    return this.paths.get(path)?.ready() ?? false;
  }

  /** Ends a path's publisher and readers (a camera losing its encoder). */
  dropPath(path: string): void {
    const stream = this.paths.get(path);
    if (!stream) return;
    stream.publisher?.socket.destroy();
    for (const reader of stream.readers) reader.conn.socket.destroy();
  }

  async close(): Promise<void> {
    for (const conn of this.connections) conn.socket.destroy();
    for (const stream of this.paths.values()) if (stream.idleTimer) clearTimeout(stream.idleTimer);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private streamOf(path: string): StreamPath {
    let stream = this.paths.get(path);
    if (!stream) this.paths.set(path, (stream = new StreamPath(path)));
    return stream;
  }

  /** `rtsp://host:port/a/b/streamid=0?x` → { path: '/a/b', control: 'streamid=0' } for known paths. */
  private locate(url: string): { path: string; control: string | undefined } {
    let pathname: string;
    try {
      pathname = decodeURI(new URL(url).pathname);
    } catch {
      pathname = '/';
    }
    pathname = pathname.replace(/\/+$/, '') || '/';
    if (this.paths.has(pathname) && this.paths.get(pathname)!.tracks.length > 0) return { path: pathname, control: undefined };
    const slash = pathname.lastIndexOf('/');
    const parent = pathname.slice(0, slash) || '/';
    if (this.paths.has(parent)) return { path: parent, control: pathname.slice(slash + 1) };
    return { path: pathname, control: undefined };
  }

  private authenticate(conn: Connection, req: RtspRequest, path: string, publisher: boolean): boolean {
    const passwordOf = publisher
      ? (user: string) => (user === PUBLISHER_USER ? this.options.publishKey : undefined)
      : this.options.passwordOf && ((user: string) => this.options.passwordOf!(path, user));
    if (!passwordOf) return true;
    if (this.realm.verify(req.headers.get('authorization'), req.method, passwordOf)) return true;
    conn.reply(req, 401, 'Unauthorized', { 'WWW-Authenticate': this.realm.challenge() });
    return false;
  }

  private handle(conn: Connection, req: RtspRequest): void {
    switch (req.method) {
      case 'OPTIONS':
        conn.reply(req, 200, 'OK', { Public: 'OPTIONS, DESCRIBE, ANNOUNCE, SETUP, PLAY, RECORD, TEARDOWN, GET_PARAMETER, SET_PARAMETER' });
        return;
      case 'GET_PARAMETER':
      case 'SET_PARAMETER':
        conn.reply(req, 200, 'OK', { Session: conn.session });
        return;
      case 'ANNOUNCE':
        this.announce(conn, req);
        return;
      case 'DESCRIBE':
        void this.describe(conn, req);
        return;
      case 'SETUP':
        this.setup(conn, req);
        return;
      case 'RECORD':
        this.record(conn, req);
        return;
      case 'PLAY':
        this.play(conn, req);
        return;
      case 'PAUSE':
        if (conn.reader) conn.reader.playing = false;
        conn.reply(req, 200, 'OK', { Session: conn.session });
        return;
      case 'TEARDOWN':
        conn.reply(req, 200, 'OK', { Session: conn.session });
        conn.socket.end();
        return;
      default:
        conn.reply(req, 501, 'Not Implemented');
    }
  }

  private announce(conn: Connection, req: RtspRequest): void {
    const { path } = this.locate(req.url);
    if (!this.authenticate(conn, req, path, true)) return;
    const sdp = req.body.toString('utf8');
    const tracks = sdpTracks(sdp);
    if (tracks.length === 0) {
      conn.reply(req, 400, 'Bad Request');
      return;
    }
    const stream = this.streamOf(path);
    // A new encoder replaces a stale one.
    if (stream.publisher && stream.publisher !== conn) stream.publisher.socket.destroy();
    stream.publisher = conn;
    stream.sdp = sdp;
    stream.tracks = tracks;
    stream.recording = false;
    stream.publisherChannels.clear();
    stream.clearGop();
    conn.role = 'publisher';
    conn.path = stream;
    conn.reply(req, 200, 'OK', { Session: conn.session });
  }

  private async describe(conn: Connection, req: RtspRequest): Promise<void> {
    const { path } = this.locate(req.url);
    if (!this.authenticate(conn, req, path, false)) return;
    let stream = this.paths.get(path);
    if (!stream?.ready()) {
      const demand = this.options.demand(path);
      if (demand !== true) {
        if (demand === 'unavailable') conn.reply(req, 503, 'Service Unavailable');
        else conn.reply(req, 404, 'Not Found');
        return;
      }
      stream = this.streamOf(path);
      this.cancelIdle(stream);
      const ok = await this.waitReady(stream);
      if (!ok) {
        conn.reply(req, 503, 'Service Unavailable');
        this.scheduleIdle(stream);
        return;
      }
    }
    const base = `rtsp://127.0.0.1:${this.boundPort}${path}/`;
    conn.reply(req, 200, 'OK', { 'Content-Base': base }, stream.sdp);
    // A player that asks and leaves without playing still lets the encoder stop later.
    if (stream.readers.size === 0) this.scheduleIdle(stream);
  }

  private waitReady(stream: StreamPath): Promise<boolean> {
    if (stream.ready()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const i = stream.waiters.indexOf(done);
        if (i >= 0) stream.waiters.splice(i, 1);
        resolve(false);
      }, this.options.startTimeoutMs ?? 8000);
      const done = (ok: boolean) => {
        clearTimeout(timer);
        resolve(ok);
      };
      stream.waiters.push(done);
    });
  }

  private setup(conn: Connection, req: RtspRequest): void {
    const { path, control } = this.locate(req.url);
    const transport = req.headers.get('transport') ?? '';
    const record = /mode="?record"?/i.test(transport);
    if (!this.authenticate(conn, req, path, record)) return;
    const stream = this.paths.get(path);
    if (!stream || stream.tracks.length === 0) {
      conn.reply(req, 404, 'Not Found');
      return;
    }
    let track = stream.tracks.findIndex((t) => t.control === control || req.url.endsWith('/' + t.control) || req.url === t.control);
    if (track < 0 && stream.tracks.length === 1) track = 0;
    if (track < 0) {
      conn.reply(req, 404, 'Not Found');
      return;
    }
    const channels = /interleaved=(\d+)(?:-(\d+))?/.exec(transport);
    if (!/RTP\/AVP\/TCP/i.test(transport) || !channels) {
      // UDP is not offered: RTP rides on the RTSP connection (clients then retry over TCP).
      conn.reply(req, 461, 'Unsupported Transport');
      return;
    }
    const rtp = Number(channels[1]);
    const rtcp = channels[2] === undefined ? rtp + 1 : Number(channels[2]);
    if (record) {
      if (stream.publisher !== conn) {
        conn.reply(req, 455, 'Method Not Valid in This State');
        return;
      }
      stream.publisherChannels.set(rtp, [track, false]);
      stream.publisherChannels.set(rtcp, [track, true]);
    } else {
      if (!conn.reader) {
        conn.reader = new Reader(conn);
        conn.role = 'reader';
        conn.path = stream;
        stream.readers.add(conn.reader);
        this.cancelIdle(stream);
      }
      conn.reader.channels[track] = rtp;
    }
    conn.reply(req, 200, 'OK', {
      Transport: `RTP/AVP/TCP;unicast;interleaved=${rtp}-${rtcp}${record ? ';mode=record' : ''}`,
      Session: `${conn.session};timeout=60`,
    });
  }

  private record(conn: Connection, req: RtspRequest): void {
    const stream = conn.path;
    if (!stream || stream.publisher !== conn) {
      conn.reply(req, 455, 'Method Not Valid in This State');
      return;
    }
    stream.recording = true;
    conn.reply(req, 200, 'OK', { Session: conn.session });
    for (const waiter of stream.waiters.splice(0)) waiter(true);
  }

  private play(conn: Connection, req: RtspRequest): void {
    const reader = conn.reader;
    const stream = conn.path;
    if (!reader || !stream) {
      conn.reply(req, 455, 'Method Not Valid in This State');
      return;
    }
    if (!stream.ready()) {
      conn.reply(req, 503, 'Service Unavailable');
      return;
    }
    conn.reply(req, 200, 'OK', { Session: conn.session, Range: 'npt=0.000-' });
    reader.playing = true;
    // The current GOP first: the player decodes from a keyframe at once.
    for (const packet of stream.gop) this.send(reader, packet.track, false, packet.payload);
  }

  private send(reader: Reader, track: number, rtcp: boolean, payload: Buffer): void {
    const channel = reader.channels[track];
    if (channel === undefined) return;
    const socket = reader.conn.socket;
    const ch = rtcp ? channel + 1 : channel;
    socket.write(interleaved(ch, payload));
    socket.write(payload);
  }

  private packet(conn: Connection, channel: number, payload: Buffer): void {
    const stream = conn.path;
    if (conn.role !== 'publisher' || !stream || stream.publisher !== conn) return; // players' RTCP reports: ignored
    const mapped = stream.publisherChannels.get(channel);
    if (!mapped) return;
    const [track, rtcp] = mapped;
    const keyStart = rtcp ? false : stream.remember(track, payload);
    for (const reader of stream.readers) {
      if (!reader.playing) continue;
      if (reader.lagging) {
        if (!keyStart || reader.conn.socket.writableLength > MAX_READER_BACKLOG / 2) continue;
        reader.lagging = false;
      } else if (reader.conn.socket.writableLength > MAX_READER_BACKLOG) {
        reader.lagging = true;
        continue;
      }
      this.send(reader, track, rtcp, payload);
    }
  }

  private dropConnection(conn: Connection): void {
    this.connections.delete(conn);
    const stream = conn.path;
    if (!stream) return;
    if (conn.role === 'publisher' && stream.publisher === conn) {
      stream.publisher = null;
      stream.recording = false;
      stream.clearGop();
      // Players lose the picture with the source, as with a real camera's encoder restart.
      for (const reader of stream.readers) reader.conn.socket.destroy();
    }
    if (conn.reader) {
      stream.readers.delete(conn.reader);
      if (stream.readers.size === 0) this.scheduleIdle(stream);
    }
  }

  private cancelIdle(stream: StreamPath): void {
    if (stream.idleTimer) clearTimeout(stream.idleTimer);
    stream.idleTimer = null;
  }

  private scheduleIdle(stream: StreamPath): void {
    this.cancelIdle(stream);
    stream.idleTimer = setTimeout(() => {
      stream.idleTimer = null;
      if (stream.readers.size === 0) this.options.idle(stream.path);
    }, this.options.idleGraceMs ?? 5000);
    stream.idleTimer.unref();
  }
}
