// Analytics: the command wall's summary and grid fills, the dimension tables, 热力分析 (the
// heatmap explorer, its drill-down and exports) and 综合评价 (scores, drill-down, settings, the
// automatic evaluation log, the printable report).
import { Type } from 'typebox';
import {
  AnalyticsDimensions,
  AnalyticsSummary,
  DrillResponse,
  EvaluatedObject,
  EvaluationResponse,
  EvaluationSettings,
  EvaluationSettingsBody,
  EvaluationSettingsResponse,
  GridFillResponse,
  HEATMAP_PANELS,
  HeatmapCasesQuery,
  HeatmapFilterFields,
  HeatmapGridsResponse,
  HeatmapQuery,
  HeatmapResponse,
  OverdueLogItem,
  PeriodFields,
} from '../analytics.js';
import { Binary, endpoint } from '../endpoint.js';
import { EVALUATION_EDITORS, VIEWERS } from '../roles.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const analyticsEndpoints = {
  'analytics.summary': endpoint({
    method: 'GET', path: '/api/analytics/summary', access: 'signed-in', tag: 'analytics',
    summary: "The day's figures for the command wall: flows, open cases, month rates, 7-day trend, classes, grids, departments",
    query: Type.Object({ date: Type.Optional(Type.String({ maxLength: 10, description: 'the day, YYYY-MM-DD (default today)' })) }, { additionalProperties: false }),
    responses: { 200: AnalyticsSummary },
  }),
  'analytics.gridFill': endpoint({
    method: 'GET', path: '/api/analytics/grid-fill', access: 'signed-in', tag: 'analytics',
    summary: 'A number per unit grid for the map fill: open or overdue cases now, or reported/registered/closed in a range (default today)',
    query: Type.Object(
      {
        measure: Type.Enum(['open', 'overdue', 'reported', 'registered', 'closed']),
        from: Type.Optional(Type.String({ maxLength: 10 })),
        to: Type.Optional(Type.String({ maxLength: 10 })),
      },
      { additionalProperties: false },
    ),
    responses: { 200: GridFillResponse },
  }),
  'analytics.dimensions': endpoint({
    method: 'GET', path: '/api/analytics/dimensions', access: 'signed-in', tag: 'analytics',
    summary: 'Classes, sources, states, departments, streets, communities and grids the filters offer',
    responses: { 200: AnalyticsDimensions },
  }),
  'heatmap.explore': endpoint({
    method: 'GET', path: '/api/heatmap', access: VIEWERS, tag: 'analytics', summary: 'Every panel of the heatmap explorer for the filters',
    query: HeatmapQuery,
    responses: { 200: HeatmapResponse },
  }),
  'heatmap.grids': endpoint({
    method: 'GET', path: '/api/heatmap/grids', access: VIEWERS, tag: 'analytics', summary: 'Cases per unit grid (the time slider plays this day by day)',
    query: HeatmapQuery,
    responses: { 200: HeatmapGridsResponse },
  }),
  'heatmap.cases': endpoint({
    method: 'GET', path: '/api/heatmap/cases', access: VIEWERS, tag: 'analytics', summary: 'The cases behind a cell of the heatmap, newest first',
    query: HeatmapCasesQuery,
    responses: { 200: DrillResponse },
  }),
  'heatmap.export': endpoint({
    method: 'GET', path: '/api/heatmap/export', access: VIEWERS, tag: 'analytics', summary: 'The explorer’s numbers as CSV (one panel) or Excel (every panel)',
    query: Type.Object(
      { ...HeatmapFilterFields, format: Type.Enum(['csv', 'xlsx']), panel: Type.Optional(Type.Enum(HEATMAP_PANELS)) },
      { additionalProperties: false },
    ),
    responses: { 200: Binary('text/csv', XLSX) },
  }),
  'evaluation.get': endpoint({
    method: 'GET', path: '/api/evaluation', access: VIEWERS, tag: 'evaluation', summary: 'Scores, grades and ranks of every region, department or person for a period',
    query: Type.Object({ object: EvaluatedObject, ...PeriodFields }, { additionalProperties: false }),
    responses: { 200: EvaluationResponse },
  }),
  'evaluation.cases': endpoint({
    method: 'GET', path: '/api/evaluation/cases', access: VIEWERS, tag: 'evaluation', summary: 'The cases behind one count of one subject (the figure is `units`)',
    query: Type.Object(
      {
        object: EvaluatedObject,
        subject: Type.String({ minLength: 1, maxLength: 20 }),
        measure: Type.String({ minLength: 1, maxLength: 40 }),
        ...PeriodFields,
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
        offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
      },
      { additionalProperties: false },
    ),
    responses: { 200: DrillResponse },
  }),
  'evaluation.overdue': endpoint({
    method: 'GET', path: '/api/evaluation/overdue', access: VIEWERS, tag: 'evaluation', summary: 'The automatic evaluations: cases whose disposal limit expired in the period',
    query: Type.Object({ ...PeriodFields, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, default: 500 })) }, { additionalProperties: false }),
    responses: { 200: Type.Object({ items: Type.Array(OverdueLogItem) }) },
  }),
  'evaluation.settings': endpoint({
    method: 'GET', path: '/api/evaluation/settings', access: 'signed-in', tag: 'evaluation', summary: 'Weights, count bands and grade bands (county settings, with the documented defaults)',
    responses: { 200: EvaluationSettingsResponse },
  }),
  'evaluation.saveSettings': endpoint({
    method: 'PUT', path: '/api/evaluation/settings', access: EVALUATION_EDITORS, tag: 'evaluation', summary: 'Change the weights and bands (each weight table adds up to 100)',
    body: EvaluationSettingsBody,
    responses: { 200: Type.Object({ settings: EvaluationSettings }) },
  }),
  'evaluation.report': endpoint({
    method: 'GET', path: '/api/evaluation/report', access: VIEWERS, tag: 'evaluation', summary: 'The evaluation report for a period: PDF to print, or Excel with every indicator',
    query: Type.Object({ format: Type.Enum(['pdf', 'xlsx']), region: Type.Optional(Type.Enum(['street', 'community', 'grid'])), ...PeriodFields }, { additionalProperties: false }),
    responses: { 200: Binary('application/pdf', XLSX) },
  }),
};
