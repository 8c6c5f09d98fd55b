// GET /api/components/:id: one component (部件) by its 16- or 17-digit ID, with the names the
// console shows beside it (class, owner and maintainer departments).
import { Type } from 'typebox';
import { notFound } from '../../runtime/errors.js';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { withErrors } from '../../server/schemas.js';

export function componentRoutes(app: GridhallApp, ctx: CountyContext): void {
  app.get(
    '/api/components/:id',
    {
      preHandler: authorize(),
      schema: {
        tags: ['base data'],
        summary: 'One component by its ID (部件标识码)',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String({ pattern: '^[0-9]{16,17}$' }) }),
        response: withErrors(200),
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const c = await ctx.components.get(id);
      if (!c) throw notFound(`No component with ID ${id} (部件不存在)`);
      const cls = await ctx.dictionary.get(c.standardId, 'component', c.classCode);
      const dept = async (d: number | null) => (d === null ? null : ((await ctx.departments.get(d))?.name ?? null));
      return {
        component: { ...c, className: cls?.name ?? null, classNameEn: cls?.nameEn ?? null, ownerName: await dept(c.ownerDeptId), maintainerName: await dept(c.maintainerDeptId) },
      };
    },
  );
}
