// How a store module maps its table: camelCase fields in TypeScript, snake_case columns in
// SQL, one named prepared statement per query (`<prefix>.<query>`). A store describes its
// table once (columns, key, extent, filters) and inherits insertMany/get/list/count; the SQL
// of anything more lives in the store itself.
import type { Db } from './database.js';
import type { BBox } from '../base/geo/index.js';

/** A column name, or a 0/1 column read and written as a boolean. */
export type ColumnSpec = string | { column: string; bool: true };
export type Columns<Row> = { readonly [K in keyof Row]-?: ColumnSpec };

export interface PageQuery {
  limit?: number;
  offset?: number;
}

/** Paging, a bbox where rows have a place, and equality filters named by the store. */
export type ListQuery<Filter extends string = never> = PageQuery & { bbox?: BBox } & { [F in Filter]?: string | number };

export const DEFAULT_PAGE_SIZE = 500;
export const MAX_PAGE_SIZE = 10_000;

/** Clamps paging to sane bounds so a caller cannot ask for the whole county by mistake. */
export function pageOf(query: PageQuery): { limit: number; offset: number } {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE);
  const offset = Math.max(Math.trunc(query.offset ?? 0), 0);
  return { limit, offset };
}

/** A row's place: a point in two columns, or its own west/south/east/north box. */
export type Extent = { lon: string; lat: string } | 'box';

function extentSql(extent: Extent): string {
  return extent === 'box'
    ? 'east >= @west AND west <= @east AND north >= @south AND south <= @north'
    : `${extent.lon} BETWEEN @west AND @east AND ${extent.lat} BETWEEN @south AND @north`;
}

export class TableMap<Row extends object> {
  /** `code, community_code AS communityCode, ...`: selects rows already in TypeScript shape. */
  readonly selectList: string;
  private readonly fields: (keyof Row)[];
  private readonly columnNames: string[];
  private readonly boolFields: (keyof Row)[];
  private readonly boolIndexes: number[];

  constructor(
    private readonly db: Db,
    readonly prefix: string,
    readonly table: string,
    columns: Columns<Row>,
  ) {
    this.fields = Object.keys(columns) as (keyof Row)[];
    this.columnNames = this.fields.map((f) => columnOf(columns[f]));
    this.boolFields = this.fields.filter((f) => typeof columns[f] !== 'string');
    this.boolIndexes = this.boolFields.map((f) => this.fields.indexOf(f));
    this.selectList = this.fields
      .map((f, k) => (this.columnNames[k] === f ? String(f) : `${this.columnNames[k]} AS ${String(f)}`))
      .join(', ');
  }

  /** Inserts every row with one prepared statement; call it inside a transaction. */
  async insertMany(rows: Iterable<Row> | AsyncIterable<Row>): Promise<number> {
    const placeholders = this.columnNames.map(() => '?').join(', ');
    const stmt = this.db.statement(
      `${this.prefix}.insert`,
      `INSERT INTO ${this.table} (${this.columnNames.join(', ')}) VALUES (${placeholders})`,
    );
    const fields = this.fields;
    const bools = this.boolIndexes;
    let count = 0;
    for await (const row of rows) {
      const values: unknown[] = fields.map((f) => row[f]);
      for (const k of bools) values[k] = values[k] ? 1 : 0;
      await stmt.run(values);
      count++;
    }
    return count;
  }

  /** One row by a WHERE clause; `name` becomes `<prefix>.<name>`. */
  async one(name: string, where: string, params?: Record<string, unknown> | unknown[]): Promise<Row | undefined> {
    const row = await this.db
      .statement<Row>(`${this.prefix}.${name}`, `SELECT ${this.selectList} FROM ${this.table} WHERE ${where}`)
      .get(params);
    return row === undefined ? undefined : this.fromDb(row);
  }

