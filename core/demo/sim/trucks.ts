// Simulated muck-truck terminals that speak JT/T 808-2019 over TCP like a real one: register
// (0x0100), authenticate with the code they were given (0x0102), heartbeat (0x0002), report
// positions (0x0200) and now and then a batch (0x0704), every frame escaped and checked. The
// demo's trucks drive their permit corridors from site to site and back; one of them strays
// from its corridor now and then, so the wall has an alarm to show.
import { connect, type Socket } from 'node:net';
import { localFrame } from '../../base/geo/index.js';
import {
  decodeFrame,
  decodeGeneralResponse,
  decodeRegisterResponse,
  encodeAuthentication,
  encodeFrame,
  encodeLocation,
  encodeLocationBatch,
  encodeRegistration,
  FrameSplitter,
  MSG,
  STATUS,
  type Frame,
  type Location,
} from '../../channels/jt808/index.js';
import type { CountyContext } from '../../server/context.js';

export interface TerminalOptions {
  host: string;
  port: number;
  /** 终端手机号 (up to 20 digits). */
  phone: string;
  plate: string;
  plateColor?: number;
  terminalId?: string;
  /** How long to wait for the platform's answer. */
  timeoutMs?: number;
}

/** One terminal on one TCP connection. */
export class Jt808Terminal {
  private socket: Socket | undefined;
  private serial = 0;
  private readonly waiting = new Map<number, { msgId: number; resolve: (f: Frame) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  /** Every frame the platform sent, in order (tests read it). */
  readonly received: Frame[] = [];
  authCode: string | null = null;

  constructor(readonly options: TerminalOptions) {}

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.options.host, port: this.options.port }, () => resolve());
      socket.setNoDelay(true);
      const splitter = new FrameSplitter();
      socket.on('data', (data: Buffer) =>
        splitter.push(data, (wire) => {
          const d = decodeFrame(wire);
          if (!d.ok) return;
          this.received.push(d.frame);
          // An answer names the serial (and, for 0x8001, the message id) it answers.
          const h = d.frame.header.msgId;
          const general = h === MSG.platformResponse ? decodeGeneralResponse(d.frame.body) : undefined;
          const reply = h === MSG.registerResponse ? { replySerial: decodeRegisterResponse(d.frame.body).replySerial, replyId: MSG.register } : general;
          const w = reply === undefined ? undefined : this.waiting.get(reply.replySerial);
          if (w && reply !== undefined && w.msgId === reply.replyId) {
            clearTimeout(w.timer);
            this.waiting.delete(reply.replySerial);
            w.resolve(d.frame);
          }
        }),
      );
      socket.once('error', reject);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        for (const w of this.waiting.values()) {
          clearTimeout(w.timer);
          w.reject(new Error('the platform closed the connection'));
        }
        this.waiting.clear();
      });
      this.socket = socket;
    });
  }

  get connected(): boolean {
    return this.socket !== undefined && !this.socket.destroyed;
  }

  /** Sends a message and waits for the platform's answer to its serial. */
  request(msgId: number, body: Buffer = Buffer.alloc(0)): Promise<Frame> {
    const serial = this.serial++ & 0xffff;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(serial);
        reject(new Error(`no answer to message 0x${msgId.toString(16).padStart(4, '0')} #${serial}`));
      }, this.options.timeoutMs ?? 5000);
      this.waiting.set(serial, { msgId, resolve, reject, timer });
      this.socket!.write(encodeFrame({ msgId, phone: this.options.phone, serial }, body));
    });
  }

  /** Sends without waiting (the benchmark pipelines its reports). */
  post(msgId: number, body: Buffer): void {
    this.socket!.write(encodeFrame({ msgId, phone: this.options.phone, serial: this.serial++ & 0xffff }, body));
  }

  /** Raw bytes, for tests of what the platform does with broken frames. */
  sendRaw(bytes: Buffer): void {
    this.socket!.write(bytes);
  }

  async register(): Promise<{ result: number; authCode: string | null }> {
    const frame = await this.request(
      MSG.register,
      encodeRegistration({ province: 36, city: 1100, maker: 'GRIDHALL', model: 'GH-SIM-808', terminalId: this.options.terminalId ?? this.options.phone.slice(-7), plateColor: this.options.plateColor ?? 2, plate: this.options.plate }),
    );
    const answer = decodeRegisterResponse(frame.body);
    if (answer.authCode) this.authCode = answer.authCode;
    return { result: answer.result, authCode: answer.authCode };
  }

  async authenticate(code = this.authCode ?? ''): Promise<number> {
    const frame = await this.request(MSG.authenticate, encodeAuthentication({ authCode: code, imei: `86${this.options.phone.slice(-13)}`, software: 'GH-SIM 1.0' }));
    return decodeGeneralResponse(frame.body).result;
  }

  async heartbeat(): Promise<number> {
    return decodeGeneralResponse((await this.request(MSG.heartbeat)).body).result;
  }

  async location(l: Location): Promise<number> {
    return decodeGeneralResponse((await this.request(MSG.location, encodeLocation(l))).body).result;
  }

  async batch(items: Location[], blindArea = false): Promise<number> {
    return decodeGeneralResponse((await this.request(MSG.locationBatch, encodeLocationBatch(items, blindArea))).body).result;
  }

  close(): void {
    this.socket?.end();
    this.socket?.destroy();
  }
}

