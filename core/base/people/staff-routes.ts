// GET /api/staff: colleagues' names and roles, for the people a case's timeline names and the
// inspector picker of 发核实/发核查 (the grid's own inspectors first). No contact details.
import type { StaffMember } from '../../contract/index.js';
import { badRequest } from '../../runtime/errors.js';
import type { GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { route } from '../../server/route.js';
import type { UserRow } from './store.js';

const MAX_IDS = 100;
const MAX_BY_ROLE = 500;

export function staffRoutes(app: GridhallApp, ctx: CountyContext): void {
  const member = async (user: UserRow): Promise<StaffMember> => ({
    id: user.id,
    displayName: user.displayName,
    roles: await ctx.authStore.rolesOf(user.id),
    departmentId: user.departmentId,
  });

  route(app, 'staff.list', async (request) => {
    const q = request.query;
    if (q.ids !== undefined) {
      const ids = [...new Set(q.ids.split(',').filter(Boolean).map(Number))];
      if (ids.length > MAX_IDS || !ids.every((id) => Number.isInteger(id) && id > 0)) {
        throw badRequest(`ids must be up to ${MAX_IDS} positive integers separated by commas`, 'ids');
      }
      const found = await Promise.all(ids.map((id) => ctx.authStore.userById(id)));
      return { items: await Promise.all(found.filter((u): u is UserRow => u !== undefined).map(member)) };
    }
    if (!q.role) throw badRequest('Give ids or role', 'role');
    const users = await Promise.all((await ctx.authStore.activeUsersWithRole(q.role, MAX_BY_ROLE)).map(member));
    if (!q.gridCode) return { items: users };
    const own = new Set(await ctx.inspectors.inspectorsOfGrid(q.gridCode));
    const marked = users.map((u) => ({ ...u, holdsGrid: own.has(u.id) }));
    return { items: [...marked.filter((u) => u.holdsGrid), ...marked.filter((u) => !u.holdsGrid)] };
  });
}
