// 综合评价 API: scores and rankings for a period, the cases behind any figure, the county's
// weights and grade bands (read by all, changed by admin or leader), the automatic
// evaluation log, and the printable report (PDF) and workbook (Excel).
import { Type, type Static } from 'typebox';
import { parsePeriod } from '../index.js';
import { toXlsx } from '../index.js';
import { badRequest } from '../../runtime/errors.js';
import { attachment } from '../heatmap/routes.js';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import { EVALUATION_EDITORS, VIEWERS } from '../../contract/roles.js';
import type { CountyContext } from '../../server/context.js';
import { withErrors } from '../../server/schemas.js';
import { DEFAULT_SETTINGS, type EvaluationSettings } from '../../workflow/settings/index.js';
import { OBJECT_DEFS, OBJECTS, type EvaluatedObject } from './indicators.js';
import { evaluationTable, REPORT_OBJECTS, reportPdf } from './report.js';
import { zonedDateTime } from '../../runtime/zone.js';

const PeriodSchema = {
  period: Type.Optional(Type.String({ maxLength: 10, description: '2026-03, 2026-Q1 or 2026; or give from and to' })),
  from: Type.Optional(Type.String({ maxLength: 10 })),
  to: Type.Optional(Type.String({ maxLength: 10 })),
};
const ObjectSchema = Type.Union(OBJECTS.map((o) => Type.Literal(o)));
const EvaluateQuery = Type.Object({ object: ObjectSchema, ...PeriodSchema }, { additionalProperties: false });
const DrillQuery = Type.Object(
  {
    object: ObjectSchema,
    subject: Type.String({ minLength: 1, maxLength: 20 }),
    measure: Type.String({ minLength: 1, maxLength: 40 }),
    ...PeriodSchema,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
const ReportQuery = Type.Object(
  { format: Type.Union([Type.Literal('pdf'), Type.Literal('xlsx')]), region: Type.Optional(Type.Union([Type.Literal('street'), Type.Literal('community'), Type.Literal('grid')])), ...PeriodSchema },
  { additionalProperties: false },
);
const LogQuery = Type.Object({ ...PeriodSchema, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, default: 500 })) }, { additionalProperties: false });

const Weight = Type.Number({ minimum: 0, maximum: 100 });
const weightsOf = (keys: readonly string[]) => Type.Object(Object.fromEntries(keys.map((k) => [k, Weight])), { additionalProperties: false });
const Bands = Type.Array(Type.Object({ from: Type.Number({ minimum: 0, maximum: 1e9 }), score: Type.Number({ minimum: 0, maximum: 100 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 20 });
const SettingsBody = Type.Object(
  {
    weights: Type.Object(
      Object.fromEntries(Object.entries(DEFAULT_SETTINGS.evaluation.weights).map(([group, w]) => [group, weightsOf(Object.keys(w))])),
      { additionalProperties: false },
    ),
    bands: Type.Object(Object.fromEntries(Object.keys(DEFAULT_SETTINGS.evaluation.bands).map((k) => [k, Bands])), { additionalProperties: false }),
    grades: Type.Array(
      Type.Object(
        {
          grade: Type.Union(['A', 'B', 'C', 'D', 'E'].map((g) => Type.Literal(g))),
          min: Type.Number({ minimum: 0, maximum: 100 }),
          colour: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
        },
        { additionalProperties: false },
      ),
      { minItems: 5, maxItems: 5 },
    ),
  },
  { additionalProperties: false },
);

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
  const security = [{ bearer: [] }];
  const evaluation = ctx.evaluation;

  app.get(
    '/api/evaluation',
    { preHandler: authorize(VIEWERS), schema: { tags: ['evaluation'], summary: 'Scores, grades and ranks of every region, department or person for a period', security, querystring: EvaluateQuery, response: withErrors(200) } },
    async (request) => {
      const q = request.query as Static<typeof EvaluateQuery>;
      const object = q.object as EvaluatedObject;
      const result = await evaluation.evaluate(object, parsePeriod(q));
      const def = OBJECT_DEFS[object];
      return { ...result, definition: { zh: def.zh, en: def.en, counts: def.counts, rates: def.rates, terms: def.terms, group: def.group } };
    },
  );

  app.get(
    '/api/evaluation/cases',
    { preHandler: authorize(VIEWERS), schema: { tags: ['evaluation'], summary: 'The cases behind one count of one subject (the figure is `units`)', security, querystring: DrillQuery, response: withErrors(200) } },
    async (request) => {
      const q = request.query as Static<typeof DrillQuery>;
      const found = await evaluation.drill(q.object as EvaluatedObject, q.subject, q.measure, parsePeriod(q));
      return await evaluation.drillPage(found, q.limit ?? 50, q.offset ?? 0);
    },
  );

  app.get(
    '/api/evaluation/overdue',
    { preHandler: authorize(VIEWERS), schema: { tags: ['evaluation'], summary: 'The automatic evaluations: cases whose disposal limit expired in the period', security, querystring: LogQuery, response: withErrors(200) } },
    async (request) => {
      const q = request.query as Static<typeof LogQuery>;
      return { items: await evaluation.overdueLog(parsePeriod(q), q.limit ?? 500) };
    },
  );

  app.get(
    '/api/evaluation/settings',
    { preHandler: authorize(), schema: { tags: ['evaluation'], summary: 'Weights, count bands and grade bands (county settings, with the documented defaults)', security, response: withErrors(200) } },
    async () => ({ settings: await evaluation.current(), defaults: DEFAULT_SETTINGS.evaluation }),
  );

  app.put(
    '/api/evaluation/settings',
    { preHandler: authorize(EVALUATION_EDITORS), schema: { tags: ['evaluation'], summary: 'Change the weights and bands (each weight table adds up to 100)', security, body: SettingsBody, response: withErrors(200) } },
    async (request) => {
      const body = request.body as unknown as EvaluationSettings;
      checkEvaluationSettings(body);
      await ctx.settings.set('evaluation', body, ctx.clock.now(), request.user!.id);
      ctx.events.publish('evaluation.settings', { by: request.user!.username });
      return { settings: await evaluation.current() };
    },
  );

  app.get(
    '/api/evaluation/report',
    { preHandler: authorize(VIEWERS), schema: { tags: ['evaluation'], summary: 'The evaluation report for a period: PDF to print, or Excel with every indicator', security, querystring: ReportQuery } },
    async (request, reply) => {
      const q = request.query as Static<typeof ReportQuery>;
      const period = parsePeriod(q);
      const region = (q.region ?? 'street') as EvaluatedObject;
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
    },
  );
}