/** A position along a polyline, `along` metres from its start, with the heading there. */
export function alongLine(line: readonly [number, number][], along: number): { lon: number; lat: number; headingDeg: number; length: number } {
  const f = localFrame(line[0]![0], line[0]![1]);
  const pts = line.map(([lon, lat]) => [f.x(lon), f.y(lat)] as const);
  let total = 0;
  for (let k = 1; k < pts.length; k++) total += Math.hypot(pts[k]![0] - pts[k - 1]![0], pts[k]![1] - pts[k - 1]![1]);
  let left = Math.max(0, Math.min(total, along));
  for (let k = 1; k < pts.length; k++) {
    const [ax, ay] = pts[k - 1]!;
    const [bx, by] = pts[k]!;
    const seg = Math.hypot(bx - ax, by - ay);
    if (left <= seg || k === pts.length - 1) {
      const t = seg === 0 ? 0 : Math.min(1, left / seg);
      const heading = ((Math.atan2(bx - ax, by - ay) * 180) / Math.PI + 360) % 360;
      return { lon: f.lon(ax + (bx - ax) * t), lat: f.lat(ay + (by - ay) * t), headingDeg: Math.round(heading) % 360, length: total };
    }
    left -= seg;
  }
  return { lon: line[0]![0], lat: line[0]![1], headingDeg: 0, length: total };
}

interface Driver {
  terminal: Jt808Terminal;
  /** The permit's daily hours (minutes after local midnight): outside them the truck stands. */
  hours: [number, number];
  line: [number, number][];
  along: number;
  direction: 1 | -1;
  speedKmh: number;
  /** Strays now and then (the demo's one unruly truck). */
  strays: boolean;
  ready: boolean;
  batch: Location[];
}

export interface MuckTruckFleet {
  stop(): void;
}

/** The demo county's trucks, each on its permit's corridor, reporting every `tickMs`. */
export async function startMuckTruckFleet(ctx: CountyContext, options: { host: string; port: number; tickMs?: number }): Promise<MuckTruckFleet> {
  const tickMs = options.tickMs ?? 10_000;
  const permits = await ctx.muckTrucks.permitList();
  const drivers: Driver[] = [];
  const trucks = await ctx.muckTrucks.list();
  trucks.forEach((t, k) => {
    const permit = permits.find((p) => p.truckId === t.id);
    if (!permit) return;
    const line = (JSON.parse(permit.corridor) as { coordinates: [number, number][] }).coordinates;
    const start = alongLine(line, 0).length * ((k * 0.37) % 1);
    drivers.push({
      terminal: new Jt808Terminal({ host: options.host, port: options.port, phone: t.phone, plate: t.plate }),
      hours: [permit.dayStartMin, permit.dayEndMin],
      line,
      along: start,
      direction: k % 2 === 0 ? 1 : -1,
      speedKmh: 25 + (k % 4) * 5,
      strays: k === trucks.length - 1,
      ready: false,
      batch: [],
    });
  });
  let stopped = false;
  const bringUp = async (d: Driver) => {
    try {
      if (!d.terminal.connected) await d.terminal.connect();
      if (!d.terminal.authCode) await d.terminal.register();
      d.ready = (await d.terminal.authenticate()) === 0;
    } catch (error) {
      ctx.log.debug({ err: error }, 'truck simulator: terminal not up yet');
    }
  };
  for (const d of drivers) void bringUp(d);
  let tick = 0;
  const timer = setInterval(() => {
    if (stopped) return;
    tick++;
    for (const d of drivers) {
      if (!d.ready || !d.terminal.connected) {
        d.ready = false;
        if (tick % 6 === 0) void bringUp(d);
        continue;
      }
      const p = alongLine(d.line, d.along);
      // A law-abiding truck stands still outside its hours, its engine off; the unruly one drives on.
      const minute = Math.floor((Date.now() + 8 * 3_600_000) / 60_000) % 1440;
      const [from, to] = d.hours;
      const driving = d.strays || from === to || (from < to ? minute >= from && minute < to : minute >= from || minute < to);
      const speedKmh = driving ? d.speedKmh : 0;
      d.along += d.direction * (speedKmh / 3.6) * (tickMs / 1000);
      if (d.along >= p.length || d.along <= 0) {
        d.direction = d.direction === 1 ? -1 : 1;
        d.along = Math.max(0, Math.min(p.length, d.along));
      }
      // The unruly truck: two minutes in every thirty, 250 m to the side of its corridor.
      const straying = d.strays && Math.floor(Date.now() / 60_000) % 30 < 2;
      const f = localFrame(p.lon, p.lat);
      const lon = straying ? f.lon(250) : p.lon;
      const location: Location = { alarm: 0, status: (driving ? STATUS.acc : 0) | STATUS.positioned, lon, lat: p.lat, altitudeM: 42, speedKmh, headingDeg: d.direction === 1 ? p.headingDeg : (p.headingDeg + 180) % 360, at: Date.now() };
      // Most reports one by one; every sixth tick the terminal sends what it held as a batch (0x0704).
      d.batch.push(location);
      if (tick % 6 !== 0 && d.batch.length === 1) {
        d.batch = [];
        d.terminal.location(location).catch(() => (d.ready = false));
      } else if (d.batch.length >= 3) {
        const items = d.batch;
        d.batch = [];
        d.terminal.batch(items).catch(() => (d.ready = false));
      }
    }
  }, tickMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
      for (const d of drivers) d.terminal.close();
    },
  };
}
