// Writes Shapefiles the way surveying software delivers them (GBK .dbf, a .prj naming a
// CGCS2000 Gauss-Krüger zone), for tests and benchmarks. Deliberately separate from core's
// reader: the two must agree by following the format, not by sharing code.
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import iconv from 'iconv-lite';

export interface DbfFieldSpec {
  name: string;
  type: 'C' | 'N' | 'D';
  length: number;
  decimals?: number;
}

export type ShapeRecord =
  | { kind: 'point'; x: number; y: number; props: Record<string, string | number | null> }
  | { kind: 'polygon'; rings: [number, number][][]; props: Record<string, string | number | null> };

export interface ShapefileSpec {
  /** Path without extension. */
  base: string;
  shapeType: 'point' | 'polygon';
  fields: DbfFieldSpec[];
  encoding: 'gbk' | 'utf-8';
  prj?: string;
  /** Write a .cpg naming the encoding. */
  cpg?: boolean;
  /** Language driver byte in the .dbf header (0x4D = GBK); 0 says nothing. */
  languageDriver?: number;
}

export const CGCS2000_GK3_39_PRJ =
  'PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",' +
  'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
  'PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],' +
  'PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

export const XIAN80_PRJ =
  'PROJCS["Xian_1980_3_Degree_GK_Zone_39",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],' +
  'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

function recordContent(r: ShapeRecord): Buffer {
  if (r.kind === 'point') {
    const b = Buffer.alloc(20);
    b.writeInt32LE(1, 0);
    b.writeDoubleLE(r.x, 4);
    b.writeDoubleLE(r.y, 12);
    return b;
  }
  const pts = r.rings.flat();
  const b = Buffer.alloc(44 + 4 * r.rings.length + 16 * pts.length);
  b.writeInt32LE(5, 0);
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  b.writeDoubleLE(Math.min(...xs), 4);
  b.writeDoubleLE(Math.min(...ys), 12);
  b.writeDoubleLE(Math.max(...xs), 20);
  b.writeDoubleLE(Math.max(...ys), 28);
  b.writeInt32LE(r.rings.length, 36);
  b.writeInt32LE(pts.length, 40);
  let start = 0;
  r.rings.forEach((ring, k) => {
    b.writeInt32LE(start, 44 + 4 * k);
    start += ring.length;
  });
  pts.forEach(([x, y], k) => {
    b.writeDoubleLE(x, 44 + 4 * r.rings.length + 16 * k);
    b.writeDoubleLE(y, 44 + 4 * r.rings.length + 16 * k + 8);
  });
  return b;
}

function dbfValue(f: DbfFieldSpec, v: string | number | null | undefined, encoding: 'gbk' | 'utf-8'): Buffer {
  const out = Buffer.alloc(f.length, 0x20);
  if (v === null || v === undefined) return out;
  if (f.type === 'N') {
    const t = typeof v === 'number' ? v.toFixed(f.decimals ?? 0) : v;
    Buffer.from(t.padStart(f.length, ' ').slice(-f.length), 'latin1').copy(out);
    return out;
  }
  const bytes = encoding === 'gbk' ? iconv.encode(String(v), 'gbk') : Buffer.from(String(v), 'utf8');
  bytes.copy(out, 0, 0, Math.min(bytes.length, f.length));
  return out;
}

/** Writes .shp, .shx, .dbf (and .prj, .cpg) and returns the .shp path. */
export class ShapefileWriter {
  private readonly shp: number;
  private readonly shx: number;
  private readonly dbf: number;
  private count = 0;
  private shpOffset = 100;
  private box = [Infinity, Infinity, -Infinity, -Infinity];
  private readonly recordLength: number;
  /** Records in other encodings, to write a deliberately mixed file. */
  encodingOverride: Map<number, 'gbk' | 'utf-8'> = new Map();
  private readonly pending: { shp: Buffer[]; shx: Buffer[]; dbf: Buffer[] } = { shp: [], shx: [], dbf: [] };

