// GET /api/departments: the centre, the disposal departments and their units.
import type { GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { route } from '../../server/route.js';

export function departmentRoutes(app: GridhallApp, ctx: CountyContext): void {
  route(app, 'departments.list', async () => ({ items: await ctx.departments.list({ limit: 10_000 }) }));
}
