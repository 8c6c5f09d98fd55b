// The printable evaluation report (综合评价报告): PDF with charts, and the same figures in Excel.
// PDF: pdfkit with the system's CJK font (Noto Sans CJK on Debian, Microsoft YaHei on Windows);
// charts are ECharts rendered to SVG on the server (its SSR mode) and drawn as vectors by
// svg-to-pdfkit, so they print sharp. No browser is needed on the server.
import { existsSync } from 'node:fs';
// pdfkit, ECharts and svg-to-pdfkit load with the first report, not at the server's start.
// eslint-disable-next-line no-restricted-imports
import type * as EchartsModule from 'echarts';
import type SVGtoPDFModule from 'svg-to-pdfkit';
import type { Table } from '../index.js';
import { AppError } from '../../runtime/errors.js';
import type { Evaluation, EvaluationRow } from './service.js';
import { OBJECT_DEFS, type EvaluatedObject } from './indicators.js';

/** CJK fonts to try, with the face to pick inside a collection. */
const FONT_CANDIDATES: { file: string; face?: string }[] = [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { file: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', face: 'NotoSerifCJKsc-Regular' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'WenQuanYiMicroHei' },
  { file: 'C:\\Windows\\Fonts\\msyh.ttc', face: 'MicrosoftYaHei' },
  { file: '/System/Library/Fonts/PingFang.ttc', face: 'PingFangSC-Regular' },
];

export function findCjkFont(env: NodeJS.ProcessEnv = process.env): { file: string; face?: string } {
  if (env.GRIDHALL_REPORT_FONT && existsSync(env.GRIDHALL_REPORT_FONT)) return { file: env.GRIDHALL_REPORT_FONT, face: env.GRIDHALL_REPORT_FONT_FACE };
  const found = FONT_CANDIDATES.find((f) => existsSync(f.file));
  if (!found) {
    throw new AppError('unavailable', 'No Chinese font for the PDF report: install fonts-noto-cjk or set GRIDHALL_REPORT_FONT (缺少中文字体，无法生成 PDF)');
  }
  return found;
}

export interface ReportInput {
  countyName: string;
  title: string;
  /** When it was made, as the county's wall clock reads it ("2026-12-01 09:30"). */
  generatedAt: string;
  regions: Evaluation;
  departments: Evaluation;
  positions: Evaluation[];
  /** 超期 events in the period (the automatic evaluations). */
  overdueCount: number;
}

const fmt = (x: number | null | undefined, digits = 2) => (x === null || x === undefined ? '—' : Number.isInteger(x) ? String(x) : x.toFixed(digits));
/** The rank, or why there is none: not scored, or scored on fewer cases than the county ranks (样本少). */
const rankOf = (r: EvaluationRow) => (r.rank !== null ? String(r.rank) : r.score !== null ? '样本少' : '—');
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${x.toFixed(2)}%`);

/** A horizontal bar chart of scores, bars in their grade colours, as SVG text. */
function scoreChartSvg(echarts: Echarts, title: string, rows: EvaluationRow[], width: number, height: number): string {
  const shown = rows.filter((r) => r.score !== null).slice(0, 15).reverse();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: 'cjk' },
    title: { text: title, left: 'center', textStyle: { fontSize: 13, fontFamily: 'cjk' } },
    grid: { left: 120, right: 50, top: 32, bottom: 24 },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { fontSize: 9, fontFamily: 'cjk' } },
    yAxis: { type: 'category', data: shown.map((r) => r.name), axisLabel: { fontSize: 9, fontFamily: 'cjk' } },
    series: [
      {
        type: 'bar',
        data: shown.map((r) => ({ value: r.score, itemStyle: { color: r.colour ?? '#999' } })),
        label: { show: true, position: 'right', fontSize: 9, fontFamily: 'cjk', formatter: (p: { value: number }) => p.value.toFixed(1) },
      },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** Grade distribution as a small bar chart. */
function gradeChartSvg(echarts: Echarts, evaluations: Evaluation[], width: number, height: number): string {
  const grades = evaluations[0]!.settings.grades;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: 'cjk' },
    title: { text: '等级分布', left: 'center', textStyle: { fontSize: 13, fontFamily: 'cjk' } },
    legend: { bottom: 0, textStyle: { fontSize: 9, fontFamily: 'cjk' } },
    grid: { left: 40, right: 16, top: 32, bottom: 40 },
    xAxis: { type: 'category', data: evaluations.map((e) => OBJECT_DEFS[e.object].zh), axisLabel: { fontSize: 9, fontFamily: 'cjk' } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 9, fontFamily: 'cjk' } },
    series: grades.map((g) => ({ name: g.grade, type: 'bar', stack: 'g', itemStyle: { color: g.colour }, data: evaluations.map((e) => e.gradeCounts[g.grade] ?? 0) })),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** A simple ruled table; returns the y after it, starting a new page when it runs out. */
export function drawTable(doc: PDFKit.PDFDocument, headers: string[], rows: string[][], widths: number[], colours?: (string | null)[]): void {
  const left = doc.page.margins.left;
  const rowH = 16;
  const bottom = doc.page.height - doc.page.margins.bottom;
  // Never leave a header alone at the foot of a page.
  if (doc.y + rowH * 3 > bottom) doc.addPage();
  const header = () => {
    let x = left;
    doc.rect(left, doc.y, widths.reduce((s, w) => s + w, 0), rowH).fill('#e6eef8');
    doc.fillColor('#0b2545').fontSize(8);
    const y = doc.y;
    headers.forEach((h, i) => {
      doc.text(h, x + 2, y + 4, { width: widths[i]! - 4, lineBreak: false, ellipsis: true });
      x += widths[i]!;
    });
    doc.y = y + rowH;
  };
  header();
  rows.forEach((row, r) => {
    if (doc.y + rowH > bottom) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    if (r % 2 === 1) doc.rect(left, y, widths.reduce((s, w) => s + w, 0), rowH).fill('#f6f8fb');
    let x = left;
    row.forEach((cell, i) => {
      const colour = i === row.length - 1 ? colours?.[r] : null;
      if (colour) {
        doc.roundedRect(x + 2, y + 2, widths[i]! - 8, rowH - 4, 3).fill(colour);
        doc.fillColor('#ffffff');
      } else {
        doc.fillColor('#1f2937');
      }
      doc.fontSize(8).text(cell, x + 3, y + 4, { width: widths[i]! - 6, lineBreak: false, ellipsis: true, align: colour ? 'center' : 'left' });
      x += widths[i]!;
    });
    doc.y = y + rowH;
  });
  doc.x = left;
  doc.moveDown(0.8);
}

export function heading(doc: PDFKit.PDFDocument, text: string): void {
  if (doc.y > doc.page.height - 160) doc.addPage();
  doc.moveDown(0.4).fillColor('#0b2545').fontSize(13).text(text, doc.page.margins.left, doc.y);
  doc.moveDown(0.3);
}

type Echarts = typeof EchartsModule;

export async function reportPdf(input: ReportInput): Promise<Buffer> {
  // ECharts' server-side renderer (ssr: true, SVG strings) uses no DOM, which is what the rule guards.
  const echarts: Echarts = await import('echarts');
  const { default: PDFDocument } = await import('pdfkit');
  const SVGtoPDF: typeof SVGtoPDFModule = (await import('svg-to-pdfkit')).default;
  const font = findCjkFont();
  const doc = new PDFDocument({ size: 'A4', margins: { top: 50, bottom: 50, left: 48, right: 48 }, info: { Title: input.title, Author: input.countyName, Creator: 'Gridhall 网格指挥厅' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.file, font.face);
  doc.font('cjk');
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const svg = (text: string, h: number) => {
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
    SVGtoPDF(doc, text, doc.page.margins.left, doc.y, { width, height: h, fontCallback: () => 'cjk' });
    doc.y += h + 8;
  };

  doc.fillColor('#0b2545').fontSize(20).text(input.title, { align: 'center' });
  doc.moveDown(0.3).fontSize(10).fillColor('#4b5563').text(`${input.countyName} · 评价期 ${input.regions.period.from} 至 ${input.regions.period.to} · 生成于 ${input.generatedAt}`, { align: 'center' });
  doc.moveDown(1);

  const t = input.regions.total;
  heading(doc, '一、总体情况');
  doc.fontSize(10).fillColor('#1f2937').text(
    `本期上报 ${t.counts.reported ?? 0} 件，立案 ${t.counts.registered ?? 0} 件，应结案 ${t.counts.due ?? 0} 件，结案 ${t.counts.closed ?? 0} 件，` +
      `其中按期结案 ${t.counts.closedOnTime ?? 0} 件。结案率 ${pct(t.rates.closeRate)}，按期结案率 ${pct(t.rates.onTimeCloseRate)}，` +
      `监督举报率 ${pct(t.rates.supervisionRate)}。部门超期处置 ${input.departments.total.counts.overdue ?? 0} 件，其中时限到期即自动评价 ${input.overdueCount} 次。`,
    { width, lineGap: 3 },
  );
  doc.moveDown(0.5);
  svg(gradeChartSvg(echarts, [input.regions, input.departments, ...input.positions], width, 200), 200);

  const chartHeight = (rows: EvaluationRow[]) => 70 + 18 * Math.min(15, Math.max(2, rows.filter((r) => r.score !== null).length));
  heading(doc, '二、专业部门评价');
  svg(scoreChartSvg(echarts, '部门综合得分（前 15 名）', input.departments.rows, width, chartHeight(input.departments.rows)), chartHeight(input.departments.rows));
  drawTable(
    doc,
    ['排名', '部门', '立案数', '应处置', '按期处置率', '结案率', '返工率', '得分', '等级'],
    input.departments.rows.map((r) => [rankOf(r), r.name, fmt(r.counts.assigned), fmt(r.counts.toDispose), pct(r.rates.onTimeDisposeRate), pct(r.rates.closeRate), pct(r.rates.reworkRate), fmt(r.score), r.grade ?? '无数据']),
    [30, 110, 45, 45, 60, 55, 50, 50, 54],
    input.departments.rows.map((r) => r.colour),
  );

  heading(doc, `三、区域评价（${OBJECT_DEFS[input.regions.object].zh}）`);
  svg(scoreChartSvg(echarts, `${OBJECT_DEFS[input.regions.object].zh}综合得分（前 15 名）`, input.regions.rows, width, chartHeight(input.regions.rows)), chartHeight(input.regions.rows));
  drawTable(
    doc,
    ['排名', '区域', '上报数', '立案数', '应结案', '结案率', '按期结案率', '得分', '等级'],
    input.regions.rows.map((r) => [rankOf(r), r.name, fmt(r.counts.reported), fmt(r.counts.registered), fmt(r.counts.due), pct(r.rates.closeRate), pct(r.rates.onTimeCloseRate), fmt(r.score), r.grade ?? '—']),
    [30, 110, 50, 50, 50, 55, 60, 50, 44],
    input.regions.rows.map((r) => r.colour),
  );

  heading(doc, '四、岗位评价');
  for (const e of input.positions) {
    const def = OBJECT_DEFS[e.object];
    doc.fontSize(11).fillColor('#0b2545').text(def.zh);
    doc.moveDown(0.2);
    const rateKeys = def.rates.map((r) => r.key);
    drawTable(
      doc,
      ['排名', '姓名', ...def.rates.map((r) => r.zh), '得分', '等级'],
      e.rows.map((r) => [rankOf(r), r.name, ...rateKeys.map((k) => pct(r.rates[k])), fmt(r.score), r.grade ?? '无数据']),
      [30, 90, ...rateKeys.map(() => Math.floor((width - 30 - 90 - 50 - 54) / rateKeys.length)), 50, 54],
      e.rows.map((r) => r.colour),
    );
  }

  heading(doc, '五、说明');
  doc.fontSize(8.5).fillColor('#4b5563').text(
    '结案率、按期结案率以应结案数为分母（应结案数 = 处置数 + 超时未处置数）。区域按立案日期、部门按派遣日期、岗位按本人操作日期统计。' +
      '权重与分值档次为本县设置（系统维护 → 综合评价）。等级：A ≥ 90（绿），B ≥ 75（蓝），C ≥ 60（黄），D ≥ 40（红），E < 40（黑）。' +
      `案件少于 ${input.departments.settings.minCases} 件的对象列出得分，不参与排名（排名栏“样本少”）。`,
    { width, lineGap: 2 },
  );
  doc.end();
  return done;
}

/** The evaluation tables for Excel: every count, rate, term, score and grade. */
export function evaluationTable(e: Evaluation): Table {
  const def = OBJECT_DEFS[e.object];
  return {
    name: def.zh,
    headers: ['排名', '编码', '名称', '上级', ...def.counts.map((c) => c.zh), ...def.rates.map((r) => `${r.zh}(%)`), ...def.terms.map((t) => `${t.zh}分值`), '综合得分', '等级'],
    rows: e.rows.map((r) => [
      r.rank,
      r.subject,
      r.name,
      r.parent,
      ...def.counts.map((c) => r.counts[c.key] ?? 0),
      ...def.rates.map((x) => r.rates[x.key] ?? null),
      ...def.terms.map((t) => r.terms[t.key] ?? null),
      r.score,
      r.grade,
    ]),
  };
}

export const REPORT_OBJECTS: EvaluatedObject[] = ['street', 'community', 'grid', 'department', 'inspector', 'acceptor', 'shift_leader', 'dispatcher'];
