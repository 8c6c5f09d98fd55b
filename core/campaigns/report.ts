// A campaign's own report (专项报告): the PDF and the Excel workbook, on the evaluation report's
// parts (pdfkit with the system's CJK font and its table drawing; exceljs through toXlsx).
import { drawTable, findCjkFont, heading } from '../analytics/evaluation/index.js';
import { toXlsx, type Table } from '../analytics/index.js';
import type { CampaignDetail } from '../contract/campaigns.js';

const KIND = { survey: '专项普查', rectification: '专项整治' } as const;
const STATE = { planned: '未开始', active: '进行中', ended: '已到期', closed: '已结束' } as const;
const pct = (x: number | null) => (x === null ? '—' : `${x.toFixed(2)}%`);
/** County-day date (UTC+8 by default) of an ISO time. */
const day = (isoTime: string | null, offsetMin: number) => (isoTime ? new Date(Date.parse(isoTime) + offsetMin * 60_000).toISOString().slice(0, 10) : '—');
const lastDay = (isoTime: string, offsetMin: number) => new Date(Date.parse(isoTime) + offsetMin * 60_000 - 1).toISOString().slice(0, 10);

export function campaignLines(c: CampaignDetail, offsetMin: number): [string, string][] {
  const p = c.progress;
  return [
    ['专项名称', c.name],
    ['类型', KIND[c.kind]],
    ['状态', STATE[c.state]],
    ['时间', `${day(c.startsAt, offsetMin)} 至 ${lastDay(c.endsAt, offsetMin)}`],
    ['问题类别', c.classes.map((x) => `${x.name}（${x.key.split(':')[1]}）`).join('、')],
    ['网格覆盖', `${p.gridsCovered} / ${p.gridsTotal}（${pct(p.coverage)}，目标 ${p.targets.coverage}%${p.met.coverage ? '，已达标' : ''}）`],
    ['发现问题', `${p.found} 件`],
    ['已结案', `${p.closed} 件（结案率 ${pct(p.closeRate)}，目标 ${p.targets.closeRate}%${p.met.closeRate ? '，已达标' : ''}）`],
  ];
}

export function campaignTables(c: CampaignDetail): Table[] {
  return [
    { name: '网格', headers: ['网格编码', '监督员', '巡查完成', '发现问题', '已结案'], rows: c.grids.map((g) => [g.code, g.inspectorName, g.coveredAt, g.found, g.closed]) },
    { name: '监督员', headers: ['监督员', '任务网格', '已覆盖', '发现问题'], rows: c.inspectors.map((i) => [i.name, i.grids, i.covered, i.found]) },
    { name: '案件', headers: ['案卷号', '网格', '小类', '状态', '上报时间'], rows: c.cases.map((x) => [x.caseNo, x.gridCode, x.classCode, x.stateLabel.zh, x.reportedAt]) },
  ];
}

export function campaignXlsx(c: CampaignDetail, countyName: string, offsetMin: number): Promise<Buffer> {
  return toXlsx(campaignTables(c), { title: `${countyName}${KIND[c.kind]}报告：${c.name}`, lines: campaignLines(c, offsetMin) });
}

export async function campaignPdf(c: CampaignDetail, countyName: string, generatedAt: Date, offsetMin: number): Promise<Buffer> {
  // pdfkit loads with the first report, not at the server's start.
  const { default: PDFDocument } = await import('pdfkit');
  const font = findCjkFont();
  const title = `${KIND[c.kind]}报告：${c.name}`;
  const doc = new PDFDocument({ size: 'A4', margins: { top: 50, bottom: 50, left: 48, right: 48 }, info: { Title: title, Author: countyName, Creator: 'Gridhall 网格指挥厅' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.file, font.face);
  doc.font('cjk');
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  doc.fillColor('#0b2545').fontSize(20).text(title, { align: 'center' });
  doc.moveDown(0.3).fontSize(10).fillColor('#4b5563').text(`${countyName} · 生成于 ${day(generatedAt.toISOString(), offsetMin)}`, { align: 'center' });
  doc.moveDown(1);
  heading(doc, '一、概况');
  for (const [k, v] of campaignLines(c, offsetMin)) doc.fontSize(10).fillColor('#1f2937').text(`${k}：${v}`, { width, lineGap: 3 });
  if (c.description) doc.moveDown(0.3).fontSize(10).fillColor('#4b5563').text(c.description, { width, lineGap: 3 });
  // Progress bars: coverage and closing against their targets.
  doc.moveDown(0.6);
  const bar = (label: string, value: number, target: number) => {
    const y = doc.y;
    doc.fontSize(9).fillColor('#1f2937').text(label, doc.page.margins.left, y, { width: 80 });
    const x = doc.page.margins.left + 84;
    const w = width - 84 - 60;
    doc.rect(x, y + 1, w, 10).fill('#e5e7eb');
    doc.rect(x, y + 1, (w * Math.min(value, 100)) / 100, 10).fill(value >= target ? '#22c55e' : '#3b82f6');
    doc.moveTo(x + (w * target) / 100, y - 1).lineTo(x + (w * target) / 100, y + 13).strokeColor('#ef4444').lineWidth(1.5).stroke();
    doc.fontSize(9).fillColor('#1f2937').text(`${value.toFixed(1)}%`, x + w + 6, y, { width: 54 });
    doc.x = doc.page.margins.left;
    doc.y = y + 18;
  };
  bar('网格覆盖率', c.progress.coverage, c.progress.targets.coverage);
  bar('问题结案率', c.progress.closeRate ?? 0, c.progress.targets.closeRate);
  doc.moveDown(0.5);
  heading(doc, '二、监督员');
  drawTable(doc, ['监督员', '任务网格', '已覆盖', '发现问题'], c.inspectors.map((i) => [i.name, String(i.grids), String(i.covered), String(i.found)]), [160, 110, 110, 119]);
  heading(doc, '三、网格');
  drawTable(doc, ['网格编码', '监督员', '巡查完成', '发现', '结案'], c.grids.map((g) => [g.code, g.inspectorName ?? '—', g.coveredAt ? day(g.coveredAt, offsetMin) : '未完成', String(g.found), String(g.closed)]), [130, 110, 110, 75, 74]);
  if (c.cases.length) {
    heading(doc, '四、发现的问题');
    drawTable(doc, ['案卷号', '网格', '小类', '状态', '上报日期'], c.cases.map((x) => [x.caseNo, x.gridCode ?? '—', x.classCode, x.stateLabel.zh, day(x.reportedAt, offsetMin)]), [120, 120, 60, 100, 99]);
  }
  doc.end();
  return done;
}
