// What every reader of a delivered file gives the import: its fields, how many records it
// holds, and the records in batches (so a caller can yield between batches and a 1.44 M
// feature file never sits in memory at once). Rows are numbered as the user sees them: the
// record number in a Shapefile or GeoJSON (FID + 1), the line number in a CSV, the sheet row
// in Excel.
export type Position = [number, number];

export type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint'; coordinates: Position[] }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

export type FileFormat = 'shapefile' | 'geojson' | 'csv' | 'excel';

export interface SourceRecord {
  row: number;
  props: Record<string, string | number | boolean | null>;
  geometry: Geometry | null;
}

export interface SourceInfo {
  format: FileFormat;
  /** Column or attribute names, in file order. */
  fields: string[];
  /** Records the file says it holds; null when only reading it all would tell (CSV, Excel). */
  count: number | null;
  /** Text encoding and how it was decided. */
  encoding?: { name: 'utf-8' | 'gbk'; source: 'cpg' | 'dbf-header' | 'detected' | 'bom' | 'default' };
  /** The .prj text beside a Shapefile, if any. */
  prj?: string;
  /** What the geometries are; tables have none (their coordinates come from columns). */
  geometryType: 'point' | 'line' | 'polygon' | 'none';
  /** How a row number is meant: a record number (Shapefile, GeoJSON) or a line/sheet row. */
  rowKind: 'record' | 'line';
  /** Total bytes, for progress. */
  bytes: number;
}

/** A problem in the file itself that stops the import, with a code the console translates. */
export class SourceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

/** A row-level note from reading (a record in another text encoding). */
export interface ReadNote {
  row: number;
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

export interface RecordBatchOptions {
  /** Decode only these fields (the mapped ones); all when absent. */
  fields?: readonly string[];
  batchSize?: number;
  /** Called with the share of bytes read. */
  onProgress?: (fraction: number) => void;
}

export interface FeatureSource {
  readonly info: SourceInfo;
  /** Notes gathered while reading (e.g. rows in another encoding). */
  readonly notes: ReadNote[];
  /** Reads from the start every time it is called: the import reads twice (check, then write). */
  batches(options?: RecordBatchOptions): AsyncIterable<SourceRecord[]>;
  close(): void;
}

export const DEFAULT_BATCH = 4096;
