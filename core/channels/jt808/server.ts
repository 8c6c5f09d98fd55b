// The JT/T 808 door for vehicle terminals: a TCP server (loopback unless the operator opens
// the LAN) beside the HTTP ingest. Each connection is one terminal: it registers (0x0100 →
// 0x8100 with an auth code), authenticates (0x0102), then sends heartbeats (0x0002) and
// locations (0x0200, batches 0x0704); the platform answers with 0x8001. A frame that cannot be
// read is answered "消息有误" when its header can be read, dropped when not; an unknown
// message id is answered "不支持". Nothing a terminal sends can stop the server.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../runtime/log.js';
import {
  BodyError,
  decodeAuthentication,
  decodeFrame,
  decodeLocation,
  decodeLocationBatch,
  decodeRegistration,
  encodeFrame,
  encodeGeneralResponse,
  encodeRegisterResponse,
  FrameSplitter,
  MSG,
  RESULT,
  type Frame,
  type Header,
} from './codec.js';
import type { MuckTruckService } from './service.js';
import type { MuckTruckRow } from './store.js';

/** A terminal that says nothing (not even a heartbeat) for this long is disconnected. */
const IDLE_MS = 5 * 60_000;
/** A split message may have at most this many packets, and they must all arrive within a minute. */
const MAX_PACKETS = 64;
const PACKETS_WITHIN_MS = 60_000;

export interface Jt808Stats {
  connections: number;
  frames: number;
  dropped: number;
  answeredError: number;
  notSupported: number;
  locations: number;
}

export interface RunningJt808 {
  port: number;
  url: string;
  stats: Jt808Stats;
  close(): Promise<void>;
}

interface Session {
  socket: Socket;
  truck: MuckTruckRow | undefined;
  phone: string | undefined;
  serial: number;
  packets: Map<string, { total: number; parts: Map<number, Buffer>; started: number; last: Header }>;
}

export async function startJt808Server(options: { host: string; port: number; trucks: MuckTruckService; log: Logger }): Promise<RunningJt808> {
  const { trucks, log } = options;
  const stats: Jt808Stats = { connections: 0, frames: 0, dropped: 0, answeredError: 0, notSupported: 0, locations: 0 };
  const sockets = new Set<Socket>();

  const send = (s: Session, to: Header, msgId: number, body: Buffer) => {
    if (s.socket.destroyed) return;
    s.socket.write(encodeFrame({ msgId, phone: to.phone, serial: s.serial++ & 0xffff, version2019: to.version2019 }, body));
  };
  const answer = (s: Session, h: Header, result: number) => send(s, h, MSG.platformResponse, encodeGeneralResponse(h.serial, h.msgId, result));

  const handle = async (s: Session, frame: Frame) => {
    const h = frame.header;
    if (h.encryption !== 0) {
      stats.notSupported++;
      return answer(s, h, RESULT.notSupported); // RSA (bit 10) is not offered
    }
    const authed = s.truck !== undefined && s.phone === h.phone;
    switch (h.msgId) {
      case MSG.register: {
        const r = await trucks.register(h.phone, decodeRegistration(frame.body, h.version2019));
        send(s, h, MSG.registerResponse, encodeRegisterResponse(h.serial, r.result, r.authCode));
        return;
      }
      case MSG.authenticate: {
        const a = decodeAuthentication(frame.body, h.version2019);
        const truck = await trucks.authenticate(h.phone, a.authCode);
        if (truck) {
          s.truck = truck;
          s.phone = h.phone;
        }
        return answer(s, h, truck ? RESULT.success : RESULT.failure);
      }
      case MSG.heartbeat:
        return answer(s, h, authed ? RESULT.success : RESULT.failure);
      case MSG.location:
      case MSG.locationBatch: {
        if (!authed) return answer(s, h, RESULT.failure);
        const items = h.msgId === MSG.location ? [decodeLocation(frame.body)] : decodeLocationBatch(frame.body).items;
        stats.locations += await trucks.report(s.truck!, items);
        return answer(s, h, RESULT.success);
      }
      case MSG.terminalResponse:
        return; // the terminal acknowledges something the platform sent: nothing to answer
      default:
        stats.notSupported++;
        return answer(s, h, RESULT.notSupported);
    }
  };

  /** A packet of a split message; the whole message once every packet is in. */
  const reassemble = (s: Session, frame: Frame): Frame | undefined => {
    const h = frame.header;
    const { total, index } = h.packet!;
    if (total < 1 || total > MAX_PACKETS || index < 1 || index > total) {
      stats.answeredError++;
      answer(s, h, RESULT.messageError);
      return undefined;
    }
    const now = Date.now();
    for (const [key, p] of s.packets) if (now - p.started > PACKETS_WITHIN_MS) s.packets.delete(key);
    const key = `${h.msgId}|${total}`;
    const entry = s.packets.get(key) ?? { total, parts: new Map<number, Buffer>(), started: now, last: h };
    entry.parts.set(index, frame.body);
    entry.last = h;
    s.packets.set(key, entry);
    if (entry.parts.size < total) {
      answer(s, h, RESULT.success);
      return undefined;
    }
    s.packets.delete(key);
    const body = Buffer.concat(Array.from({ length: total }, (_, k) => entry.parts.get(k + 1)!));
    return { header: { ...h, packet: undefined, bodyLength: body.length }, body };
  };

  const onWire = async (s: Session, wire: Buffer) => {
    stats.frames++;
    const decoded = decodeFrame(wire);
    if (!decoded.ok) {
      const header = 'header' in decoded.error ? decoded.error.header : undefined;
      if (header) {
        stats.answeredError++;
        answer(s, header, RESULT.messageError);
      } else stats.dropped++;
      log.debug({ reason: decoded.error.message }, 'jt808: frame refused');
      return;
    }
    try {
      const frame = decoded.frame.header.packet ? reassemble(s, decoded.frame) : decoded.frame;
      if (frame) await handle(s, frame);
    } catch (error) {
      if (error instanceof BodyError) {
        stats.answeredError++;
        answer(s, decoded.frame.header, RESULT.messageError);
        return;
      }
      log.error({ err: error }, 'jt808: handling a message failed');
      answer(s, decoded.frame.header, RESULT.failure);
    }
  };

  const server: Server = createServer((socket) => {
    stats.connections++;
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.setTimeout(IDLE_MS, () => socket.destroy());
    const session: Session = { socket, truck: undefined, phone: undefined, serial: 0, packets: new Map() };
    const splitter = new FrameSplitter();
    let queue: Promise<void> = Promise.resolve();
    socket.on('data', (data: Buffer) => {
      const before = splitter.oversized;
      // One terminal's frames are handled in the order they came (the store is asynchronous:
      // a location must not overtake the authentication before it).
      splitter.push(data, (wire) => {
        queue = queue.then(async () => await onWire(session, wire)).catch((error: unknown) => log.error({ err: error }, 'jt808: handling a frame failed'));
      });
      stats.dropped += splitter.oversized - before;
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.error({ err: error }, 'jt808: server error'));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `tcp://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
