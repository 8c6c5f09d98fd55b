// 告警中心 over HTTP: the list a user's roles may see (GET /api/alarms), one alarm, and marking
// it seen or handled. The rules (which kinds reach which roles) are the `alarms` setting,
// edited with the other settings in 系统维护 (PUT /api/admin/settings/alarms).
import type { AlarmState, SessionUser } from '../contract/index.js';
import type { GridhallApp } from '../server/authorize.js';
import type { CountyContext } from '../server/context.js';
import { route } from '../server/route.js';

export function alarmRoutes(app: GridhallApp, ctx: CountyContext): void {
  const reader = (request: { user: SessionUser | null }) => request.user!;

  route(app, 'alarms.list', async (request) => {
    const q = request.query;
    const states = q.state ? ([...new Set(q.state.split(','))] as AlarmState[]) : [];
    return ctx.alarms.list(reader(request), { states, before: q.before, limit: q.limit });
  });

  route(app, 'alarms.get', async (request) => ctx.alarms.get(request.params.id, reader(request)));

  route(app, 'alarms.seen', async (request) => ctx.alarms.seen(request.params.id, reader(request)));

  route(app, 'alarms.handle', async (request) => ctx.alarms.handle(request.params.id, reader(request), request.body?.note ?? null));
}
