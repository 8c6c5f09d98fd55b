// GeoJSON FeatureCollections (RFC 7946, and the CRS-less files web tools write). Read whole:
// GeoJSON has no streaming form worth the name, so files above MAX_GEOJSON_BYTES are refused
// with a pointer to Shapefile or CSV, which stream.
import { readFileSync, statSync } from 'node:fs';
import { DEFAULT_BATCH, SourceError, type FeatureSource, type Geometry, type ReadNote, type RecordBatchOptions, type SourceInfo, type SourceRecord } from './source.js';

export const MAX_GEOJSON_BYTES = 256 * 1024 * 1024;

interface Feature {
  type?: string;
  properties?: Record<string, unknown> | null;
  geometry?: Geometry | null;
}

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']);

function flat(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

export class GeoJsonSource implements FeatureSource {
  readonly info: SourceInfo;
  readonly notes: ReadNote[] = [];
  private readonly features: Feature[];

  constructor(file: string) {
    const bytes = statSync(file).size;
    if (bytes > MAX_GEOJSON_BYTES) {
      throw new SourceError('geojson.tooLarge', `a GeoJSON file of ${Math.round(bytes / 1048576)} MB is too large to read at once; deliver large layers as a Shapefile or CSV`, {
        mb: Math.round(bytes / 1048576),
      });
    }
    let doc: { type?: string; features?: Feature[]; crs?: { properties?: { name?: string } } };
    try {
      doc = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as typeof doc;
    } catch (error) {
      throw new SourceError('geojson.invalid', `the GeoJSON is not valid JSON: ${(error as Error).message}`);
    }
    if (doc.type === 'Feature') doc = { type: 'FeatureCollection', features: [doc as Feature] };
    if (doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
      throw new SourceError('geojson.invalid', 'the GeoJSON is not a FeatureCollection');
    }
    this.features = doc.features;
    const fields: string[] = [];
    const seen = new Set<string>();
    const kinds = new Set<string>();
    for (const f of this.features.slice(0, 1000)) {
      for (const key of Object.keys(f.properties ?? {})) {
        if (seen.has(key)) continue;
        seen.add(key);
        fields.push(key);
      }
      if (f.geometry?.type) kinds.add(f.geometry.type);
    }
    const crsName = doc.crs?.properties?.name;
    this.info = {
      format: 'geojson',
      fields,
      count: this.features.length,
      encoding: { name: 'utf-8', source: 'default' },
      prj: crsName ? `GEOJSON_CRS["${crsName}"]` : undefined,
      geometryType: [...kinds].some((k) => k.includes('Polygon')) ? 'polygon' : [...kinds].some((k) => k.includes('Line')) ? 'line' : kinds.size ? 'point' : 'none',
      rowKind: 'record',
      bytes,
    };
  }

  async *batches(options: RecordBatchOptions = {}): AsyncIterable<SourceRecord[]> {
    const size = options.batchSize ?? DEFAULT_BATCH;
    let batch: SourceRecord[] = [];
    for (const [k, f] of this.features.entries()) {
      const props: SourceRecord['props'] = {};
      const source = f.properties ?? {};
      for (const key of options.fields ?? Object.keys(source)) props[key] = flat(source[key]);
      const g = f.geometry;
      const geometry = g && GEOMETRY_TYPES.has(g.type) && Array.isArray(g.coordinates) ? g : null;
      batch.push({ row: k + 1, props, geometry });
      if (batch.length >= size) {
        yield batch;
        batch = [];
        options.onProgress?.((k + 1) / this.features.length);
      }
    }
    if (batch.length) yield batch;
    options.onProgress?.(1);
  }

  close(): void {}
}
