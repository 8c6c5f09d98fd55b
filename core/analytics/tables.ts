// Tables for export: CSV (UTF-8 with a BOM, so Excel shows Chinese) and Excel workbooks
// (exceljs), one sheet per table. Heatmap and evaluation exports both speak this shape.

export type Cell = string | number | null;

export interface Table {
  /** Sheet name (Excel allows 31 characters and no []:*?/\). */
  name: string;
  headers: string[];
  rows: Cell[][];
}

function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  // Quote what needs it; a leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(table: Table): Buffer {
  const lines = [table.headers, ...table.rows].map((row) => row.map(csvCell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function toXlsx(tables: Table[], meta: { title: string; lines: [string, string][] }): Promise<Buffer> {
  // exceljs loads with the first workbook, not at the server's start (about 1 s of it).
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Gridhall 网格指挥厅';
  book.created = new Date();
  const about = book.addWorksheet('说明');
  about.addRow([meta.title]).font = { bold: true, size: 14 };
  for (const [k, v] of meta.lines) about.addRow([k, v]);
  about.getColumn(1).width = 18;
  about.getColumn(2).width = 60;
  for (const t of tables) {
    const sheet = book.addWorksheet(t.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31));
    const header = sheet.addRow(t.headers);
    header.font = { bold: true };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F2' } };
    for (const row of t.rows) sheet.addRow(row);
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    t.headers.forEach((h, i) => {
      const widest = Math.max(h.length * 2, ...t.rows.slice(0, 200).map((r) => String(r[i] ?? '').length + 2));
      sheet.getColumn(i + 1).width = Math.min(Math.max(widest, 8), 48);
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
