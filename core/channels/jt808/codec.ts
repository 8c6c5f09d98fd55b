// JT/T 808-2019 framing and the message bodies Gridhall speaks (道路运输车辆卫星定位系统
// 终端通讯协议). A frame on the wire is 0x7e | header | body | check | 0x7e; inside it 0x7e is
// sent as 0x7d 0x02 and 0x7d as 0x7d 0x01; the check is the XOR of header and body. Numbers
// are big-endian; STRING is GBK; times are BCD[6] YYMMDDhhmmss in Beijing time (GMT+8).
import iconv from 'iconv-lite';

export const FLAG = 0x7e;
export const ESCAPE = 0x7d;

/** Message ids (消息ID). Terminal → platform are 0x0xxx, platform → terminal 0x8xxx. */
export const MSG = {
  terminalResponse: 0x0001, // 终端通用应答
  heartbeat: 0x0002, // 终端心跳
  register: 0x0100, // 终端注册
  authenticate: 0x0102, // 终端鉴权
  location: 0x0200, // 位置信息汇报
  locationBatch: 0x0704, // 定位数据批量上传
  platformResponse: 0x8001, // 平台通用应答
  registerResponse: 0x8100, // 终端注册应答
} as const;

/** 0x8001 / 0x0001 results: 0 成功/确认, 1 失败, 2 消息有误, 3 不支持. */
export const RESULT = { success: 0, failure: 1, messageError: 2, notSupported: 3 } as const;

/** 0x8100 results: 0 成功, 1 车辆已被注册, 2 数据库中无该车辆, 3 终端已被注册, 4 数据库中无该终端. */
export const REGISTER_RESULT = { success: 0, vehicleTaken: 1, noVehicle: 2, terminalTaken: 3, noTerminal: 4 } as const;

/** Body length is 10 bits; one frame carries at most 1023 body bytes (longer messages are split). */
export const MAX_BODY = 1023;
/** A frame longer than this (escaped) is not a JT/T 808 frame: header 21 + body 1023 + check 1, all escaped, plus flags. */
export const MAX_FRAME = 2 * (21 + MAX_BODY + 1) + 2;

export interface Header {
  msgId: number;
  /** 版本标识 (bit 14): set in the 2019 header. */
  version2019: boolean;
  /** 协议版本号 (2019: 1). */
  protocolVersion: number;
  /** 终端手机号: 20 BCD digits in 2019 (12 in 2013), leading zeros kept. */
  phone: string;
  serial: number;
  encryption: number;
  /** 消息包封装项: present when the message is split. */
  packet?: { total: number; index: number };
  bodyLength: number;
}

export interface Frame {
  header: Header;
  body: Buffer;
}

export type DecodeError =
  | { kind: 'escape'; message: string }
  | { kind: 'checksum'; message: string; header?: Header }
  | { kind: 'truncated'; message: string; header?: Header }
  | { kind: 'length'; message: string; header?: Header };

// ---- escaping and the check code ----------------------------------------------------------

export function escape(raw: Buffer): Buffer {
  let extra = 0;
  for (const b of raw) if (b === FLAG || b === ESCAPE) extra++;
  if (extra === 0) return raw;
  const out = Buffer.allocUnsafe(raw.length + extra);
  let o = 0;
  for (const b of raw) {
    if (b === FLAG) {
      out[o++] = ESCAPE;
      out[o++] = 0x02;
    } else if (b === ESCAPE) {
      out[o++] = ESCAPE;
      out[o++] = 0x01;
    } else out[o++] = b;
  }
  return out;
}

/** The bytes between two flags, unescaped; undefined when an escape is not 0x7d 0x01/0x02. */
export function unescape(wire: Buffer): Buffer | undefined {
  const out = Buffer.allocUnsafe(wire.length);
  let o = 0;
  for (let k = 0; k < wire.length; k++) {
    const b = wire[k]!;
    if (b === FLAG) return undefined;
    if (b !== ESCAPE) {
      out[o++] = b;
      continue;
    }
    const next = wire[++k];
    if (next === 0x01) out[o++] = ESCAPE;
    else if (next === 0x02) out[o++] = FLAG;
    else return undefined;
  }
  return out.subarray(0, o);
}

