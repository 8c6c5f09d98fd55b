// GET /api/grids/:code: one unit grid (单元网格) by its 15-digit code: outline, centre, area.
import { Type } from 'typebox';
import { notFound } from '../errors.js';
import { authorize, type GridhallApp } from '../server/app.js';
import type { CountyContext } from '../server/context.js';
import { withErrors } from '../server/schemas.js';

export function gridRoutes(app: GridhallApp, ctx: CountyContext): void {
  app.get(
    '/api/grids/:code',
    {
      preHandler: authorize(),
      schema: {
        tags: ['base data'],
        summary: 'One unit grid by its code',
        security: [{ bearer: [] }],
        params: Type.Object({ code: Type.String({ pattern: '^[0-9]{15}$' }) }),
        response: withErrors(200),
      },
    },
    async (request) => {
      const { code } = request.params as { code: string };
      const g = ctx.grids.get(code);
      if (!g) throw notFound(`No grid with code ${code} (网格不存在)`);
      return { grid: { ...g, geometry: JSON.parse(g.geometry) as unknown } };
    },
  );
}
