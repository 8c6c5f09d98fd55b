// 综合评价 API: scores and rankings for a period, the cases behind any figure, the county's
// weights and grade bands (read by all, changed by admin or leader), the automatic
// evaluation log, and the printable report (PDF) and workbook (Excel).
import { parsePeriod } from '../index.js';
import { toXlsx } from '../index.js';
import { badRequest } from '../../runtime/errors.js';
import { attachment } from '../heatmap/routes.js';
import type { GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { route } from '../../server/route.js';
import { DEFAULT_SETTINGS, type EvaluationSettings } from '../../workflow/settings/index.js';
import { OBJECT_DEFS } from './indicators.js';
import { evaluationTable, REPORT_OBJECTS, reportPdf } from './report.js';
import { zonedDateTime } from '../../runtime/zone.js';

/** Rules a schema cannot say: weights sum to 100, bands start at 0, grades step down to 0. */
export function checkEvaluationSettings(s: EvaluationSettings): void {
  for (const [group, weights] of Object.entries(s.weights)) {
    const sum = Object.values(weights as Record<string, number>).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 100) > 1e-6) throw badRequest(`The weights of ${group} add up to ${sum}, not 100 (权重合计应为 100)`, `weights.${group}`);
  }
  for (const [name, bands] of Object.entries(s.bands)) {
    if (!bands.some((b) => b.from === 0)) throw badRequest(`The bands of ${name} need one starting at 0 (分值档次须从 0 开始)`, `bands.${name}`);
    if (new Set(bands.map((b) => b.from)).size !== bands.length) throw badRequest(`Two bands of ${name} start at the same value`, `bands.${name}`);
  }
  const grades = s.grades.map((g) => g.grade).join('');
  if (grades !== 'ABCDE') throw badRequest('Grades must be A, B, C, D, E in that order (等级须为 A–E)', 'grades');
  for (let i = 1; i < s.grades.length; i++) {
    if (!(s.grades[i]!.min < s.grades[i - 1]!.min)) throw badRequest(`Grade ${s.grades[i]!.grade} must start below grade ${s.grades[i - 1]!.grade} (等级分数线须递减)`, 'grades');
  }
  if (s.grades[s.grades.length - 1]!.min !== 0) throw badRequest('Grade E must start at 0 (E 级须从 0 分开始)', 'grades');
}

export function evaluationRoutes(app: GridhallApp, ctx: CountyContext): void {
  const evaluation = ctx.evaluation;

  route(app, 'evaluation.get', async (request) => {
      const q = request.query;
      const object = q.object;
      const result = await evaluation.evaluate(object, parsePeriod(q));
      const def = OBJECT_DEFS[object];
      return { ...result, definition: { zh: def.zh, en: def.en, counts: def.counts, rates: def.rates, terms: def.terms, group: def.group } };
  });

  route(app, 'evaluation.cases', async (request) => {
      const q = request.query;
      const found = await evaluation.drill(q.object, q.subject, q.measure, parsePeriod(q));
      return evaluation.drillPage(found, q.limit ?? 50, q.offset ?? 0);
  });

  route(app, 'evaluation.overdue', async (request) => {
      const q = request.query;
      return { items: await evaluation.overdueLog(parsePeriod(q), q.limit ?? 500) };
  });

  route(app, 'evaluation.settings', async () => ({ settings: await evaluation.current(), defaults: DEFAULT_SETTINGS.evaluation }));

  route(app, 'evaluation.saveSettings', async (request) => {
      const body = { ...request.body, minCases: request.body.minCases ?? (await evaluation.current()).minCases };
      checkEvaluationSettings(body);
      await ctx.settings.set('evaluation', body, ctx.clock.now(), request.user!.id);
      ctx.events.publish('evaluation.settings', { by: request.user!.username });
      return { settings: await evaluation.current() };
  });

  route(app, 'evaluation.report', async (request, reply) => {
      const q = request.query;
      const period = parsePeriod(q);
      const region = q.region ?? 'street';
      const county = await ctx.county.get();
      const countyName = county?.name ?? '本县';
      const title = `${countyName}数字城管综合评价报告（${period.label}）`;
      if (q.format === 'xlsx') {
        const tables = await Promise.all(REPORT_OBJECTS.map(async (o) => evaluationTable(await evaluation.evaluate(o, period))));
        const book = await toXlsx(tables, {
          title,
          lines: [
            ['评价期', period.label],
            ['说明', '结案率、按期结案率以应结案数为分母；区域按立案日期、部门按派遣日期、岗位按本人操作日期统计'],
          ],
        });
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('Content-Disposition', attachment(`综合评价-${period.label}.xlsx`))
          .send(book);
      }
      const pdf = await reportPdf({
        countyName,
        title,
        generatedAt: zonedDateTime(ctx.clock.now(), (await ctx.settings.get('calendar')).timeZone).slice(0, 16),
        regions: await evaluation.evaluate(region, period),
        departments: await evaluation.evaluate('department', period),
        positions: (await Promise.all((['inspector', 'acceptor', 'shift_leader', 'dispatcher'] as const).map(async (o) => await evaluation.evaluate(o, period)))),
        overdueCount: (await evaluation.overdueLog(period, 100_000)).length,
      });
      return reply.type('application/pdf').header('Content-Disposition', attachment(`综合评价-${period.label}.pdf`)).send(pdf);
  });
}