  /** Rows by the rest of a SELECT (`WHERE ... ORDER BY ... LIMIT ...`). */
  async many(name: string, tail: string, params?: Record<string, unknown> | unknown[]): Promise<Row[]> {
    const rows = await this.db
      .statement<Row>(`${this.prefix}.${name}`, `SELECT ${this.selectList} FROM ${this.table} ${tail}`)
      .all(params);
    return this.boolFields.length === 0 ? rows : rows.map((r) => this.fromDb(r));
  }

  async count(): Promise<number> {
    const row = await this.db.statement<{ n: number }>(`${this.prefix}.count`, `SELECT count(*) AS n FROM ${this.table}`).get();
    return row?.n ?? 0;
  }

  private fromDb(row: Row): Row {
    for (const f of this.boolFields) (row as Record<keyof Row, unknown>)[f] = Boolean(row[f]);
    return row;
  }
}

export interface TableSpec<Row, Filter extends string> {
  /** Statement-name prefix, e.g. `grids` gives `grids.insert`, `grids.get`. */
  prefix: string;
  table: string;
  columns: Columns<Row>;
  /** The column `get` looks rows up by, and lists are ordered by. */
  key: string;
  extent?: Extent;
  /** Query field -> column, for `list({ gridCode: '...' })`. */
  filters?: { readonly [F in Filter]: string };
}

/** The common life of a store: bulk insert, get by key, list with filters and paging, count. */
export class TableStore<Row extends object, Filter extends string = never> {
  protected readonly table: TableMap<Row>;
  private readonly spec: TableSpec<Row, Filter>;

  constructor(db: Db, spec: TableSpec<Row, Filter>) {
    this.spec = spec;
    this.table = new TableMap<Row>(db, spec.prefix, spec.table, spec.columns);
  }

  /** Inserts with one prepared statement; call inside a transaction. */
  insertMany(rows: Iterable<Row> | AsyncIterable<Row>): Promise<number> {
    return this.table.insertMany(rows);
  }

  get(key: string | number): Promise<Row | undefined> {
    return this.table.one('get', `${this.spec.key} = ?`, [key]);
  }

  /**
   * Rows by key. A bbox keeps rows whose point (or box) lies in (meets) it; filters must
   * match exactly; each combination is its own named statement, e.g. `components.list[bbox,classCode]`.
   */
  list(query: ListQuery<Filter> = {}): Promise<Row[]> {
    const where: string[] = [];
    const params: Record<string, unknown> = { ...pageOf(query) };
    const used: string[] = [];
    if (query.bbox && this.spec.extent) {
      where.push(extentSql(this.spec.extent));
      Object.assign(params, { west: query.bbox.west, south: query.bbox.south, east: query.bbox.east, north: query.bbox.north });
      used.push('bbox');
    }
    const filters = (this.spec.filters ?? {}) as Record<string, string>;
    for (const [field, column] of Object.entries(filters)) {
      const value = (query as Record<string, unknown>)[field];
      if (value === undefined) continue;
      where.push(`${column} = @${field}`);
      params[field] = value;
      used.push(field);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')} ` : '';
    return this.table.many(`list[${used.join(',')}]`, `${whereSql}ORDER BY ${this.spec.key} LIMIT @limit OFFSET @offset`, params);
  }

  count(): Promise<number> {
    return this.table.count();
  }

  /** Every matching row, a page at a time: for rebuilds (base-map index, building tiles). */
  async *each(query: Omit<ListQuery<Filter>, 'limit' | 'offset'> = {} as Omit<ListQuery<Filter>, 'limit' | 'offset'>): AsyncGenerator<Row> {
    for (let offset = 0; ; offset += MAX_PAGE_SIZE) {
      const rows = await this.list({ ...query, limit: MAX_PAGE_SIZE, offset } as ListQuery<Filter>);
      yield* rows;
      if (rows.length < MAX_PAGE_SIZE) return;
    }
  }
}

function columnOf(spec: ColumnSpec): string {
  return typeof spec === 'string' ? spec : spec.column;
}
