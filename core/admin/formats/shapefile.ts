// ESRI Shapefile reader: .shp geometries, .dbf attributes, .shx (count), .prj (coordinate
// system) and .cpg (text encoding), from a folder or a .zip. Written here rather than taken
// from the `shapefile` package: that one reads record by record through promises, which
// costs seconds per million features, and it cannot say *how* a pair is broken. This one
// walks both files in 4 MB synchronous chunks, decodes only the mapped attributes, and
// checks the pair before reading a record: header lengths against file sizes, shape count
// against .dbf record count, record numbers in sequence.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ChunkedFile } from './binary-file.js';
import { DbfReader } from './dbf.js';
import { DEFAULT_BATCH, SourceError, type FeatureSource, type Geometry, type Position, type ReadNote, type RecordBatchOptions, type SourceInfo, type SourceRecord } from './source.js';

const SHAPE_NAMES: Record<number, string> = {
  0: 'Null', 1: 'Point', 3: 'PolyLine', 5: 'Polygon', 8: 'MultiPoint',
  11: 'PointZ', 13: 'PolyLineZ', 15: 'PolygonZ', 18: 'MultiPointZ',
  21: 'PointM', 23: 'PolyLineM', 25: 'PolygonM', 28: 'MultiPointM', 31: 'MultiPatch',
};

function geometryKind(shapeType: number): SourceInfo['geometryType'] {
  const base = shapeType % 10;
  if (base === 1 || base === 8) return 'point';
  if (base === 3) return 'line';
  if (base === 5) return 'polygon';
  return 'none';
}

/** The files of one layer, found beside each other by their shared base name. */
export interface ShapefileParts {
  shp: string;
  dbf: string;
  shx?: string;
  prj?: string;
  cpg?: string;
}

function sibling(base: string, ext: string): string | undefined {
  const dir = path.dirname(base);
  const stem = path.basename(base).toLowerCase();
  const hit = readdirSync(dir).find((f) => f.toLowerCase() === `${stem}.${ext}`);
  return hit ? path.join(dir, hit) : undefined;
}

/** Finds the layer in a folder (exactly one .shp) or beside a .shp path. */
export function locateShapefile(target: string): ShapefileParts {
  let shp = target;
  if (statSync(target).isDirectory()) {
    const found = listShp(target);
    if (found.length === 0) throw new SourceError('shp.notFound', `no .shp file in ${path.basename(target)}`);
    if (found.length > 1) {
      throw new SourceError('shp.several', `the folder holds ${found.length} layers (${found.map((f) => path.basename(f)).join(', ')}): give one .shp`, {
        layers: found.map((f) => path.basename(f)).join(', '),
      });
    }
    shp = found[0]!;
  }
  const base = shp.slice(0, -path.extname(shp).length);
  const dbf = sibling(base, 'dbf');
  if (!dbf) throw new SourceError('shp.noDbf', `${path.basename(shp)} has no .dbf beside it: the attributes are missing`);
  return { shp, dbf, shx: sibling(base, 'shx'), prj: sibling(base, 'prj'), cpg: sibling(base, 'cpg') };
}

function listShp(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('__MACOSX')) out.push(...listShp(full));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.shp')) out.push(full);
  }
  return out;
}

interface ShpHeader {
  shapeType: number;
  fileBytes: number;
  bbox: [number, number, number, number];
}

export class ShapefileSource implements FeatureSource {
  readonly info: SourceInfo;
  readonly notes: ReadNote[] = [];
  private readonly shpPath: string;
  private readonly dbf: DbfReader;
  private readonly header: ShpHeader;