export function checkCode(bytes: Buffer, from = 0, to = bytes.length): number {
  let x = 0;
  for (let k = from; k < to; k++) x ^= bytes[k]!;
  return x;
}

// ---- BCD ----------------------------------------------------------------------------------

export function bcd(digits: string, bytes: number): Buffer {
  const padded = digits.padStart(bytes * 2, '0').slice(-bytes * 2);
  if (!/^\d+$/.test(padded)) throw new Error(`BCD needs digits, got "${digits}"`);
  return Buffer.from(padded, 'hex');
}

/** BCD bytes as digits; undefined when a nibble is not 0-9. */
export function bcdDigits(bytes: Buffer): string | undefined {
  const hex = bytes.toString('hex');
  return /^\d*$/.test(hex) ? hex : undefined;
}

const GMT8 = 8 * 3_600_000;

/** BCD[6] YYMMDDhhmmss, Beijing time. */
export function bcdTime(ms: number): Buffer {
  const d = new Date(ms + GMT8);
  const two = (n: number) => String(n).padStart(2, '0');
  return bcd(`${two(d.getUTCFullYear() % 100)}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`, 6);
}

export function parseBcdTime(bytes: Buffer): number | undefined {
  const s = bcdDigits(bytes);
  if (!s || s.length !== 12) return undefined;
  const [yy, mo, dd, hh, mi, ss] = [0, 2, 4, 6, 8, 10].map((k) => Number(s.slice(k, k + 2))) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || dd < 1 || dd > 31 || hh > 23 || mi > 59 || ss > 59) return undefined;
  const ms = Date.UTC(2000 + yy, mo - 1, dd, hh, mi, ss) - GMT8;
  // Date.UTC rolls 31 February over into March: such a date is not a date.
  return new Date(ms + GMT8).getUTCDate() === dd ? ms : undefined;
}

// ---- frames -------------------------------------------------------------------------------

/** Decodes the bytes between two flags (exclusive). */
export function decodeFrame(wire: Buffer): { ok: true; frame: Frame } | { ok: false; error: DecodeError } {
  const raw = unescape(wire);
  if (!raw) return { ok: false, error: { kind: 'escape', message: 'an escape byte 0x7d is not followed by 0x01 or 0x02' } };
  const header = parseHeader(raw);
  if (raw.length < 13) return { ok: false, error: { kind: 'truncated', message: `a frame of ${raw.length} bytes is shorter than any header` } };
  if (checkCode(raw, 0, raw.length - 1) !== raw[raw.length - 1]) {
    return { ok: false, error: { kind: 'checksum', message: 'the check code does not match', header: header?.header } };
  }
  if (!header) return { ok: false, error: { kind: 'truncated', message: 'the header is cut short or its phone number is not BCD' } };
  const body = raw.subarray(header.size, raw.length - 1);
  if (body.length !== header.header.bodyLength) {
    const kind = body.length < header.header.bodyLength ? 'truncated' : 'length';
    return { ok: false, error: { kind, message: `the header says ${header.header.bodyLength} body bytes, the frame holds ${body.length}`, header: header.header } };
  }
  return { ok: true, frame: { header: header.header, body: Buffer.from(body) } };
}

function parseHeader(raw: Buffer): { header: Header; size: number } | undefined {
  if (raw.length < 4) return undefined;
  const msgId = raw.readUInt16BE(0);
  const props = raw.readUInt16BE(2);
  const version2019 = (props & 0x4000) !== 0;
  const split = (props & 0x2000) !== 0;
  let o = 4;
  let protocolVersion = 0;
  if (version2019) {
    if (raw.length < o + 1) return undefined;
    protocolVersion = raw[o++]!;
  }
  const phoneBytes = version2019 ? 10 : 6;
  if (raw.length < o + phoneBytes + 2) return undefined;
  const phone = bcdDigits(raw.subarray(o, o + phoneBytes));
  if (phone === undefined) return undefined;
  o += phoneBytes;
  const serial = raw.readUInt16BE(o);
  o += 2;
  let packet: Header['packet'];
  if (split) {
    if (raw.length < o + 4) return undefined;
    packet = { total: raw.readUInt16BE(o), index: raw.readUInt16BE(o + 2) };
    o += 4;
  }
  return { header: { msgId, version2019, protocolVersion, phone, serial, encryption: (props >> 10) & 0x7, packet, bodyLength: props & 0x3ff }, size: o };
}