  constructor(private readonly spec: ShapefileSpec) {
    this.shp = openSync(`${spec.base}.shp`, 'w');
    this.shx = openSync(`${spec.base}.shx`, 'w');
    this.dbf = openSync(`${spec.base}.dbf`, 'w');
    writeSync(this.shp, Buffer.alloc(100));
    writeSync(this.shx, Buffer.alloc(100));
    this.recordLength = 1 + spec.fields.reduce((s, f) => s + f.length, 0);
    writeSync(this.dbf, Buffer.alloc(32 + 32 * spec.fields.length + 1));
    if (spec.prj) writeFileSync(`${spec.base}.prj`, spec.prj);
    if (spec.cpg) writeFileSync(`${spec.base}.cpg`, spec.encoding === 'gbk' ? 'GBK' : 'UTF-8');
  }

  add(r: ShapeRecord): void {
    const content = recordContent(r);
    const head = Buffer.alloc(8);
    head.writeInt32BE(++this.count, 0);
    head.writeInt32BE(content.length / 2, 4);
    const idx = Buffer.alloc(8);
    idx.writeInt32BE(this.shpOffset / 2, 0);
    idx.writeInt32BE(content.length / 2, 4);
    this.shpOffset += 8 + content.length;
    this.pending.shp.push(head, content);
    this.pending.shx.push(idx);
    const enc = this.encodingOverride.get(this.count) ?? this.spec.encoding;
    this.pending.dbf.push(Buffer.from([0x20]), ...this.spec.fields.map((f) => dbfValue(f, r.props[f.name], enc)));
    const pts = r.kind === 'point' ? [[r.x, r.y]] : r.rings.flat();
    for (const [x, y] of pts) {
      this.box = [Math.min(this.box[0]!, x!), Math.min(this.box[1]!, y!), Math.max(this.box[2]!, x!), Math.max(this.box[3]!, y!)];
    }
    if (this.pending.shx.length >= 8192) this.flush();
  }

  private flush(): void {
    writeSync(this.shp, Buffer.concat(this.pending.shp));
    writeSync(this.shx, Buffer.concat(this.pending.shx));
    writeSync(this.dbf, Buffer.concat(this.pending.dbf));
    this.pending.shp = [];
    this.pending.shx = [];
    this.pending.dbf = [];
  }

  close(): string {
    this.flush();
    const type = this.spec.shapeType === 'point' ? 1 : 5;
    const header = (bytes: number) => {
      const h = Buffer.alloc(100);
      h.writeInt32BE(9994, 0);
      h.writeInt32BE(bytes / 2, 24);
      h.writeInt32LE(1000, 28);
      h.writeInt32LE(type, 32);
      this.box.forEach((v, k) => h.writeDoubleLE(Number.isFinite(v) ? v : 0, 36 + 8 * k));
      return h;
    };
    writeSync(this.shp, header(this.shpOffset), 0, 100, 0);
    writeSync(this.shx, header(100 + 8 * this.count), 0, 100, 0);
    const h = Buffer.alloc(32 + 32 * this.spec.fields.length + 1);
    h[0] = 0x03;
    h[1] = 126;
    h[2] = 1;
    h[3] = 1;
    h.writeUInt32LE(this.count, 4);
    h.writeUInt16LE(h.length, 8);
    h.writeUInt16LE(this.recordLength, 10);
    h[29] = this.spec.languageDriver ?? 0;
    this.spec.fields.forEach((f, k) => {
      const at = 32 + 32 * k;
      Buffer.from(f.name, 'latin1').copy(h, at, 0, 10);
      h[at + 11] = f.type.charCodeAt(0);
      h[at + 16] = f.length;
      h[at + 17] = f.decimals ?? 0;
    });
    h[h.length - 1] = 0x0d;
    writeSync(this.dbf, h, 0, h.length, 0);
    writeSync(this.dbf, Buffer.from([0x1a]));
    closeSync(this.shp);
    closeSync(this.shx);
    closeSync(this.dbf);
    return `${this.spec.base}.shp`;
  }
}