  constructor(readonly parts: ShapefileParts) {
    this.shpPath = parts.shp;
    this.header = readShpHeader(parts.shp);
    this.dbf = new DbfReader(parts.dbf, parts.cpg ? readFileSync(parts.cpg, 'latin1') : undefined);
    const count = this.dbf.header.count;
    if (parts.shx && existsSync(parts.shx)) {
      const shxBytes = statSync(parts.shx).size;
      const shapes = Math.max(0, Math.floor((shxBytes - 100) / 8));
      if (shapes !== count) {
        this.dbf.close();
        throw new SourceError(
          'shp.mismatch',
          `the .shp index holds ${shapes} shapes but the .dbf holds ${count} records: the files are not one pair (or one of them is cut short)`,
          { shapes, records: count },
        );
      }
    }
    this.info = {
      format: 'shapefile',
      fields: this.dbf.header.fields.map((f) => f.name),
      count,
      encoding: { name: this.dbf.encoding, source: this.dbf.encodingSource },
      prj: parts.prj ? readFileSync(parts.prj, 'utf8') : undefined,
      geometryType: geometryKind(this.header.shapeType),
      rowKind: 'record',
      bytes: this.header.fileBytes + this.dbf.bytes,
    };
  }

  get shapeTypeName(): string {
    return SHAPE_NAMES[this.header.shapeType] ?? `type ${this.header.shapeType}`;
  }

  async *batches(options: RecordBatchOptions = {}): AsyncIterable<SourceRecord[]> {
    const size = options.batchSize ?? DEFAULT_BATCH;
    this.notes.length = 0; // each reading notes afresh
    const shp = new ChunkedFile(this.shpPath);
    const count = this.dbf.header.count;
    try {
      shp.seek(100);
      const attrs = this.dbf.records(options.fields, this.notes);
      let batch: SourceRecord[] = [];
      for (let k = 0; k < count; k++) {
        const row = k + 1;
        if (shp.position >= this.header.fileBytes) {
          throw new SourceError(
            'shp.mismatch',
            `the .shp has ${k} shapes but the .dbf has ${count} records: the files are not one pair (or the .shp is cut short)`,
            { shapes: k, records: count },
          );
        }
        const head = shp.take(8);
        if (head.length < 8) throw truncatedAt(row, count);
        const number = head.readInt32BE(0);
        const words = head.readInt32BE(4);
        if (number !== row) {
          throw new SourceError('shp.invalid', `the .shp record ${row} is numbered ${number}: the file is damaged`, { row, number });
        }
        const content = shp.take(words * 2);
        if (content.length < words * 2) throw truncatedAt(row, count);
        const geometry = parseShape(content, row);
        const props = attrs.next().value;
        if (props === null) continue; // deleted in the .dbf
        batch.push({ row, props: props ?? {}, geometry });
        if (batch.length >= size) {
          yield batch;
          batch = [];
          options.onProgress?.(shp.position / this.header.fileBytes);
        }
      }
      if (shp.position < this.header.fileBytes) {
        throw new SourceError('shp.mismatch', `the .shp has more shapes than the ${count} records of the .dbf: the files are not one pair`, {
          shapes: count + 1,
          records: count,
        });
      }
      if (batch.length) yield batch;
      options.onProgress?.(1);
    } finally {
      shp.close();
    }
  }

  close(): void {
    this.dbf.close();
  }
}

function truncatedAt(row: number, count: number): SourceError {
  return new SourceError('shp.truncated', `the .shp ends inside shape ${row} of ${count}: the file is cut short`, { row, expected: count, present: row - 1 });
}

function readShpHeader(file: string): ShpHeader {
  const f = new ChunkedFile(file);
  try {
    const h = f.readAt(0, 100);
    if (h.length < 100 || h.readInt32BE(0) !== 9994) {
      throw new SourceError('shp.invalid', `${path.basename(file)} is not a Shapefile (no 9994 file code)`);
    }
    const fileBytes = h.readInt32BE(24) * 2;
    if (f.size < fileBytes) {
      throw new SourceError('shp.truncated', `the .shp is cut short: its header says ${fileBytes} bytes but the file has ${f.size}`, {
        expectedBytes: fileBytes,
        bytes: f.size,
      });
    }
    return { shapeType: h.readInt32LE(32), fileBytes, bbox: [h.readDoubleLE(36), h.readDoubleLE(44), h.readDoubleLE(52), h.readDoubleLE(60)] };
  } finally {
    f.close();
  }
}

