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
    const standards = await ctx.dictionary.listStandards();
    const chosen = request.query.standard ?? (await ctx.dictionary.activeStandard())?.id ?? standards[0]?.id;
    return { standards, standardId: chosen ?? null, classes: chosen ? await ctx.dictionary.list(chosen) : [] };
  });
  route(app, 'admin.saveClass', async (request) => admin.saveClass(actor(request), request.body));
  route(app, 'admin.removeClass', async (request) => {
    const q = request.query;
    await admin.removeClass(actor(request), q.standardId, q.kind, q.code);
    return ok;
  });
  route(app, 'admin.activateStandard', async (request) => {
    await admin.activateStandard(actor(request), request.body.standardId);
    return ok;
  });
  route(app, 'admin.mappings', async (request) => ({ items: await ctx.dictionary.mappings(request.query.from, request.query.to) }));
  route(app, 'admin.saveMapping', async (request) => {
    await admin.saveMapping(actor(request), request.body);
    return ok;
  });
  route(app, 'admin.removeMapping', async (request) => {
    const q = request.query;
    await admin.removeMapping(actor(request), q.fromStandard, q.kind, q.fromCode, q.toStandard);
    return ok;
  });

  // time limits
  route(app, 'admin.limits', async () => {
    const standardId = (await ctx.dictionary.activeStandard())?.id ?? '';
    return { standardId, items: (await ctx.limitsStore.all(standardId)).map(({ id: _id, standardId: _standard, ...limit }) => limit) };
  });
  route(app, 'admin.saveLimit', async (request) => {
    await admin.saveLimit(actor(request), request.body);
    return ok;
  });
  route(app, 'admin.removeLimit', async (request) => {
    const q = request.query;
    await admin.removeLimit(actor(request), q.kind, q.classCode, q.stage);
    return ok;
  });

  // calendar
  route(app, 'admin.calendar', async (request) => {
    const year = request.query.year ?? zonedParts(ctx.clock.now(), (await ctx.settings.get('calendar')).timeZone).year;
    return { year, periods: await ctx.calendarStore.periods(), settings: await ctx.settings.get('calendar'), days: await ctx.calendarStore.daysBetween(`${year}-01-01`, `${year}-12-31`) };
  });
  route(app, 'admin.setPeriods', async (request) => {
    await admin.setPeriods(actor(request), request.body.periods);
    return ok;
  });
  route(app, 'admin.setDay', async (request) => {
    await admin.setDay(actor(request), { date: request.params.date, ...request.body });
    return ok;
  });
  route(app, 'admin.removeDay', async (request) => {
    await admin.removeDay(actor(request), request.params.date);
    return ok;
  });

  // settings: the ones edited here; channel and field settings belong to their own sections.
  route(app, 'admin.settings', async () => ({
    blacklist: await ctx.settings.get('blacklist'),
    workflow: await ctx.settings.get('workflow'),
    duplicate: await ctx.settings.get('duplicate'),
    calendar: await ctx.settings.get('calendar'),
    demo: await ctx.settings.get('demo'),
    alarms: await ctx.settings.get('alarms'),
  }));
  route(app, 'admin.settings.blacklist', async (request) => {
    await admin.setSetting(actor(request), 'blacklist', request.body);
    return ok;
  });
  route(app, 'admin.settings.workflow', async (request) => {
    await admin.setSetting(actor(request), 'workflow', request.body);
    return ok;
  });
  route(app, 'admin.settings.duplicate', async (request) => {
    await admin.setSetting(actor(request), 'duplicate', request.body);
    return ok;
  });
  route(app, 'admin.settings.calendar', async (request) => {
    await admin.setCalendar(actor(request), request.body);
    return ok;
  });
  route(app, 'admin.settings.demo', async (request) => {
    await admin.setSetting(actor(request), 'demo', request.body);
    return ok;
  });
  route(app, 'admin.settings.alarms', async (request) => {
    await admin.setSetting(actor(request), 'alarms', request.body);
    return ok;
  });

  // 安全策略 (等保): kept by the security administrator, read by the three administrators.
  route(app, 'admin.security', async () => ctx.settings.get('security'));
  route(app, 'admin.setSecurity', async (request) => {
    await admin.setSetting(actor(request), 'security', request.body);
    return ok;
  });

  // auto-dispatch rules
  route(app, 'admin.dispatchRules', async () => ({ items: await ctx.dispatchRules.all() }));
  route(app, 'admin.addDispatchRule', async (request) => ({ id: await admin.saveRule(actor(request), request.body) }));
  route(app, 'admin.saveDispatchRule', async (request) => ({ id: await admin.saveRule(actor(request), { ...request.body, id: request.params.id }) }));
  route(app, 'admin.removeDispatchRule', async (request) => {
    await admin.removeRule(actor(request), request.params.id);
    return ok;
  });

  // departments
  route(app, 'admin.departments', async () => ({ items: await ctx.departments.list({ limit: 10_000 }) }));
  route(app, 'admin.addDepartment', async (request) => ({ id: await admin.saveDepartment(actor(request), request.body) }));
  route(app, 'admin.saveDepartment', async (request) => ({ id: await admin.saveDepartment(actor(request), { ...request.body, id: request.params.id }) }));

  // users (三员分立: kept by the system or security administrator)
  route(app, 'admin.users', async () => ({ items: await ctx.authStore.listUsers() }));
  route(app, 'admin.addUser', async (request) => ({ id: await admin.saveUser(actor(request), request.body, request.user!.roles) }));
  route(app, 'admin.saveUser', async (request) => ({ id: await admin.saveUser(actor(request), { ...request.body, id: request.params.id }, request.user!.roles) }));

  // grids for pickers, and the roster
  route(app, 'admin.grids', async (request) => ({ total: await ctx.grids.count(), items: await roster.coverage(request.query.limit ?? 500, request.query.offset ?? 0) }));
  route(app, 'admin.roster', async (request) => ({ duties: DUTIES, items: await roster.ofGrid(request.params.grid) }));
  route(app, 'admin.setRoster', async (request) => {
    await admin.setRoster(actor(request), { gridCode: request.params.grid, duty: request.params.duty, ...request.body });
    return ok;
  });
  route(app, 'admin.removeRoster', async (request) => {
    await admin.removeRoster(actor(request), request.params.grid, request.params.duty);
    return ok;
  });

  // audit (the auditor alone)
  route(app, 'admin.audit', async (request) => {
    const q = request.query;
    if (q.offset !== undefined && q.offset > 10_000_000) throw badRequest('offset too large', 'offset');
    return audit.list({ entity: q.entity, actions: q.security ? SECURITY_ACTIONS : undefined, limit: q.limit ?? 100, offset: q.offset ?? 0 });
  });
}
