// GET /api/components/:id: one component (部件) by its 16- or 17-digit ID, with the names the
// console shows beside it (class, owner and maintainer departments).
import { notFound } from '../../runtime/errors.js';
import type { GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { route } from '../../server/route.js';

export function componentRoutes(app: GridhallApp, ctx: CountyContext): void {
  route(app, 'components.get', async (request) => {
    const { id } = request.params;
    const c = await ctx.components.get(id);
    if (!c) throw notFound(`No component with ID ${id} (部件不存在)`);
    const cls = await ctx.dictionary.get(c.standardId, 'component', c.classCode);
    const dept = async (d: number | null) => (d === null ? null : ((await ctx.departments.get(d))?.name ?? null));
    return {
      component: {
        id: c.id,
        classCode: c.classCode,
        className: cls?.name ?? null,
        classNameEn: cls?.nameEn ?? null,
        state: c.state,
        ownerName: await dept(c.ownerDeptId),
        maintainerName: await dept(c.maintainerDeptId),
        gridCode: c.gridCode,
        lon: c.lon,
        lat: c.lat,
        createdDate: c.createdDate,
        dataSource: c.dataSource,
      },
    };
  });
}
