// Excel workbooks (.xlsx) through exceljs's streaming reader: the first worksheet, the first
// row as the header. Row numbers are the sheet's own.
// exceljs loads with the first workbook read, not at the server's start (about 1 s of it).
import type ExcelJS from 'exceljs';
import { statSync } from 'node:fs';
import { DEFAULT_BATCH, SourceError, type FeatureSource, type ReadNote, type RecordBatchOptions, type SourceInfo, type SourceRecord } from './source.js';

type Cell = ExcelJS.CellValue;

function plain(value: Cell): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return plain(value.result as Cell);
    if ('richText' in value) return value.richText.map((r) => r.text).join('').trim() || null;
    if ('text' in value) return String(value.text);
    if ('error' in value) return null;
  }
  return String(value as unknown);
}

async function* sheetRows(file: string): AsyncGenerator<{ row: number; values: (string | number | boolean | null)[] }> {
  const { default: Excel } = await import('exceljs');
  const reader = new Excel.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = (row.values as Cell[]).slice(1).map(plain);
      yield { row: row.number, values };
    }
    return; // the first sheet only
  }
}

export class ExcelSource implements FeatureSource {
  readonly notes: ReadNote[] = [];
  private constructor(
    private readonly file: string,
    readonly info: SourceInfo,
    private readonly headerRow: number,
  ) {}

  static async open(file: string): Promise<ExcelSource> {
    const bytes = statSync(file).size;
    let header: { row: number; values: (string | number | boolean | null)[] } | undefined;
    try {
      for await (const r of sheetRows(file)) {
        if (r.values.some((v) => v !== null)) {
          header = r;
          break;
        }
      }
    } catch (error) {
      throw new SourceError('excel.invalid', `the workbook cannot be read: ${(error as Error).message}`);
    }
    if (!header) throw new SourceError('excel.empty', 'the first worksheet is empty');
    const fields = header.values.map((v, k) => (v === null ? `column${k + 1}` : String(v).trim()));
    return new ExcelSource(file, { format: 'excel', fields, count: null, geometryType: 'none', rowKind: 'line', bytes }, header.row);
  }

  async *batches(options: RecordBatchOptions = {}): AsyncIterable<SourceRecord[]> {
    const size = options.batchSize ?? DEFAULT_BATCH;
    const fields = this.info.fields;
    const wanted = options.fields ? new Set(options.fields) : undefined;
    let batch: SourceRecord[] = [];
    for await (const r of sheetRows(this.file)) {
      if (r.row <= this.headerRow || r.values.every((v) => v === null)) continue;
      const props: SourceRecord['props'] = {};
      fields.forEach((name, k) => {
        if (!wanted || wanted.has(name)) props[name] = r.values[k] ?? null;
      });
      batch.push({ row: r.row, props, geometry: null });
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
    options.onProgress?.(1);
  }

  close(): void {}
}