/** One frame on the wire, flags included. The 2019 header unless `version2019: false`. */
export function encodeFrame(h: { msgId: number; phone: string; serial: number; version2019?: boolean; protocolVersion?: number; packet?: { total: number; index: number } }, body: Buffer = Buffer.alloc(0)): Buffer {
  if (body.length > MAX_BODY) throw new Error(`a body of ${body.length} bytes must be split (at most ${MAX_BODY})`);
  const v2019 = h.version2019 ?? true;
  const header = Buffer.alloc(4 + (v2019 ? 11 : 6) + 2 + (h.packet ? 4 : 0));
  header.writeUInt16BE(h.msgId, 0);
  header.writeUInt16BE(body.length | (v2019 ? 0x4000 : 0) | (h.packet ? 0x2000 : 0), 2);
  let o = 4;
  if (v2019) header[o++] = h.protocolVersion ?? 1;
  bcd(h.phone, v2019 ? 10 : 6).copy(header, o);
  o += v2019 ? 10 : 6;
  header.writeUInt16BE(h.serial & 0xffff, o);
  o += 2;
  if (h.packet) {
    header.writeUInt16BE(h.packet.total, o);
    header.writeUInt16BE(h.packet.index, o + 2);
  }
  const raw = Buffer.concat([header, body, Buffer.alloc(1)]);
  raw[raw.length - 1] = checkCode(raw, 0, raw.length - 1);
  return Buffer.concat([Buffer.of(FLAG), escape(raw), Buffer.of(FLAG)]);
}

/**
 * Cuts a TCP byte stream into frames. Bytes before the first flag are dropped; two flags in a
 * row (one frame's end, the next one's start) are one boundary. A run longer than MAX_FRAME
 * without a closing flag is thrown away, so a babbling client cannot grow the buffer.
 */
export class FrameSplitter {
  private chunks: Buffer[] = [];
  private size = 0;
  private inFrame = false;
  /** Runs discarded for being too long. */
  oversized = 0;

  push(data: Buffer, onFrame: (wire: Buffer) => void): void {
    let start = 0;
    for (let k = 0; k < data.length; k++) {
      if (data[k] !== FLAG) continue;
      if (this.inFrame) {
        const piece = data.subarray(start, k);
        const wire = this.size ? Buffer.concat([...this.chunks, piece]) : piece;
        this.chunks = [];
        this.size = 0;
        if (wire.length > 0) {
          if (wire.length > MAX_FRAME) this.oversized++;
          else onFrame(wire);
        }
        // An empty run (7e 7e) is the boundary between frames: keep the frame open.
        this.inFrame = true;
      } else this.inFrame = true;
      start = k + 1;
    }
    if (!this.inFrame) return;
    const rest = data.subarray(start);
    if (rest.length === 0) return;
    if (this.size + rest.length > MAX_FRAME) {
      this.oversized++;
      this.chunks = [];
      this.size = 0;
      this.inFrame = false; // wait for the next flag
      return;
    }
    this.chunks.push(Buffer.from(rest));
    this.size += rest.length;
  }
}

// ---- bodies -------------------------------------------------------------------------------

const gbk = (s: string) => iconv.encode(s, 'gbk');
const fromGbk = (b: Buffer) => iconv.decode(b, 'gbk');
/** A fixed-width BYTE[n] field: text padded with 0x00 (or cut). */
function fixed(s: string, n: number): Buffer {
  const out = Buffer.alloc(n);
  Buffer.from(s, 'ascii').copy(out, 0, 0, n);
  return out;
}
const unfixed = (b: Buffer) => b.toString('ascii').replace(/\0+$/, '').trim();

