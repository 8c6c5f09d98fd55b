// 告警中心 over HTTP: the list a user's roles may see (GET /api/alarms), one alarm, and marking
// it seen or handled. The rules (which kinds reach which roles) are the `alarms` setting,
// edited with the other settings in 系统维护 (PUT /api/admin/settings/alarms).
import { Type, type Static } from 'typebox';
import type { AlarmState, SessionUser } from '../contract/index.js';
import { authorize, type GridhallApp } from '../server/authorize.js';
import type { CountyContext } from '../server/context.js';
import { withErrors } from '../server/schemas.js';

const ListQuery = Type.Object({
  /** Comma-separated states, e.g. `new,seen` (not handled). */
  state: Type.Optional(Type.String({ pattern: '^(new|seen|handled)(,(new|seen|handled))*$' })),
  before: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const HandleBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

export function alarmRoutes(app: GridhallApp, ctx: CountyContext): void {
  const tags = ['alarms (告警中心)'];
  const security = [{ bearer: [] }];
  const reader = (request: { user: SessionUser | null }) => request.user!;

  app.get(
    '/api/alarms',
    { preHandler: authorize(), schema: { tags, security, summary: 'Alarms this user\'s roles may see, newest first, with counts by state', querystring: ListQuery, response: withErrors(200) } },
    async (request) => {
      const q = request.query as Static<typeof ListQuery>;
      const states = q.state ? ([...new Set(q.state.split(','))] as AlarmState[]) : [];
      return await ctx.alarms.list(reader(request), { states, before: q.before, limit: q.limit });
    },
  );

  app.get('/api/alarms/:id', { preHandler: authorize(), schema: { tags, security, summary: 'One alarm', params: IdParams, response: withErrors(200) } }, async (request) =>
    await ctx.alarms.get((request.params as { id: number }).id, reader(request)),
  );

  app.post('/api/alarms/:id/seen', { preHandler: authorize(), schema: { tags, security, summary: 'Mark an alarm seen (已查看); a handled one stays handled', params: IdParams, response: withErrors(200) } }, async (request) =>
    await ctx.alarms.seen((request.params as { id: number }).id, reader(request)),
  );

  app.post(
    '/api/alarms/:id/handle',
    { preHandler: authorize(), schema: { tags, security, summary: 'Mark an alarm handled (已处理), with an optional note', params: IdParams, body: HandleBody, response: withErrors(200) } },
    async (request) => await ctx.alarms.handle((request.params as { id: number }).id, reader(request), (request.body as Static<typeof HandleBody> | undefined)?.note ?? null),
  );
}