function points(b: Buffer, at: number, n: number): Position[] {
  const out: Position[] = new Array<Position>(n);
  for (let k = 0; k < n; k++) out[k] = [b.readDoubleLE(at + 16 * k), b.readDoubleLE(at + 16 * k + 8)];
  return out;
}

function parseShape(b: Buffer, row: number): Geometry | null {
  if (b.length < 4) throw new SourceError('shp.invalid', `the .shp record ${row} is empty`, { row });
  const type = b.readInt32LE(0);
  const base = type % 10;
  const need = (n: number) => {
    if (b.length < n) throw new SourceError('shp.invalid', `the .shp record ${row} is shorter than its ${SHAPE_NAMES[type] ?? type} shape needs`, { row });
  };
  if (type === 0) return null;
  if (base === 1) {
    need(20);
    return { type: 'Point', coordinates: [b.readDoubleLE(4), b.readDoubleLE(12)] };
  }
  if (base === 8) {
    need(40);
    const n = b.readInt32LE(36);
    need(40 + 16 * n);
    return { type: 'MultiPoint', coordinates: points(b, 40, n) };
  }
  if (base === 3 || base === 5) {
    need(44);
    const numParts = b.readInt32LE(36);
    const numPoints = b.readInt32LE(40);
    need(44 + 4 * numParts + 16 * numPoints);
    const all = points(b, 44 + 4 * numParts, numPoints);
    const parts: Position[][] = [];
    for (let p = 0; p < numParts; p++) {
      const start = b.readInt32LE(44 + 4 * p);
      const end = p + 1 < numParts ? b.readInt32LE(44 + 4 * (p + 1)) : numPoints;
      parts.push(all.slice(start, end));
    }
    if (base === 3) return parts.length === 1 ? { type: 'LineString', coordinates: parts[0]! } : { type: 'MultiLineString', coordinates: parts };
    return polygonFromRings(parts);
  }
  throw new SourceError('shp.unsupported', `the .shp holds ${SHAPE_NAMES[type] ?? `type ${type}`} shapes, which Gridhall does not read`, { row });
}

function ringArea(ring: Position[]): number {
  let sum = 0;
  for (let k = 0, n = ring.length; k < n; k++) {
    const a = ring[k]!;
    const b = ring[(k + 1) % n]!;
    sum += a[0] * b[1] - b[0] * a[1];
  }
  return sum / 2;
}

function inRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false;
  for (let k = 0, m = ring.length - 1; k < ring.length; m = k++) {
    const [xk, yk] = ring[k]!;
    const [xm, ym] = ring[m]!;
    if (yk > y !== ym > y && x < ((xm - xk) * (y - yk)) / (ym - yk) + xk) inside = !inside;
  }
  return inside;
}

/**
 * Shapefile rings: outer rings clockwise, holes counter-clockwise. GeoJSON (RFC 7946) wants
 * outer rings counter-clockwise, so rings are reversed, and each hole goes to the outer ring
 * that holds it.
 */
export function polygonFromRings(rings: Position[][]): Geometry {
  const outers: Position[][][] = [];
  const holes: Position[][] = [];
  for (const ring of rings) {
    if (ring.length < 4) continue;
    if (ringArea(ring) <= 0) outers.push([[...ring].reverse()]);
    else holes.push([...ring].reverse());
  }
  if (outers.length === 0 && holes.length > 0) {
    // Written with the wrong winding: take the rings as outer rings.
    for (const h of holes.splice(0)) outers.push([[...h].reverse()]);
  }
  for (const hole of holes) {
    const [x, y] = hole[0]!;
    const owner = outers.find((o) => inRing(x, y, o[0]!)) ?? outers[0];
    owner?.push(hole);
  }
  return outers.length === 1 ? { type: 'Polygon', coordinates: outers[0]! } : { type: 'MultiPolygon', coordinates: outers };
}
