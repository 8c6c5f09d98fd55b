// The heatmap's in-memory columns (MEASURED.md: a JS scan over typed arrays beats GROUP BY and
// summary tables at 3.5 M cases). One row per case, sorted by report day so a time window is
// cut by binary search; loaded once from the case table and kept current by the workflow
// observer after each commit. Strings become small integer codes through Dimension tables.
import type { ColumnCaseRow } from './store.js';

/** A growable string ⇄ code table; code 0 is "none". */
export class Dimension {
  readonly values: string[] = [''];
  private readonly index = new Map<string, number>([['', 0]]);

  code(value: string | null | undefined): number {
    if (value === null || value === undefined || value === '') return 0;
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.index.set(value, code);
    }
    return code;
  }

  find(value: string): number | undefined {
    return this.index.get(value);
  }

  get size(): number {
    return this.values.length;
  }
}

export interface ColumnDimensions {
  grids: Dimension;
  /** 'kind:code' of the small class, e.g. 'event:0102'. */
  classes: Dimension;
  sources: Dimension;
  states: Dimension;
  departments: Dimension;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

// Over any ArrayBuffer: columns read from their file are views over the file's bytes.
type Arrays = {
  id: Int32Array<ArrayBufferLike>;
  day: Uint16Array<ArrayBufferLike>;
  hour: Uint8Array<ArrayBufferLike>;
  grid: Uint32Array<ArrayBufferLike>;
  cls: Uint16Array<ArrayBufferLike>;
  source: Uint8Array<ArrayBufferLike>;
  state: Uint8Array<ArrayBufferLike>;
  dept: Uint16Array<ArrayBufferLike>;
  overdue: Uint8Array<ArrayBufferLike>;
  lon: Float32Array<ArrayBufferLike>;
  lat: Float32Array<ArrayBufferLike>;
};

function allocate(capacity: number): Arrays {
  return {
    id: new Int32Array(capacity),
    day: new Uint16Array(capacity),
    hour: new Uint8Array(capacity),
    grid: new Uint32Array(capacity),
    cls: new Uint16Array(capacity),
    source: new Uint8Array(capacity),
    state: new Uint8Array(capacity),
    dept: new Uint16Array(capacity),
    overdue: new Uint8Array(capacity),
    lon: new Float32Array(capacity),
    lat: new Float32Array(capacity),
  };
}

/** The columns as plain data, for the column file (column-file.ts). */
export interface ColumnSnapshot {
  utcOffsetMs: number;
  length: number;
  sorted: number;
  dims: Record<string, string[]>;
  /** The row arrays (each at least `length` long) and rowOfId. */
  arrays: Record<string, Int32Array<ArrayBufferLike> | Uint32Array<ArrayBufferLike> | Uint16Array<ArrayBufferLike> | Uint8Array<ArrayBufferLike> | Float32Array<ArrayBufferLike>>;
}

const DIMENSIONS = ['grids', 'classes', 'sources', 'states', 'departments'] as const;

export class CaseColumns {
  readonly dims: ColumnDimensions = {
    grids: new Dimension(),
    classes: new Dimension(),
    sources: new Dimension(),
    states: new Dimension(),
    departments: new Dimension(),
  };
  /** Rows in use. */
  length = 0;
  /** Rows [0, sorted) are in day order; later rows came out of order and are scanned whole. */
  private sorted = 0;
  private a: Arrays = allocate(1024);
  /** Row of each case id (-1: none). */
  private rowOfId: Int32Array<ArrayBufferLike> = new Int32Array(1024).fill(-1);

  constructor(private readonly utcOffsetMs: number) {}

  get arrays(): Readonly<Arrays> {
    return this.a;
  }

  dayOf(ms: number): number {
    return Math.floor((ms + this.utcOffsetMs) / DAY_MS);
  }

  private grow(min: number): void {
    if (min <= this.a.id.length) return;
    const next = allocate(Math.max(min, Math.ceil(this.a.id.length * 1.5)));
    for (const key of Object.keys(next) as (keyof Arrays)[]) (next[key] as Int32Array).set(this.a[key] as Int32Array);
    this.a = next;
  }

  private mapId(id: number, row: number): void {
    if (id >= this.rowOfId.length) {
      const next = new Int32Array(Math.max(id + 1, Math.ceil(this.rowOfId.length * 1.5))).fill(-1);
      next.set(this.rowOfId);
      this.rowOfId = next;
    }
    this.rowOfId[id] = row;
  }

  private write(row: number, c: ColumnCaseRow): void {
    const a = this.a;
    const local = c.reportedAt + this.utcOffsetMs;
    a.id[row] = c.id;
    a.day[row] = Math.floor(local / DAY_MS);
    a.hour[row] = Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
    a.grid[row] = this.dims.grids.code(c.gridCode);
    this.update(row, c);
    a.lon[row] = c.lon ?? NaN;
    a.lat[row] = c.lat ?? NaN;
  }

  private update(row: number, c: Pick<ColumnCaseRow, 'kind' | 'classCode' | 'source' | 'state' | 'departmentId' | 'overdue'>): void {
    const a = this.a;
    a.cls[row] = this.dims.classes.code(`${c.kind}:${c.classCode}`);
    a.source[row] = this.dims.sources.code(c.source);
    a.state[row] = this.dims.states.code(c.state);
    a.dept[row] = this.dims.departments.code(c.departmentId === null ? null : String(c.departmentId));
    a.overdue[row] = c.overdue;
  }

