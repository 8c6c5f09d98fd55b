// 应用维护 API (/api/admin/*, administrators only): the dictionary and its mapping between
// standards, time limits with 立案/结案 conditions, the working calendar, settings (blacklist
// thresholds...), auto-dispatch rules, departments, users and roles, inspectors' grids, the
// grid roster, and the audit trail of all of it.
import { badRequest } from '../runtime/errors.js';
import { DUTIES } from '../base/roster/index.js';
import type { GridhallApp } from '../server/authorize.js';
import { SECURITY_ACTIONS } from './audit/index.js';
import type { CountyContext } from '../server/context.js';
import { route } from '../server/route.js';
import type { Actor } from './service.js';
import { zonedParts } from '../runtime/zone.js';

export function adminRoutes(app: GridhallApp, ctx: CountyContext): void {
  const audit = ctx.audit;
  const roster = ctx.roster;
  const admin = ctx.admin;
  const actor = (request: { user: { id: number; username: string } | null }): Actor => ({ id: request.user!.id, username: request.user!.username });
  const ok = { ok: true };

  // dictionary
  route(app, 'admin.dictionary', async (request) => {
    const standards = ctx.dictionary.listStandards();
    const chosen = request.query.standard ?? ctx.dictionary.activeStandard()?.id ?? standards[0]?.id;
    return { standards, standardId: chosen ?? null, classes: chosen ? ctx.dictionary.list(chosen) : [] };
  });
  route(app, 'admin.saveClass', async (request) => admin.saveClass(actor(request), request.body));
  route(app, 'admin.removeClass', async (request) => {
    const q = request.query;
    admin.removeClass(actor(request), q.standardId, q.kind, q.code);
    return ok;
  });
  route(app, 'admin.activateStandard', async (request) => {
    admin.activateStandard(actor(request), request.body.standardId);
    return ok;
  });
  route(app, 'admin.mappings', async (request) => ({ items: ctx.dictionary.mappings(request.query.from, request.query.to) }));
  route(app, 'admin.saveMapping', async (request) => {
    admin.saveMapping(actor(request), request.body);
    return ok;
  });
  route(app, 'admin.removeMapping', async (request) => {
    const q = request.query;
    admin.removeMapping(actor(request), q.fromStandard, q.kind, q.fromCode, q.toStandard);
    return ok;
  });

  // time limits
  route(app, 'admin.limits', async () => {
    const standardId = ctx.dictionary.activeStandard()?.id ?? '';
    return { standardId, items: ctx.limitsStore.all(standardId).map(({ id: _id, standardId: _standard, ...limit }) => limit) };
  });
  route(app, 'admin.saveLimit', async (request) => {
    admin.saveLimit(actor(request), request.body);
    return ok;
  });
  route(app, 'admin.removeLimit', async (request) => {
    const q = request.query;
    admin.removeLimit(actor(request), q.kind, q.classCode, q.stage);
    return ok;
  });

  // calendar
  route(app, 'admin.calendar', async (request) => {
    const year = request.query.year ?? zonedParts(ctx.clock.now(), ctx.settings.get('calendar').timeZone).year;
    return { year, periods: ctx.calendarStore.periods(), settings: ctx.settings.get('calendar'), days: ctx.calendarStore.daysBetween(`${year}-01-01`, `${year}-12-31`) };
  });
  route(app, 'admin.setPeriods', async (request) => {
    admin.setPeriods(actor(request), request.body.periods);
    return ok;
  });
  route(app, 'admin.setDay', async (request) => {
    admin.setDay(actor(request), { date: request.params.date, ...request.body });
    return ok;
  });
  route(app, 'admin.removeDay', async (request) => {
    admin.removeDay(actor(request), request.params.date);
    return ok;
  });

  // settings: the ones edited here; channel and field settings belong to their own sections.
  route(app, 'admin.settings', async () => ({
    blacklist: ctx.settings.get('blacklist'),
    workflow: ctx.settings.get('workflow'),
    duplicate: ctx.settings.get('duplicate'),
    calendar: ctx.settings.get('calendar'),
    demo: ctx.settings.get('demo'),
    alarms: ctx.settings.get('alarms'),
  }));
  route(app, 'admin.settings.blacklist', async (request) => {
    admin.setSetting(actor(request), 'blacklist', request.body);
    return ok;
  });
  route(app, 'admin.settings.workflow', async (request) => {
    admin.setSetting(actor(request), 'workflow', request.body);
    return ok;
  });
  route(app, 'admin.settings.duplicate', async (request) => {
    admin.setSetting(actor(request), 'duplicate', request.body);
    return ok;
  });
  route(app, 'admin.settings.calendar', async (request) => {
    admin.setCalendar(actor(request), request.body);
    return ok;
  });
  route(app, 'admin.settings.demo', async (request) => {
    admin.setSetting(actor(request), 'demo', request.body);
    return ok;
  });
  route(app, 'admin.settings.alarms', async (request) => {
    admin.setSetting(actor(request), 'alarms', request.body);
    return ok;
  });

  // 安全策略 (等保): kept by the security administrator, read by the three administrators.
  route(app, 'admin.security', async () => ctx.settings.get('security'));
  route(app, 'admin.setSecurity', async (request) => {
    admin.setSetting(actor(request), 'security', request.body);
    return ok;
  });

  // auto-dispatch rules
  route(app, 'admin.dispatchRules', async () => ({ items: ctx.dispatchRules.all() }));
  route(app, 'admin.addDispatchRule', async (request) => ({ id: admin.saveRule(actor(request), request.body) }));
  route(app, 'admin.saveDispatchRule', async (request) => ({ id: admin.saveRule(actor(request), { ...request.body, id: request.params.id }) }));
  route(app, 'admin.removeDispatchRule', async (request) => {
    admin.removeRule(actor(request), request.params.id);
    return ok;
  });

  // departments
  route(app, 'admin.departments', async () => ({ items: ctx.departments.list({ limit: 10_000 }) }));
  route(app, 'admin.addDepartment', async (request) => ({ id: admin.saveDepartment(actor(request), request.body) }));
  route(app, 'admin.saveDepartment', async (request) => ({ id: admin.saveDepartment(actor(request), { ...request.body, id: request.params.id }) }));

  // users (三员分立: kept by the system or security administrator)
  route(app, 'admin.users', async () => ({ items: ctx.authStore.listUsers() }));
  route(app, 'admin.addUser', async (request) => ({ id: await admin.saveUser(actor(request), request.body, request.user!.roles) }));
  route(app, 'admin.saveUser', async (request) => ({ id: await admin.saveUser(actor(request), { ...request.body, id: request.params.id }, request.user!.roles) }));

  // grids for pickers, and the roster
  route(app, 'admin.grids', async (request) => ({ total: ctx.grids.count(), items: roster.coverage(request.query.limit ?? 500, request.query.offset ?? 0) }));
  route(app, 'admin.roster', async (request) => ({ duties: DUTIES, items: roster.ofGrid(request.params.grid) }));
  route(app, 'admin.setRoster', async (request) => {
    admin.setRoster(actor(request), { gridCode: request.params.grid, duty: request.params.duty, ...request.body });
    return ok;
  });
  route(app, 'admin.removeRoster', async (request) => {
    admin.removeRoster(actor(request), request.params.grid, request.params.duty);
    return ok;
  });

  // audit (the auditor alone)
  route(app, 'admin.audit', async (request) => {
    const q = request.query;
    if (q.offset !== undefined && q.offset > 10_000_000) throw badRequest('offset too large', 'offset');
    return audit.list({ entity: q.entity, actions: q.security ? SECURITY_ACTIONS : undefined, limit: q.limit ?? 100, offset: q.offset ?? 0 });
  });
}
