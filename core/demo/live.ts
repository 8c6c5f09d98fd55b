// The demo county keeps living while it runs: new reports arrive at a gentle rate (a county
// setting, demo.liveReportsPerMinute) and the centre's demo staff move open cases along, so
// the wall, the queues and the ticker change as they would in a real hall.
import type { Actor } from '../workflow/cases/workflow.js';
import type { RoleCode } from '../contract/index.js';
import type { Logger } from '../runtime/log.js';
import type { CountyContext } from '../server/context.js';
import { Random } from './random.js';

/** Classes a patrol or the public most often report, with weights (DOMAIN.md field facts). */
const REPORTS: { kind: 'component' | 'event'; classCode: string; weight: number; text: string }[] = [
  { kind: 'event', classCode: '0505', weight: 9, text: '机动车占用人行道停放' },
  { kind: 'event', classCode: '0102', weight: 8, text: '路边暴露垃圾未清运' },
  { kind: 'event', classCode: '0201', weight: 6, text: '电线杆上张贴非法小广告' },
  { kind: 'event', classCode: '0504', weight: 6, text: '商铺占道店外经营' },
  { kind: 'event', classCode: '0501', weight: 4, text: '流动摊贩占道经营' },
  { kind: 'event', classCode: '0104', weight: 3, text: '路面油污，道路不洁' },
  { kind: 'event', classCode: '0507', weight: 3, text: '人行道乱堆物料' },
  { kind: 'event', classCode: '0302', weight: 2, text: '工地扬尘，未覆盖' },
  { kind: 'event', classCode: '0404', weight: 1, text: '下水道堵塞，路面积水' },
];

const SOURCES: { source: string; weight: number }[] = [
  { source: 'inspector', weight: 7 },
  { source: 'hotline', weight: 2 },
  { source: 'video', weight: 1 },
];

/** The demo staff role that would take each next action. */
const ROLE_OF_ACTION: Record<string, RoleCode> = {
  send_verify: 'acceptor', accept: 'acceptor', send_check: 'acceptor',
  verify_confirm: 'inspector', check_pass: 'inspector',
  register: 'shift_leader', close: 'shift_leader', self_approve: 'shift_leader',
  dispatch: 'dispatcher', extend_approve: 'dispatcher', hang_resume: 'dispatcher', return_approve: 'dispatcher',
  dispose: 'department',
};

export class LiveDemo {
  private timer: NodeJS.Timeout | undefined;
  private readonly rng: Random;
  private readonly staff: Actor[] = [];

  constructor(
    private readonly ctx: CountyContext,
    private readonly log: Logger,
    seed = String(Date.now()),
  ) {
    this.rng = new Random(seed);
  }

  async start(tickMs = 20_000): Promise<void> {
    this.staff.push(...await this.loadStaff());
    this.timer = setInterval(() => {
      this.tick(tickMs).catch((error: unknown) => this.log.warn({ err: error }, 'live demo tick failed'));
    }, tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async loadStaff(): Promise<Actor[]> {
    const rows = await this.ctx.db
      .statement<{ id: number }>('demo.staff', "SELECT id FROM users WHERE active = 1 AND username <> 'admin' ORDER BY id")
      .all();
    const staff: Actor[] = [];
    for (const r of rows) {
      const user = (await this.ctx.authStore.userById(r.id))!;
      staff.push({ id: user.id, roles: await this.ctx.authStore.rolesOf(user.id), departmentId: user.departmentId });
    }
    return staff;
  }

  /** One tick: maybe a new report, then a few open cases move one step. */
  async tick(tickMs: number): Promise<void> {
    const perMinute = (await this.ctx.settings.get('demo')).liveReportsPerMinute;
    if (perMinute <= 0) return;
    if (this.rng.chance(Math.min(1, (perMinute * tickMs) / 60_000))) await this.report();
    for (let k = 0; k < 2; k++) await this.advance();
  }

  private async report(): Promise<void> {
    const grids = await this.ctx.grids.list({ limit: 10_000 });
    const grid = grids[this.rng.int(0, grids.length - 1)];
    if (!grid) return;
    const what = weighted(this.rng, REPORTS);
    const source = weighted(this.rng, SOURCES).source;
    const inspector = (await this.ctx.inspectors.inspectorsOfGrid(grid.code))[0];
    const actor: Actor =
      source === 'inspector' && inspector !== undefined
        ? (this.staff.find((s) => s.id === inspector) ?? { id: null, roles: ['system'], departmentId: null })
        : (this.staff.find((s) => s.roles.includes('acceptor')) ?? { id: null, roles: ['system'], departmentId: null });
    const jitter = () => (this.rng.next() - 0.5) * 0.0006;
    await this.ctx.intake.report(
      { source: source as 'inspector', kind: what.kind, classCode: what.classCode, description: what.text, lon: grid.centerLon + jitter(), lat: grid.centerLat + jitter() },
      actor,
    );
  }

  private async advance(): Promise<void> {
    const open = (await this.ctx.cases.list({ states: ['reported', 'accepted', 'registered', 'dispatched', 'rework', 'disposed', 'checking', 'checked'] }, 40, 0)).rows;
    const row = open[this.rng.int(0, Math.max(0, open.length - 1))];
    if (!row) return;
    // Leave some cases waiting, so queues are never empty and some go overdue.
    if (this.rng.chance(0.5)) return;
    const start = this.rng.int(0, Math.max(0, this.staff.length - 1));
    for (const actor of [...this.staff.slice(start), ...this.staff.slice(0, start)]) {
      const options = (await this.ctx.workflow.allowedActions(row, actor)).filter((t) => ROLE_OF_ACTION[t.action] && actor.roles.includes(ROLE_OF_ACTION[t.action]!));
      const choice = options[0];
      if (!choice) continue;
      const departments = await this.ctx.departments.list({ kind: 'department', limit: 100 });
      const input = {
        version: row.version,
        comment: '已按要求办理',
        ...(choice.action === 'dispatch' ? { departmentId: departments[this.rng.int(0, departments.length - 1)]!.id } : {}),
      };
      if (choice.action === 'dispose' && (await this.ctx.settings.get('workflow')).photoRequiredOnDispose) return; // people attach photos
      await this.ctx.workflow.act(row.id, choice.action, input, actor);
      return;
    }
  }
}

function weighted<T extends { weight: number }>(rng: Random, items: readonly T[]): T {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let r = rng.next() * total;
  for (const item of items) {
    r -= item.weight;
    if (r <= 0) return item;
  }
  return items[items.length - 1]!;
}
