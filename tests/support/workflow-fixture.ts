// A tiny county in an in-memory database, enough to drive the workflow engine directly:
// one street, one community, two grids, two departments, and one user per role.
import { AuthStore, InspectorStore } from '../../core/base/people/store.js';
import { BlacklistService } from '../../core/workflow/blacklist/service.js';
import { BlacklistStore } from '../../core/workflow/blacklist/store.js';
import type { WorkingCalendar} from '../../core/workflow/calendar/calendar.js';
import { DEFAULT_PERIODS } from '../../core/workflow/calendar/calendar.js';
import { CalendarService } from '../../core/workflow/calendar/service.js';
import { CalendarStore } from '../../core/workflow/calendar/store.js';
import { seedCalendar } from '../../core/workflow/calendar/seed.js';
import { CaseStore } from '../../core/workflow/cases/store.js';
import { type Actor, type NewCase, Workflow } from '../../core/workflow/cases/workflow.js';
import { ManualClock } from '../../core/runtime/clock.js';
import type { RoleCode } from '../../core/contract/index.js';
import { SqliteDb } from '../../core/db/sqlite.js';
import { applyMigrations } from '../../core/db/migrate.js';
import { DispatchService } from '../../core/workflow/dispatch/service.js';
import { DispatchRuleStore } from '../../core/workflow/dispatch/store.js';
import { LimitsService } from '../../core/workflow/limits/service.js';
import { LimitsStore } from '../../core/workflow/limits/store.js';
import { silentLogger } from '../../core/runtime/log.js';
import { EventHub } from '../../core/server/events.js';
import { SettingsStore } from '../../core/workflow/settings/store.js';

export const STANDARD = 'GB/T 30428.2-2013';
export const GRID_A = '990101001001001';
export const GRID_B = '990101001001002';

const ring = (x: number, y: number) => JSON.stringify({ type: 'Polygon', coordinates: [[[x, y], [x + 0.001, y], [x + 0.001, y + 0.001], [x, y + 0.001], [x, y]]] });

export interface WorkflowFixture {
  db: SqliteDb;
  clock: ManualClock;
  workflow: Workflow;
  cases: CaseStore;
  settings: SettingsStore;
  dispatchRules: DispatchRuleStore;
  dispatch: DispatchService;
  events: EventHub;
  calendar: WorkingCalendar;
  calendars: CalendarService;
  limits: LimitsService;
  actors: Record<'inspector' | 'inspector2' | 'acceptor' | 'shiftLeader' | 'dispatcher' | 'sanitation' | 'roads' | 'leader' | 'analyst', Actor>;
  departments: { sanitation: number; roads: number };
  newCase(overrides?: Partial<NewCase>): NewCase;
  photo(): Promise<number>;
  close(): Promise<void>;
}

/** 2026-11-18 (a Wednesday) 09:00 in the county. */
export const START = Date.parse('2026-11-18T09:00:00+08:00');

