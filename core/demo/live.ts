// The demo county keeps living while it runs: new reports arrive and the demo staff work
// cases through the whole flow as people would, through the real workflow service:
// acceptors register or send to verify, inspectors verify and check, the shift leader files
// (立案) and closes, dispatchers dispatch and decide on requests, departments dispose (with a
// photo), ask for extensions, returns and suspensions. Everything runs on the county's clock
// (ctx.clock, so a test moves time) and in county time: the centre works 07:00–22:00 with a
// night duty at a quarter of the pace, inspectors patrol 08:00–18:00, departments keep the
// county's working hours and answer only urgent cases outside them.
//
// Each queue keeps a little work in it (a floor): a person works the oldest case of a queue
// only while more than the floor wait, so whoever signs in finds work in 待受理, 待立案,
// 待派遣, 待审批, 挂账, 待处置 and their task lists, and cases still move as fast as they come.
import type { Actor } from '../workflow/cases/index.js';
import type { CaseRow } from '../workflow/cases/index.js';
import type { CaseState } from '../workflow/cases/index.js';
import type { Logger } from '../runtime/log.js';
import type { CountyContext } from '../server/context.js';
import { AttachmentService } from '../workflow/attachments/index.js';
import { disposalPhotos } from './live-photos.js';
import { LiveQueues, type OpenCase } from './live-store.js';
import { Random } from './random.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** Classes a patrol or the public most often report, with weights (DOMAIN.md field facts). */
const REPORTS: { classCode: string; weight: number; text: string }[] = [
  { classCode: '0505', weight: 9, text: '机动车占用人行道停放' },
  { classCode: '0102', weight: 8, text: '路边暴露垃圾未清运' },
  { classCode: '0201', weight: 6, text: '电线杆上张贴非法小广告' },
  { classCode: '0504', weight: 6, text: '商铺占道店外经营' },
  { classCode: '0501', weight: 4, text: '流动摊贩占道经营' },
  { classCode: '0104', weight: 3, text: '路面油污，道路不洁' },
  { classCode: '0507', weight: 3, text: '人行道乱堆物料' },
  { classCode: '0506', weight: 3, text: '非机动车乱停放，堵塞人行道' },
  { classCode: '0302', weight: 2, text: '工地扬尘，未覆盖' },
  { classCode: '0404', weight: 1, text: '下水道堵塞，路面积水' },
];

/** Public sources go to the grid's inspector to verify first; inspectors' own reports do not. */
const PUBLIC_SOURCES = new Set(['hotline', 'citizen', 'leader', 'media', 'open311']);

type Role = 'acceptor' | 'shift_leader' | 'dispatcher' | 'inspector' | 'department';
const ROLES: readonly Role[] = ['acceptor', 'shift_leader', 'dispatcher', 'inspector', 'department'];

/** How many cases a queue keeps before its people take the oldest (per inspector / department for theirs). */
export const QUEUE_FLOORS = {
  reported: 2,
  accepted: 2,
  registered: 3,
  approvals: 2,
  hanging: 2,
  disposed: 1,
  checked: 1,
  inspectorTasks: 1,
  departmentCases: 1,
} as const;

/** Actions a person on full duty takes per minute, per reported case a minute (the setting). */
const PACE_PER_REPORT = 2.5;
/** Never less than this many actions a minute on full duty, even with few reports. */
const MIN_PACE = 0.4;
/** Work a role saves up while it cannot act (a long tick, a paused server) is capped. */
const MAX_BUDGET = 4;
/** A tick longer than this (the server was suspended) counts as this long. */
const MAX_TICK_MS = 10 * MINUTE;

const APPROVAL_STATES: readonly CaseState[] = ['return_pending', 'extension_pending', 'hang_pending'];

export class LiveDemo {
  private timer: NodeJS.Timeout | undefined;
  private readonly rng: Random;
  private staff: { actor: Actor; username: string }[] = [];
  private readonly budget = new Map<Role, number>(ROLES.map((r) => [r, 0]));
  private readonly queues: LiveQueues;
  private readonly attachments: AttachmentService;
  private photos: Buffer[] | undefined;
  private lastTick: number | undefined;
  private readonly departmentOf = new Map<string, number | null>();