export class BodyError extends Error {}

/** A reader that throws BodyError when the body is shorter than its fields. */
class Reader {
  o = 0;
  constructor(readonly b: Buffer) {}
  need(n: number): void {
    if (this.o + n > this.b.length) throw new BodyError(`the body ends after ${this.b.length} bytes; ${this.o + n} needed`);
  }
  u8(): number {
    this.need(1);
    return this.b[this.o++]!;
  }
  u16(): number {
    this.need(2);
    const v = this.b.readUInt16BE(this.o);
    this.o += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.b.readUInt32BE(this.o);
    this.o += 4;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const v = this.b.subarray(this.o, this.o + n);
    this.o += n;
    return v;
  }
  rest(): Buffer {
    const v = this.b.subarray(this.o);
    this.o = this.b.length;
    return v;
  }
}

export interface Registration {
  province: number;
  city: number;
  maker: string;
  model: string;
  terminalId: string;
  /** 车牌颜色 (JT/T 697.7): 1 blue, 2 yellow, 3 black, 4 white, 9 other; 0 when not registered by plate. */
  plateColor: number;
  plate: string;
}

/** 0x0100 in the 2019 layout: province, city, maker BYTE[11], model BYTE[30], terminal id BYTE[30], colour, plate (GBK). */
export function encodeRegistration(r: Registration): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(r.province, 0);
  head.writeUInt16BE(r.city, 2);
  return Buffer.concat([head, fixed(r.maker, 11), fixed(r.model, 30), fixed(r.terminalId, 30), Buffer.of(r.plateColor), gbk(r.plate)]);
}

export function decodeRegistration(body: Buffer, version2019: boolean): Registration {
  const r = new Reader(body);
  const [makerN, modelN, idN] = version2019 ? [11, 30, 30] : [5, 20, 7];
  return {
    province: r.u16(),
    city: r.u16(),
    maker: unfixed(r.bytes(makerN)),
    model: unfixed(r.bytes(modelN)),
    terminalId: unfixed(r.bytes(idN)),
    plateColor: r.u8(),
    plate: fromGbk(r.rest()).replace(/\0+$/, '').trim(),
  };
}

export function encodeRegisterResponse(replySerial: number, result: number, authCode?: string): Buffer {
  const head = Buffer.alloc(3);
  head.writeUInt16BE(replySerial, 0);
  head[2] = result;
  return result === REGISTER_RESULT.success && authCode !== undefined ? Buffer.concat([head, gbk(authCode)]) : head;
}

export function decodeRegisterResponse(body: Buffer): { replySerial: number; result: number; authCode: string | null } {
  const r = new Reader(body);
  const replySerial = r.u16();
  const result = r.u8();
  return { replySerial, result, authCode: result === 0 ? fromGbk(r.rest()) : null };
}

/** 0x0102 in the 2019 layout: code length, code (GBK), IMEI BYTE[15], software version BYTE[20]. */
export function encodeAuthentication(a: { authCode: string; imei: string; software: string }): Buffer {
  const code = gbk(a.authCode);
  return Buffer.concat([Buffer.of(code.length), code, fixed(a.imei, 15), fixed(a.software, 20)]);
}

export function decodeAuthentication(body: Buffer, version2019: boolean): { authCode: string; imei: string | null; software: string | null } {
  if (!version2019) return { authCode: fromGbk(body), imei: null, software: null };
  const r = new Reader(body);
  const n = r.u8();
  const authCode = fromGbk(r.bytes(n));
  return { authCode, imei: unfixed(r.bytes(15)), software: unfixed(r.bytes(20)) };
}

export function encodeGeneralResponse(replySerial: number, replyId: number, result: number): Buffer {
  const b = Buffer.alloc(5);
  b.writeUInt16BE(replySerial, 0);
  b.writeUInt16BE(replyId, 2);
  b[4] = result;
  return b;
}

