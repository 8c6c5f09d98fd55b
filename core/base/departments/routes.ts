// GET /api/departments: the centre, the disposal departments and their units.
import { authorize, type GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';

export function departmentRoutes(app: GridhallApp, ctx: CountyContext): void {
  app.get(
    '/api/departments',
    { preHandler: authorize(), schema: { tags: ['base data'], summary: 'All departments', security: [{ bearer: [] }] } },
    async () => ({ items: await ctx.departments.list({ limit: 10_000 }) }),
  );
}