  /** Loads rows given in report order (the case table's reported_at order). */
  load(rows: Iterable<ColumnCaseRow>): void {
    for (const c of rows) this.upsert(c);
    this.sorted = this.length;
  }

  /** A new case is appended; a known one has its changing fields updated in place. */
  upsert(c: ColumnCaseRow): void {
    const known = c.id < this.rowOfId.length ? this.rowOfId[c.id]! : -1;
    if (known >= 0) {
      this.update(known, c);
      return;
    }
    this.grow(this.length + 1);
    const row = this.length++;
    this.write(row, c);
    this.mapId(c.id, row);
    if (this.sorted === row && (row === 0 || this.a.day[row - 1]! <= this.a.day[row]!)) this.sorted = row + 1;
    // Many late rows: sort once so windows are cut by binary search again.
    if (this.length - this.sorted > 4096) this.resort();
  }

  private resort(): void {
    const order = Array.from({ length: this.length }, (_, i) => i).sort((x, y) => this.a.day[x]! - this.a.day[y]! || this.a.id[x]! - this.a.id[y]!);
    const next = allocate(this.a.id.length);
    for (const key of Object.keys(next) as (keyof Arrays)[]) {
      const from = this.a[key] as Int32Array;
      const to = next[key] as Int32Array;
      for (let i = 0; i < order.length; i++) to[i] = from[order[i]!]!;
    }
    this.a = next;
    for (let i = 0; i < this.length; i++) this.rowOfId[this.a.id[i]!] = i;
    this.sorted = this.length;
  }

  /** First row of the sorted part whose day is >= day. */
  private lowerBound(day: number): number {
    let lo = 0;
    let hi = this.sorted;
    const d = this.a.day;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (d[mid]! < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Row ranges holding every case reported on days [fromDay, toDay): the binary-search cut of
   * the sorted part, plus the unsorted tail (whose rows the caller must check by day).
   */
  windows(fromDay: number, toDay: number): { from: number; to: number; checkDay: boolean }[] {
    const out = [{ from: this.lowerBound(fromDay), to: this.lowerBound(toDay), checkDay: false }];
    if (this.sorted < this.length) out.push({ from: this.sorted, to: this.length, checkDay: true });
    return out;
  }

  /** The earliest report day of any case (null: no cases): where the county's records begin. */
  firstDay(): number | null {
    if (this.length === 0) return null;
    let first = this.sorted > 0 ? this.a.day[0]! : Infinity;
    for (let i = this.sorted; i < this.length; i++) first = Math.min(first, this.a.day[i]!);
    return first;
  }

  rowOf(id: number): number {
    return id < this.rowOfId.length ? this.rowOfId[id]! : -1;
  }

  /**
   * The columns as plain data: each row array cut to the rows in use plus room for the next
   * cases (they are appended in place after a read), and the row of each case id.
   */
  snapshot(): ColumnSnapshot {
    const room = Math.min(this.a.id.length, this.length + Math.max(4096, Math.ceil(this.length / 50)));
    const arrays: ColumnSnapshot['arrays'] = {};
    for (const [key, array] of Object.entries(this.a) as [keyof Arrays, Arrays[keyof Arrays]][]) arrays[key] = array.subarray(0, room);
    arrays.rowOfId = this.rowOfId;
    const dims: Record<string, string[]> = {};
    for (const name of DIMENSIONS) dims[name] = this.dims[name].values;
    return { utcOffsetMs: this.utcOffsetMs, length: this.length, sorted: this.sorted, dims, arrays };
  }

  /** Columns over a snapshot's arrays (viewed, not copied). Undefined when its shape is not this version's. */
  static fromSnapshot(s: ColumnSnapshot): CaseColumns | undefined {
    const c = new CaseColumns(s.utcOffsetMs);
    const template = allocate(0);
    const rows = s.arrays.id?.length ?? 0;
    const arrays: Partial<Arrays> = {};
    for (const key of Object.keys(template) as (keyof Arrays)[]) {
      const array = s.arrays[key];
      if (!array || array.constructor !== template[key].constructor || array.length !== rows) return undefined;
      (arrays as Record<string, unknown>)[key] = array;
    }
    const rowOfId = s.arrays.rowOfId;
    if (!(rowOfId instanceof Int32Array) || s.length > rows || s.sorted > s.length) return undefined;
    for (const name of DIMENSIONS) {
      const values = s.dims[name];
      if (!Array.isArray(values) || values[0] !== '') return undefined;
      for (let i = 1; i < values.length; i++) c.dims[name].code(values[i]!);
      if (c.dims[name].size !== values.length) return undefined;
    }
    c.a = arrays as Arrays;
    c.rowOfId = rowOfId;
    c.length = s.length;
    c.sorted = s.sorted;
    return c;
  }

  /** Memory held by the columns, in bytes. */
  get bytes(): number {
    return Object.values(this.a).reduce((sum, arr: ArrayBufferView) => sum + arr.byteLength, 0) + this.rowOfId.byteLength;
  }
}
