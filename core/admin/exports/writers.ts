// Streaming writers for exports: CSV (UTF-8 with a byte-order mark, so Excel in Chinese
// Windows opens it right), GeoJSON (a FeatureCollection written feature by feature) and
// Excel (exceljs's streaming workbook writer). Rows come from an async source in pages, so an
// export of 1.44 M components never sits in memory.
import { PassThrough, type Readable } from 'node:stream';

export type ExportFormat = 'geojson' | 'csv' | 'xlsx';

export type ExportValue = string | number | boolean | null;

/** A page's rows as cell values, in column order (lookups such as names may be asynchronous). */
async function cells<Row>(spec: ExportSpec<Row>, page: Row[]): Promise<ExportValue[][]> {
  const out: ExportValue[][] = [];
  for (const r of page) {
    const row: ExportValue[] = [];
    for (const c of spec.columns) row.push(await c.value(r));
    out.push(row);
  }
  return out;
}

export interface ExportColumn<Row> {
  key: string;
  header: string;
  value: (row: Row) => ExportValue | Promise<ExportValue>;
  width?: number;
}

export interface ExportSpec<Row> {
  sheet: string;
  columns: ExportColumn<Row>[];
  geometry: (row: Row) => unknown;
  /** Pages of rows; the writer asks for the next page when the last is written. */
  pages: () => AsyncIterable<Row[]>;
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  geojson: 'application/geo+json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function csvCell(v: string | number | boolean | null): string {
  if (v === null) return '';
  const t = String(v);
  return /[",\r\n]/.test(t) || /^[=+\-@]/.test(t) ? `"${t.replace(/"/g, '""').replace(/^([=+\-@])/, "'$1")}"` : t;
}

/** Writes with back-pressure: waits for 'drain' when the stream's buffer is full. */
async function write(out: PassThrough, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

export function exportStream<Row>(format: ExportFormat, spec: ExportSpec<Row>): Readable {
  const out = new PassThrough();
  const run = async () => {
    if (format === 'csv') {
      await write(out, `\uFEFF${spec.columns.map((c) => csvCell(c.header)).join(',')}\r\n`);
      for await (const page of spec.pages()) {
        await write(out, (await cells(spec, page)).map((values) => values.map((v) => csvCell(v)).join(',') + '\r\n').join(''));
      }
    } else if (format === 'geojson') {
      await write(out, '{"type":"FeatureCollection","features":[\n');
      let first = true;
      for await (const page of spec.pages()) {
        const values = await cells(spec, page);
        const text = page
          .map((r, k) => {
            const properties = Object.fromEntries(spec.columns.map((c, j) => [c.key, values[k]![j]]));
            const f = JSON.stringify({ type: 'Feature', geometry: spec.geometry(r), properties });
            const line = first ? f : `,\n${f}`;
            first = false;
            return line;
          })
          .join('');
        await write(out, text);
      }
      await write(out, '\n]}\n');
    } else {
      // exceljs loads with the first workbook written, not at the server's start (about 1 s of it).
      const { default: ExcelJS } = await import('exceljs');
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
      const sheet = workbook.addWorksheet(spec.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
      sheet.columns = spec.columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 14 }));
      sheet.getRow(1).font = { bold: true };
      sheet.getRow(1).commit();
      for await (const page of spec.pages()) {
        for (const values of await cells(spec, page)) sheet.addRow(values).commit();
      }
      sheet.commit();
      await workbook.commit();
      return; // the workbook ends the stream
    }
    out.end();
  };
  run().catch((error: unknown) => out.destroy(error as Error));
  return out;
}
