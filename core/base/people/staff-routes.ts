// GET /api/staff: colleagues' names and roles, for the people a case's timeline names and the
// inspector picker of 发核实/发核查 (the grid's own inspectors first). No contact details.
import { Type, type Static } from 'typebox';
import type { StaffMember, StaffResponse } from '../../contract/index.js';
import { badRequest } from '../../runtime/errors.js';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { RoleSchema, withErrors } from '../../server/schemas.js';
import type { UserRow } from './store.js';

const MAX_IDS = 100;
const MAX_BY_ROLE = 500;

const StaffQuery = Type.Object(
  {
    ids: Type.Optional(Type.String({ maxLength: 1200, description: 'comma-separated user ids' })),
    role: Type.Optional(RoleSchema),
    gridCode: Type.Optional(Type.String({ pattern: '^[0-9]{15}$', description: "with role=inspector: that grid's inspectors first" })),
  },
  { additionalProperties: false },
);

export function staffRoutes(app: GridhallApp, ctx: CountyContext): void {
  const member = async (user: UserRow): Promise<StaffMember> => ({
    id: user.id,
    displayName: user.displayName,
    roles: await ctx.authStore.rolesOf(user.id),
    departmentId: user.departmentId,
  });

  app.get(
    '/api/staff',
    {
      preHandler: authorize(),
      schema: { tags: ['auth'], summary: 'Names and roles of staff, by ids or by role', security: [{ bearer: [] }], querystring: StaffQuery, response: withErrors(200) },
    },
    async (request): Promise<StaffResponse> => {
      const q = request.query as Static<typeof StaffQuery>;
      if (q.ids !== undefined) {
        const ids = [...new Set(q.ids.split(',').filter(Boolean).map(Number))];
        if (ids.length > MAX_IDS || !ids.every((id) => Number.isInteger(id) && id > 0)) {
          throw badRequest(`ids must be up to ${MAX_IDS} positive integers separated by commas`, 'ids');
        }
        const found: UserRow[] = [];
        for (const id of ids) {
          const u = await ctx.authStore.userById(id);
          if (u) found.push(u);
        }
        return { items: await Promise.all(found.map(member)) };
      }
      if (!q.role) throw badRequest('Give ids or role', 'role');
      const users = await Promise.all((await ctx.authStore.activeUsersWithRole(q.role, MAX_BY_ROLE)).map(member));
      if (!q.gridCode) return { items: users };
      const own = new Set(await ctx.inspectors.inspectorsOfGrid(q.gridCode));
      const marked = users.map((u) => ({ ...u, holdsGrid: own.has(u.id) }));
      return { items: [...marked.filter((u) => u.holdsGrid), ...marked.filter((u) => !u.holdsGrid)] };
    },
  );
}