export function decodeGeneralResponse(body: Buffer): { replySerial: number; replyId: number; result: number } {
  const r = new Reader(body);
  return { replySerial: r.u16(), replyId: r.u16(), result: r.u8() };
}

/** Status bits (状态位) Gridhall reads: 0 ACC on, 1 positioned, 2 south, 3 west. */
export const STATUS = { acc: 1 << 0, positioned: 1 << 1, south: 1 << 2, west: 1 << 3 } as const;
/** Alarm bits (报警标志) Gridhall names: 0 emergency, 1 overspeed, 2 fatigue driving. */
export const ALARM = { emergency: 1 << 0, overspeed: 1 << 1, fatigue: 1 << 2 } as const;

export interface Location {
  alarm: number;
  status: number;
  lon: number;
  lat: number;
  altitudeM: number;
  /** km/h (sent in tenths). */
  speedKmh: number;
  /** 0-359, clockwise from north. */
  headingDeg: number;
  at: number;
}

/** 0x0200 basic information (28 bytes), no additional items. */
export function encodeLocation(l: Location): Buffer {
  const b = Buffer.alloc(22);
  const status = (l.status & ~(STATUS.south | STATUS.west)) | (l.lat < 0 ? STATUS.south : 0) | (l.lon < 0 ? STATUS.west : 0);
  b.writeUInt32BE(l.alarm >>> 0, 0);
  b.writeUInt32BE(status >>> 0, 4);
  b.writeUInt32BE(Math.round(Math.abs(l.lat) * 1e6), 8);
  b.writeUInt32BE(Math.round(Math.abs(l.lon) * 1e6), 12);
  b.writeUInt16BE(Math.max(0, Math.min(65535, Math.round(l.altitudeM))), 16);
  b.writeUInt16BE(Math.max(0, Math.min(65535, Math.round(l.speedKmh * 10))), 18);
  b.writeUInt16BE(Math.round(l.headingDeg) % 360, 20);
  return Buffer.concat([b, bcdTime(l.at)]);
}

export function decodeLocation(body: Buffer): Location {
  const r = new Reader(body);
  const alarm = r.u32();
  const status = r.u32();
  const lat = r.u32() / 1e6;
  const lon = r.u32() / 1e6;
  const altitudeM = r.u16();
  const speedKmh = r.u16() / 10;
  const headingDeg = r.u16();
  const at = parseBcdTime(r.bytes(6));
  if (at === undefined) throw new BodyError('the time is not a BCD date and time');
  if (lat > 90 || lon > 180) throw new BodyError(`latitude ${lat} or longitude ${lon} is out of range`);
  if (headingDeg > 359) throw new BodyError(`direction ${headingDeg} is beyond 359`);
  // Additional items (附加信息) follow as id, length, value; Gridhall reads none of them.
  return { alarm, status, lat: status & STATUS.south ? -lat : lat, lon: status & STATUS.west ? -lon : lon, altitudeM, speedKmh, headingDeg, at };
}

/** 0x0704: count, type (0 normal batch, 1 blind-area supplement), then length-prefixed 0x0200 bodies. */
export function encodeLocationBatch(items: readonly Location[], blindArea = false): Buffer {
  const head = Buffer.alloc(3);
  head.writeUInt16BE(items.length, 0);
  head[2] = blindArea ? 1 : 0;
  const parts: Buffer[] = [head];
  for (const l of items) {
    const body = encodeLocation(l);
    const len = Buffer.alloc(2);
    len.writeUInt16BE(body.length, 0);
    parts.push(len, body);
  }
  return Buffer.concat(parts);
}

export function decodeLocationBatch(body: Buffer): { blindArea: boolean; items: Location[] } {
  const r = new Reader(body);
  const count = r.u16();
  const type = r.u8();
  if (type > 1) throw new BodyError(`batch type ${type} is neither 0 nor 1`);
  const items: Location[] = [];
  for (let k = 0; k < count; k++) items.push(decodeLocation(r.bytes(r.u16())));
  if (r.o !== body.length) throw new BodyError(`${body.length - r.o} bytes follow the ${count} locations`);
  return { blindArea: type === 1, items };
}