  constructor(
    private readonly ctx: CountyContext,
    private readonly log: Logger,
    seed = String(ctx.clock.now()),
  ) {
    this.rng = new Random(seed);
    this.queues = new LiveQueues(ctx.db);
    this.attachments = new AttachmentService(ctx.config.dataDir, ctx.cases, ctx.clock);
  }

  /** Ticks every `tickMs` of real time; each tick works out what happened since the last by the county clock. */
  async start(tickMs = 10_000): Promise<void> {
    await this.loadStaff();
    this.lastTick = this.ctx.clock.now();
    this.timer = setInterval(async () => await this.tick(), tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * One step of the county's life up to now (the county clock): the reports that arrived since
   * the last step, then as much work as each role's pace allows. `elapsedMs` overrides the time
   * since the last step (the first step of a demo that was not started counts one minute).
   */
  async tick(elapsedMs?: number): Promise<void> {
    try {
      if (this.staff.length === 0) await this.loadStaff();
      const now = this.ctx.clock.now();
      const dt = Math.min(MAX_TICK_MS, Math.max(0, elapsedMs ?? (this.lastTick === undefined ? MINUTE : now - this.lastTick)));
      this.lastTick = now;
      const perMinute = (await this.ctx.settings.get('demo')).liveReportsPerMinute;
      if (perMinute <= 0 || dt === 0) return;
      const reports = this.rng.poisson((perMinute * reportShare(this.hourOf(now)) * dt) / MINUTE);
      for (let k = 0; k < reports; k++) await this.report(now);
      const pace = Math.max(MIN_PACE, perMinute * PACE_PER_REPORT);
      for (const role of ROLES) {
        this.budget.set(role, Math.min(MAX_BUDGET, this.budget.get(role)! + (pace * this.duty(role, now) * dt) / MINUTE));
      }
      // Roles take turns, one action at a time, until no one can act or has time left.
      for (let round = 0; round < 40; round++) {
        let acted = false;
        for (const role of ROLES) {
          const left = this.budget.get(role)!;
          if (left < 1) continue;
          const open = await this.queues.open();
          if (await this.work(role, open, now)) {
            this.budget.set(role, left - 1);
            acted = true;
          } else {
            // Nothing above its floor: the time is not saved up for later.
            this.budget.set(role, Math.min(left, 1));
          }
        }
        if (!acted) break;
      }
    } catch (error) {
      this.log.warn({ err: error }, 'live demo tick failed');
    }
  }

  private async loadStaff(): Promise<void> {
    const staff: typeof this.staff = [];
    for (const id of await this.ctx.authStore.activeStaffIds()) {
      const user = (await this.ctx.authStore.userById(id))!;
      staff.push({ username: user.username, actor: { id: user.id, roles: await this.ctx.authStore.rolesOf(user.id), departmentId: user.departmentId } });
    }
    this.staff = staff;
  }

  /** The local hour (0–24, fractional) in the county's calendar. */
  private hourOf(t: number): number {
    const calendar = this.ctx.calendars.calendar;
    return (t - calendar.dayStart(calendar.dayIndex(t))) / HOUR;
  }

  /** 1 on full duty, a fraction on a night duty, 0 off duty. */
  private duty(role: Role, t: number): number {
    const hour = this.hourOf(t);
    switch (role) {
      case 'acceptor':
      case 'shift_leader':
      case 'dispatcher':
        return hour >= 7 && hour < 22 ? 1 : 0.25;
      case 'inspector':
        return hour >= 8 && hour < 18 ? 1 : 0;
      case 'department':
        // Outside working hours a department answers urgent cases only (see work()).
        return this.ctx.calendars.calendar.isWorkingTime(t) ? 1 : 0.25;
    }
  }

  private withRole(role: Role): { actor: Actor; username: string }[] {
    return this.staff.filter((s) => s.actor.roles.includes(role));
  }

  /** One person on duty in a role: the shifts rotate through them by the hour. */
  private onShift(role: Role, t: number): Actor | undefined {
    const people = this.withRole(role);
    if (people.length === 0) return undefined;
    return people[Math.floor(t / (4 * HOUR)) % people.length]!.actor;
  }

  private async report(now: number): Promise<void> {
    const grids = await this.ctx.grids.list({ limit: 100_000 });
    if (grids.length === 0) return;
    const patrol = this.duty('inspector', now) > 0;
    const source = this.rng.chance(patrol ? 0.55 : 0) ? 'inspector' : weighted(this.rng, [{ v: 'hotline', weight: 4 }, { v: 'citizen', weight: 3 }, { v: 'video', weight: 3 }]).v;
    // An inspector with nothing to do is where the next report lands, now and then: every
    // inspector then has tasks in the day, as the grids they walk would give them.
    let grid = grids[this.rng.int(0, grids.length - 1)]!;
    if (this.rng.chance(0.4)) {
      const idle = await this.queues.idleInspectors(this.withRole('inspector').map((s) => s.actor.id!));
      const inspector = idle.length > 0 ? idle[this.rng.int(0, idle.length - 1)]! : undefined;
      const own = inspector === undefined ? [] : await this.ctx.inspectors.gridsOf(inspector);
      const code = own.length > 0 ? own[this.rng.int(0, own.length - 1)] : undefined;
      grid = grids.find((g) => g.code === code) ?? grid;
    }
    const what = weighted(this.rng, REPORTS.map((r) => ({ v: r, weight: r.weight }))).v;
    const inspectorId = (await this.ctx.inspectors.inspectorsOfGrid(grid.code))[0];
    const inspector = this.staff.find((s) => s.actor.id === inspectorId)?.actor;
    const actor: Actor =
      source === 'inspector' && inspector ? inspector : source === 'hotline' ? (this.onShift('acceptor', now) ?? SYSTEM) : SYSTEM;
    const jitter = () => (this.rng.next() - 0.5) * 0.0006;
    await this.ctx.intake.report(
      {
        source: source === 'inspector' && !inspector ? 'hotline' : (source as 'inspector'),
        kind: 'event',
        classCode: what.classCode,
        description: what.text,
        lon: grid.centerLon + jitter(),
        lat: grid.centerLat + jitter(),
        ...(source === 'hotline' ? { reporterName: this.rng.pick(['王先生', '李女士', '张先生', '刘女士', '陈先生']), reporterContact: `138****${String(this.rng.int(0, 9999)).padStart(4, '0')}` } : {}),
        ...(source === 'video' ? { reporterName: '视频巡查' } : {}),
      },
      actor,
    );
  }

  /** One action of a role on the oldest case above its queue's floor; false when there is none. */
  private async work(role: Role, open: OpenCase[], now: number): Promise<boolean> {
    switch (role) {
      case 'acceptor':
        return await this.acceptorWork(open, now);
      case 'shift_leader':
        return await this.shiftWork(open, now);
      case 'dispatcher':
        return await this.dispatcherWork(open, now);
      case 'inspector':
        return await this.inspectorWork(open);
      case 'department':
        return await this.departmentWork(open, now);
    }
  }

  private async acceptorWork(open: OpenCase[], now: number): Promise<boolean> {
    const actor = this.onShift('acceptor', now);
    if (!actor) return false;
    const next = oldestAbove([pick(open, ['reported'], QUEUE_FLOORS.reported), pick(open, ['disposed'], QUEUE_FLOORS.disposed)]);
    if (!next) return false;
    if (next.state === 'disposed') return await this.act(next, 'send_check', actor);
    if (next.source !== 'inspector' && this.rng.chance(0.03)) return await this.act(next, 'reject', actor, { comment: '重复上报，不予受理' });
    return await this.act(next, PUBLIC_SOURCES.has(next.source) ? 'send_verify' : 'accept', actor);
  }

  private async shiftWork(open: OpenCase[], now: number): Promise<boolean> {
    const actor = this.onShift('shift_leader', now);
    if (!actor) return false;
    const next = oldestAbove([pick(open, ['accepted'], QUEUE_FLOORS.accepted), pick(open, ['checked'], QUEUE_FLOORS.checked)]);
    if (!next) return false;
    if (next.state === 'checked') return await this.act(next, 'close', actor);
    if (this.rng.chance(0.015)) return await this.act(next, 'decline', actor, { comment: '不属于城市管理范围，不予立案' });
    return await this.act(next, 'register', actor);
  }

  private async dispatcherWork(open: OpenCase[], now: number): Promise<boolean> {
    const actor = this.onShift('dispatcher', now);
    if (!actor) return false;
    const hanging = open.filter((c) => c.state === 'hanging' && c.hangStartedAt !== null && now - c.hangStartedAt > 2 * HOUR);
    const next = oldestAbove([
      pick(open, ['registered'], QUEUE_FLOORS.registered),
      pick(open, APPROVAL_STATES, QUEUE_FLOORS.approvals),
      open.filter((c) => c.state === 'hanging').length > QUEUE_FLOORS.hanging ? hanging : [],
    ]);
    if (!next) {
      // Nothing to decide: press a late case now and then (督办).
      const late = open.find((c) => c.overdue && !c.supervised && (c.state === 'dispatched' || c.state === 'rework'));
      return late !== undefined && this.rng.chance(0.3) && await this.act(late, 'supervise', actor, { comment: '已超时，请加快处置（督办）' });
    }
    switch (next.state) {
      case 'registered': {
        const departmentId = await this.departmentFor(next);
        return departmentId !== null && await this.act(next, 'dispatch', actor, { departmentId, comment: '请按时限处置' });
      }
      case 'return_pending':
        return this.rng.chance(0.85) ? await this.act(next, 'return_approve', actor, { comment: '同意回退，另行派遣' }) : await this.act(next, 'return_reject', actor, { comment: '属本单位职责，请继续处置' });
      case 'extension_pending':
        return this.rng.chance(0.85) ? await this.act(next, 'extend_approve', actor, { comment: '同意延期' }) : await this.act(next, 'extend_reject', actor, { comment: '不予延期，请按原时限处置' });
      case 'hang_pending':
        return await this.act(next, 'hang_approve', actor, { comment: '同意挂账' });
      case 'hanging':
        return await this.act(next, 'hang_resume', actor, { comment: '条件具备，恢复处置' });
      default:
        return false;
    }
  }

  private async inspectorWork(open: OpenCase[]): Promise<boolean> {
    const tasks = open.filter((c) => (c.state === 'verifying' || c.state === 'checking') && c.assigneeId !== null);
    const perInspector = countBy(tasks, (c) => c.assigneeId!);
    const next = oldestAbove([tasks.filter((c) => perInspector.get(c.assigneeId!)! > QUEUE_FLOORS.inspectorTasks)]);
    if (!next) return false;
    const actor = this.staff.find((s) => s.actor.id === next.assigneeId)?.actor;
    if (!actor) return false;
    if (next.state === 'verifying') {
      return this.rng.chance(0.95) ? await this.act(next, 'verify_confirm', actor, { comment: '现场核实，情况属实' }) : await this.act(next, 'verify_deny', actor, { comment: '现场核实，未发现所报问题' });
    }
    return this.rng.chance(0.92) ? await this.act(next, 'check_pass', actor, { comment: '现场核查，已处置到位' }) : await this.act(next, 'check_fail', actor, { comment: '现场核查，处置不到位，返工' });
  }

  private async departmentWork(open: OpenCase[], now: number): Promise<boolean> {
    const working = this.ctx.calendars.calendar.isWorkingTime(now);
    const disposing = open.filter((c) => (c.state === 'dispatched' || c.state === 'rework') && c.departmentId !== null && (working || c.urgent));
    const perDepartment = countBy(disposing, (c) => c.departmentId!);
    const above = disposing.filter((c) => perDepartment.get(c.departmentId!)! > QUEUE_FLOORS.departmentCases);
    // Mostly the oldest first; now and then another, so some cases wait past their deadline.
    const next = this.rng.chance(0.25) && above.length > 1 ? above[this.rng.int(0, above.length - 1)] : oldestAbove([above]);
    if (!next) return false;
    const actor = this.staff.find((s) => s.actor.roles.includes('department') && s.actor.departmentId === next.departmentId)?.actor;
    if (!actor) return false;
    // Requests keep the approvers' queues alive: more often when those queues run low.
    if (next.state === 'dispatched') {
      const pending = open.filter((c) => APPROVAL_STATES.includes(c.state)).length;
      const hanging = open.filter((c) => c.state === 'hanging' || c.state === 'hang_pending').length;
      if (this.rng.chance(pending <= QUEUE_FLOORS.approvals ? 0.45 : 0.06)) {
        if (hanging <= QUEUE_FLOORS.hanging && this.rng.chance(0.5)) return await this.act(next, 'hang_request', actor, { comment: '需待天气好转/配套工程完成后处置，申请挂账' });
        if (this.rng.chance(0.6)) return await this.act(next, 'extend_request', actor, { comment: '工程量大，申请延期', extension: { value: this.rng.pick([4, 8, 16]), unit: 'work_hours' } });
        if (next.returnCount === 0) return await this.act(next, 'return_request', actor, { comment: '非本单位职责，申请回退' });
      }
    }
    const photoIds = (await this.ctx.settings.get('workflow')).photoRequiredOnDispose ? [await this.photo(actor)] : [];
    return await this.act(next, 'dispose', actor, { comment: next.state === 'rework' ? '已重新处置' : '已处置完毕', photoIds });
  }

  /** A disposal photo uploaded by the department, as its people would from their phones. */
  private async photo(actor: Actor): Promise<number> {
    this.photos ??= disposalPhotos();
    const bytes = this.photos[this.rng.int(0, this.photos.length - 1)]!;
    return (await this.attachments.save(bytes, { kind: 'photo', originalName: 'disposal.jpg', uploadedBy: actor.id })).id;
  }

  /** Where such cases go: the department most cases of the class in the same street went to. */
  private async departmentFor(c: OpenCase): Promise<number | null> {
    const key = `${c.kind}/${c.classCode}/${c.streetCode ?? ''}`;
    if (!this.departmentOf.has(key)) {
      const id = await this.queues.usualDepartment(c.kind, c.classCode, c.streetCode) ?? await this.queues.usualDepartment(c.kind, c.classCode, null);
      const fallback = (await this.ctx.departments.list({ kind: 'department', limit: 1 }))[0]?.id ?? null;
      this.departmentOf.set(key, id ?? fallback);
    }
    return this.departmentOf.get(key)!;
  }

  private async act(c: OpenCase, action: string, actor: Actor, extra: { comment?: string; departmentId?: number; extension?: { value: number; unit: 'work_hours' }; photoIds?: number[] } = {}): Promise<boolean> {
    const row: CaseRow | undefined = await this.ctx.cases.get(c.id);
    if (!row) return false;
    // The person acts only if the workflow offers them the action (role, state, guard).
    if (!(await this.ctx.workflow.allowedActions(row, actor)).some((t) => t.action === action)) return false;
    await this.ctx.workflow.act(c.id, action, { version: row.version, ...extra }, actor);
    return true;
  }
}

const SYSTEM: Actor = { id: null, roles: ['system'], departmentId: null };

/** Share of the busiest rate of reports at a local hour: the day's peaks, a quiet night. */
function reportShare(hour: number): number {
  if ((hour >= 8 && hour < 12) || (hour >= 14 && hour < 18)) return 1;
  if (hour >= 7 && hour < 22) return 0.5;
  return 0.12;
}

function pick(open: OpenCase[], states: readonly CaseState[], floor: number): OpenCase[] {
  const cases = open.filter((c) => states.includes(c.state));
  return cases.length > floor ? cases : [];
}

/** The case that has waited longest (least recently changed) among the candidate lists. */
function oldestAbove(lists: OpenCase[][]): OpenCase | undefined {
  let best: OpenCase | undefined;
  for (const list of lists) for (const c of list) if (!best || c.updatedAt < best.updatedAt || (c.updatedAt === best.updatedAt && c.id < best.id)) best = c;
  return best;
}

function countBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, number> {
  const counts = new Map<K, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function weighted<T>(rng: Random, items: readonly { v: T; weight: number }[]): { v: T; weight: number } {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let r = rng.next() * total;
  for (const item of items) {
    r -= item.weight;
    if (r <= 0) return item;
  }
  return items[items.length - 1]!;
}