async function build(file: string, fresh: boolean, now: number): Promise<WorkflowFixture> {
  const db = new SqliteDb(file, silentLogger);
  await applyMigrations(db);
  if (fresh) await db.exec(`
    INSERT INTO county (id, admin_code, name, center_lon, center_lat, west, south, east, north, synthetic, created_at)
      VALUES (1, '990101', '测试县', 118.1, 28.4, 118.0, 28.3, 118.2, 28.5, 1, 0);
    INSERT INTO areas (code, level, parent_code, name) VALUES ('990101', 'county', NULL, '测试县');
    INSERT INTO areas (code, level, parent_code, name) VALUES ('990101001', 'street', '990101', '城关街道');
    INSERT INTO areas (code, level, parent_code, name) VALUES ('990101001001', 'community', '990101001', '东门社区');
    INSERT INTO grids (code, community_code, area_m2, geometry, center_lon, center_lat, west, south, east, north)
      VALUES ('${GRID_A}', '990101001001', 10000, '${ring(118.1, 28.4)}', 118.1005, 28.4005, 118.1, 28.4, 118.101, 28.401),
             ('${GRID_B}', '990101001001', 10000, '${ring(118.101, 28.4)}', 118.1015, 28.4005, 118.101, 28.4, 118.102, 28.401);
    INSERT INTO class_standards (id, name, small_code_digits, component_id_digits, active) VALUES ('${STANDARD}', '部件和事件', 2, 16, 1);
    INSERT INTO departments (id, code, name, kind) VALUES (1, 'HW', '环卫处', 'department'), (2, 'SZ', '市政处', 'department'), (3, 'ZX', '监督指挥中心', 'centre');
  `);
  const clock = new ManualClock(now);
  const authStore = new AuthStore(db);
  const inspectors = new InspectorStore(db);
  const mk = async (username: string, roles: RoleCode[], departmentId: number | null = null, gridCodes: string[] = []): Promise<Actor> => ({
    id: fresh
      ? await authStore.createUser({ username, displayName: username, passwordHash: 'x', roles, departmentId, gridCodes }, START)
      : (await authStore.userByName(username))!.id,
    roles,
    departmentId,
  });
  const actors = {
    inspector: await mk('inspector1', ['inspector'], 3, [GRID_A, GRID_B]),
    inspector2: await mk('inspector2', ['inspector'], 3, []),
    acceptor: await mk('acceptor1', ['acceptor'], 3),
    shiftLeader: await mk('leader1', ['shift_leader'], 3),
    dispatcher: await mk('dispatcher1', ['dispatcher'], 3),
    sanitation: await mk('hw', ['department'], 1),
    roads: await mk('sz', ['department'], 2),
    leader: await mk('boss', ['leader'], 3),
    analyst: await mk('analyst1', ['analyst'], 3),
  };
  const settings = new SettingsStore(db);
  const calendarStore = new CalendarStore(db);
  await seedCalendar(calendarStore, now);
  const calendars = new CalendarService(calendarStore, settings);
  const limits = new LimitsService(new LimitsStore(db), settings, async () => STANDARD);
  await limits.seedDefaults();
  const cases = new CaseStore(db);
  const dispatchRules = new DispatchRuleStore(db);
  const dispatch = new DispatchService(dispatchRules);
  const events = new EventHub(() => clock.now());
  const blacklist = new BlacklistService(new BlacklistStore(db), cases, settings, events);
  const activeDepartments = new Set([1, 2, 3]);
  const workflow = new Workflow(
    db,
    cases,
    calendars,
    limits,
    settings,
    {
      departmentActive: async (id) => activeDepartments.has(id),
      inspectorsOfGrid: async (grid) => await inspectors.inspectorsOfGrid(grid),
      inspectorHoldsGrid: async (user, grid) => await inspectors.holdsGrid(user, grid),
      isInspector: async (user) => (await authStore.rolesOf(user)).includes('inspector'),
      autoDispatchDepartment: async (row) => {
        const rule = await dispatch.match(row);
        return rule && { departmentId: rule.departmentId, ruleId: rule.id };
      },
      checkBlacklist: async (row, now) => await blacklist.check(row, now),
    },
    clock,
    events,
  );
  let photoCount = 0;
  return {
    db,
    clock,
    workflow,
    cases,
    settings,
    dispatchRules,
    dispatch,
    events,
    calendar: await calendars.current(),
    calendars,
    limits,
    actors,
    departments: { sanitation: 1, roads: 2 },
    newCase: (overrides = {}) => ({
      kind: 'event',
      standardId: STANDARD,
      classCode: '0102',
      source: 'inspector',
      description: '路口暴露垃圾一堆',
      address: '青禾大道 12 号',
      lon: 118.1005,
      lat: 28.4005,
      gridCode: GRID_A,
      communityCode: '990101001001',
      streetCode: '990101001',
      componentId: null,
      urgent: false,
      selfHandled: false,
      reporterName: null,
      reporterContact: null,
      photoIds: [],
      ...overrides,
    }),
    photo: async () =>
      await cases.insertAttachment({
        caseId: null, eventId: null, kind: 'photo', mime: 'image/jpeg', bytes: 10, sha256: `x${photoCount++}`, file: 'x.jpg', originalName: null, uploadedBy: null, createdAt: clock.now(),
      }),
    close: async () => await db.close(),
  };
}

export async function workflowFixture(file = ':memory:'): Promise<WorkflowFixture> {
  return await build(file, true, START);
}

/** The same county file opened again, as after a restart, with the clock at `now`. */
workflowFixture.reopen = async (file: string, now: number): Promise<WorkflowFixture> => await build(file, false, now);

export { DEFAULT_PERIODS };
