// Analytics speed: heatmap (grid × class × time range) and evaluation queries at 30,000 cases
// (a county year), 1 M and 3.5 M (a city's six years), beside the SQL baselines MEASURED.md
// compares (GROUP BY over the case table, and over the summary table) measured in the same run;
// the full rebuild from the trail; and what the observer costs each workflow action.
//
// Synthetic rows are written in bulk: a city of 30,000 grids, 300 classes, 9 sources and 420
// departments. 30 k and 1 M get full 8-event trails and a real rebuild; 3.5 M gets case rows
// (the heatmap columns) and counter rows shaped like a rebuild's (set GRIDHALL_BENCH_FULL=1 to
// write and rebuild its 28 M events too: it takes minutes and ~5 GB).
import path from 'node:path';
import { AnalyticsService } from '../core/analytics/service.js';
import { DictionaryStore } from '../core/base/dictionary/store.js';
import { EvaluationService } from '../core/analytics/evaluation/service.js';
import { HeatmapService } from '../core/analytics/heatmap/service.js';
import { workflowFixture, STANDARD, type WorkflowFixture } from '../tests/support/workflow-fixture.js';
import { fmt, percentile, printSection, sample, sampleAsync, tempDir, timeAsync, timeIt, type Figure } from './harness.js';

const DAY = 86_400_000;
const GRIDS = 30_000;
const DEPARTMENTS = 420;
const CLASSES = 300;
const SOURCES = ['inspector', 'hotline', 'citizen', 'open311', 'video', 'iot', 'leader', 'media', 'self'];
const END = Date.parse('2026-11-01T00:00:00+08:00');
const observedRates: number[] = [];

/** A deterministic generator, so every run writes the same city. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 990101 + street (10 of them) + community (30 per street) + grid (100 per community). */
const gridCode = (i: number) =>
  `990101${String(1 + Math.floor(i / 3000)).padStart(3, '0')}${String(1 + Math.floor((i % 3000) / 100)).padStart(3, '0')}${String(1 + (i % 100)).padStart(3, '0')}`;

interface City {
  f: WorkflowFixture;
  staff: { inspector: number[]; acceptor: number[]; leader: number[]; dispatcher: number[] };
  classes: string[];
  grids: string[];
}

/** The city's base data: areas, 30,000 grids, 420 departments, 300 classes, 200 staff. */
async function city(file: string): Promise<City> {
  const f = await workflowFixture(file);
  const grids = Array.from({ length: GRIDS }, (_, i) => gridCode(i));
  const classes = Array.from({ length: CLASSES }, (_, i) => `${String(1 + Math.floor(i / 30)).padStart(2, '0')}${String(1 + (i % 30)).padStart(2, '0')}`);
  f.db.transactionNow(() => {
    const area = f.db.statement('bench.area', 'INSERT OR IGNORE INTO areas (code, level, parent_code, name) VALUES (?, ?, ?, ?)');
    const grid = f.db.statement(
      'bench.grid',
      `INSERT OR IGNORE INTO grids (code, community_code, area_m2, geometry, center_lon, center_lat, west, south, east, north)
       VALUES (?, ?, 10000, '{"type":"Polygon","coordinates":[]}', ?, ?, ?, ?, ?, ?)`,
    );
    for (const [i, code] of grids.entries()) {
      area.runNow([code.slice(0, 6), 'county', null, '市']);
      area.runNow([code.slice(0, 9), 'street', code.slice(0, 6), `街道${code.slice(6, 9)}`]);
      area.runNow([code.slice(0, 12), 'community', code.slice(0, 9), `社区${code.slice(9, 12)}`]);
      const lon = 118 + (i % 200) * 0.001;
      const lat = 28.3 + Math.floor(i / 200) * 0.001;
      grid.runNow([code, code.slice(0, 12), lon, lat, lon - 0.0005, lat - 0.0005, lon + 0.0005, lat + 0.0005]);
    }
    const dept = f.db.statement('bench.dept', "INSERT OR IGNORE INTO departments (id, code, name, kind) VALUES (?, ?, ?, 'department')");
    for (let d = 4; d <= DEPARTMENTS + 3; d++) dept.runNow([d, `D${d}`, `部门${d}`]);
    const cls = f.db.statement('bench.class', "INSERT OR IGNORE INTO classes (standard_id, kind, code, level, big_code, name) VALUES (?, 'event', ?, ?, ?, ?)");
    for (const c of classes) {
      cls.runNow([STANDARD, c.slice(0, 2), 'big', c.slice(0, 2), `大类${c.slice(0, 2)}`]);
      cls.runNow([STANDARD, c, 'small', c.slice(0, 2), `小类${c}`]);
    }
  });
  const auth = f.db.statement('bench.user', "INSERT INTO users (username, display_name, password_hash, created_at) VALUES (?, ?, 'x', 0)");
  const role = f.db.statement('bench.role', 'INSERT INTO user_roles (user_id, role_code) VALUES (?, ?)');
  const staff = { inspector: [] as number[], acceptor: [] as number[], leader: [] as number[], dispatcher: [] as number[] };
  f.db.transactionNow(() => {
    for (const [key, code] of [['inspector', 'inspector'], ['acceptor', 'acceptor'], ['leader', 'shift_leader'], ['dispatcher', 'dispatcher']] as const) {
      for (let i = 0; i < 50; i++) {
        const id = Number(auth.runNow([`b-${code}-${i}`, `${code}${i}`]).lastInsertRowid);
        role.runNow([id, code]);
        staff[key].push(id);
      }
    }
  });
  return { f, staff, classes, grids };
}

/**
 * Writes `n` cases spread over `years` up to END, busier in the day and on weekdays. With
 * `trails`, each closed case gets its 8 workflow events (some late, some still open).
 */
function writeCases(c: City, n: number, years: number, trails: boolean): { ms: number; events: number } {
  const rnd = random(n);
  const span = years * 365 * DAY;
  const insertCase = c.f.db.statement(
    'bench.case',
    `INSERT INTO cases (case_no, kind, standard_id, class_code, source, state, description, grid_code, community_code, street_code, department_id,
       reporter_id, reported_at, registered_at, dispatched_at, disposed_at, closed_at, deadline_at, updated_at, version, lon, lat, overdue)
     VALUES (?, 'event', ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEvent = c.f.db.statement(
    'bench.event',
    'INSERT INTO case_events (case_id, seq, at, actor_id, actor_role, action, from_state, to_state, comment, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)',
  );
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  let events = 0;
  const { ms } = timeIt(() =>
    c.f.db.transactionNow(() => {
      for (let i = 0; i < n; i++) {
        // Cases arrive in time order (as in life); hours follow the working day.
        const day = Math.floor((i / n) * (span / DAY));
        const at = END - span + day * DAY + (7 + Math.floor(rnd() * 12)) * 3_600_000 + Math.floor(rnd() * 3_600_000);
        const grid = c.grids[Math.floor(Math.pow(rnd(), 1.6) * c.grids.length)]!;
        const classCode = c.classes[Math.floor(Math.pow(rnd(), 2) * c.classes.length)]!;
        const source = pick(SOURCES);
        const department = 4 + Math.floor(rnd() * DEPARTMENTS);
        const open = i > n * 0.98;
        const late = rnd() < 0.2;
        const t = (k: number) => at + k * 20 * 60_000;
        const deadline = t(3) + 2 * DAY;
        const disposed = late ? deadline + 3 * 3_600_000 : t(4);
        const state = open ? 'dispatched' : 'closed';
        const inspector = pick(c.staff.inspector);
        const lon = 118 + rnd() * 0.2;
        const lat = 28.3 + rnd() * 0.15;
        const id = Number(
          insertCase.runNow([
            `B${String(i).padStart(12, '0')}`, STANDARD, classCode, source, state, grid, grid.slice(0, 12), grid.slice(0, 9), department,
            inspector, at, t(2), t(3), open ? null : disposed, open ? null : disposed + 3_600_000, deadline, disposed + 3_600_000, open ? 4 : 8, lon, lat, late ? 1 : 0,
          ]).lastInsertRowid,
        );
        if (!trails) continue;
        const trail: [number, number | null, string, string, string | null, string, string | null][] = [
          [at, inspector, 'inspector', 'report', null, 'reported', JSON.stringify({ source, kind: 'event', classCode, stepDeadlineAt: t(3) })],
          [t(1), pick(c.staff.acceptor), 'acceptor', 'accept', 'reported', 'accepted', JSON.stringify({ stepDeadlineAt: t(4) })],
          [t(2), pick(c.staff.leader), 'shift_leader', 'register', 'accepted', 'registered', JSON.stringify({ stepDeadlineAt: t(5) })],
          [t(3), pick(c.staff.dispatcher), 'dispatcher', 'dispatch', 'registered', 'dispatched', JSON.stringify({ departmentId: department, deadlineAt: deadline, stepDeadlineAt: deadline })],
        ];
        if (!open) {
          trail.push(
            [disposed, null, 'department', 'dispose', 'dispatched', 'disposed', JSON.stringify({ stepDeadlineAt: disposed + 4 * 3_600_000 })],
            [disposed + 600_000, pick(c.staff.acceptor), 'acceptor', 'send_check', 'disposed', 'checking', JSON.stringify({ assigneeId: inspector, stepDeadlineAt: disposed + 5 * 3_600_000 })],
            [disposed + 1_800_000, inspector, 'inspector', 'check_pass', 'checking', 'checked', JSON.stringify({ stepDeadlineAt: disposed + 3 * 3_600_000 })],
            [disposed + 3_600_000, pick(c.staff.leader), 'shift_leader', 'close', 'checked', 'closed', null],
          );
        }
        trail.forEach(([when, actor, actorRole, action, from, to, data], k) => insertEvent.runNow([id, k + 1, when, actor, actorRole, action, from, to, data]));
        events += trail.length;
      }
    }),
  );
  return { ms, events };
}

/** Counter rows shaped like a rebuild's, for the 3.5 M city without its 28 M events. */
function writeCounters(c: City, n: number, years: number): number {
  const rnd = random(7);
  const days = years * 365;
  const endDay = Math.floor((END + 8 * 3_600_000) / DAY);
  const perDeptDay = n / days / DEPARTMENTS;
  const insert = c.f.db.statement('bench.counter', 'INSERT OR REPLACE INTO analytics_counters (scope, day, subject, measure, value) VALUES (?, ?, ?, ?, ?)');
  let rows = 0;
  c.f.db.transactionNow(() => {
    for (let d = endDay - days; d < endDay; d++) {
      for (let dept = 4; dept < 4 + DEPARTMENTS; dept++) {
        const assigned = Math.round(perDeptDay * (0.5 + rnd()));
        if (assigned === 0) continue;
        const disposed = assigned;
        const onTime = Math.round(disposed * 0.8);
        for (const [measure, value] of [['assigned', assigned], ['toDispose', assigned], ['disposed', disposed], ['disposedOnTime', onTime], ['due', assigned], ['closed', disposed], ['closedOnTime', onTime], ['overdue', disposed - onTime]] as const) {
          if (value > 0) {
            insert.runNow(['department', d, String(dept), measure, value]);
            rows++;
          }
        }
      }
    }
  });
  c.f.db.execNow('ANALYZE');
  return rows;
}

function services(c: City) {
  const analytics = new AnalyticsService(c.f.db, c.f.cases, c.f.calendars, c.f.limits, new DictionaryStore(c.f.db), c.f.clock);
  return { analytics, heatmap: new HeatmapService(analytics), evaluation: new EvaluationService(analytics, c.f.settings) };
}

const p = (samples: number[], name: string, goal?: string): Figure[] => [
  { name: `${name} p50`, value: percentile(samples, 50), unit: 'ms' },
  { name: `${name} p95`, value: percentile(samples, 95), unit: 'ms', note: goal },
];

/** Heatmap and evaluation queries on one city size, beside the SQL baselines. */
async function queries(label: string, c: City, s: ReturnType<typeof services>, withSummary: boolean): Promise<void> {
  const load = await timeAsync(async () => await s.analytics.columns());
  const figures: Figure[] = [{ name: 'load heatmap columns', value: load.ms / 1000, unit: 's', note: `${fmt(load.result.bytes / 2 ** 20)} MB in memory` }];
  const rnd = random(11);
  const window = () => {
    const to = new Date(END - Math.floor(rnd() * 200) * DAY);
    const from = new Date(to.getTime() - 300 * DAY);
    return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
  };
  const bigClass = () => `event:${String(1 + Math.floor(rnd() * 10)).padStart(2, '0')}`;
  // grid × class × time range: the explorer's map and the slider.
  const grid = await sampleAsync(async () => await s.heatmap.grids({ ...window(), classes: bigClass() }), 40, 3);
  figures.push(...p(grid, 'grid × class × 300 days', 'goal < 50 ms'));
  const day = await sampleAsync(async () => {
    const w = window();
    return await s.heatmap.grids({ from: w.to, to: w.to, sources: 'hotline' });
  }, 40, 3);
  figures.push(...p(day, 'one day by grid (slider step)'));
  const all = await sampleAsync(async () => await s.heatmap.explore({ ...window(), classes: bigClass(), resolution: 128 }), 10, 1);
  figures.push(...p(all, 'every explorer panel, 300 days'));

  // Baselines (MEASURED.md): SQL over the case table, and over the summary table.
  const sqlCases = c.f.db.statement(
    'bench.groupByCases',
    "SELECT grid_code, count(*) FROM cases WHERE reported_at >= ? AND reported_at < ? AND class_code >= ? AND class_code < ? GROUP BY grid_code",
  );
  const base = sample(async () => {
    const w = window();
    const b = bigClass().slice(6);
    return await sqlCases.all([Date.parse(w.from), Date.parse(w.to) + DAY, b, `${b}~`]);
  }, 10, 1);
  figures.push({ name: 'baseline: GROUP BY over cases p50', value: percentile(base, 50), unit: 'ms', note: `ratio ${fmt(percentile(base, 50) / percentile(grid, 50))}× slower than the column scan` });
  if (withSummary) {
    const sqlSummary = c.f.db.statement(
      'bench.groupBySummary',
      'SELECT grid_code, sum(reported) FROM analytics_summary WHERE day >= ? AND day < ? AND class_code >= ? AND class_code < ? GROUP BY grid_code',
    );
    const sum = sample(async () => {
      const w = window();
      const b = bigClass().slice(6);
      return await sqlSummary.all([Math.floor(Date.parse(w.from) / DAY), Math.floor(Date.parse(w.to) / DAY) + 1, b, `${b}~`]);
    }, 10, 1);
    figures.push({ name: 'baseline: GROUP BY over summary p50', value: percentile(sum, 50), unit: 'ms' });
  }

  // Evaluation: a month of 420 departments, and the same month of every grid.
  const month = { fromDay: Math.floor((END + 8 * 3_600_000) / DAY) - 30, toDay: Math.floor((END + 8 * 3_600_000) / DAY), label: '2026-10', kind: 'month' as const };
  const depts = await sampleAsync(async () => await s.evaluation.evaluate('department', month), 10, 1);
  figures.push(...p(depts, `monthly evaluation, ${DEPARTMENTS} departments`, 'goal < 1 s'));
  if (withSummary) {
    const grids = await sampleAsync(async () => await s.evaluation.evaluate('grid', month), 5, 1);
    figures.push(...p(grids, `monthly evaluation, ${GRIDS.toLocaleString('en')} grids`));
    const wall = await sampleAsync(async () => await s.analytics.store.flowsByDay(month.toDay - 7, month.toDay), 20, 2);
    figures.push(...p(wall, "wall: 7 days' flows"));
  }
  printSection(label, figures);
}

export default async function run(): Promise<void> {
  const tmp = tempDir('analytics');
  try {
    // What the observer adds to each audited action (same run; alternating, best of two each).
    const best = [0, 0];
    for (const [round, observed] of [false, true, false, true].entries()) {
      const f = await workflowFixture(path.join(tmp.dir, `flow-${round}.db`));
      await f.settings.set('workflow', { ...await f.settings.get('workflow'), photoRequiredOnDispose: false }, f.clock.now(), null);
      if (observed) new AnalyticsService(f.db, f.cases, f.calendars, f.limits, new DictionaryStore(f.db), f.clock).attach(f.workflow);
      const flow: [string, keyof WorkflowFixture['actors']][] = [['accept', 'acceptor'], ['register', 'shiftLeader'], ['dispatch', 'dispatcher'], ['dispose', 'sanitation'], ['send_check', 'acceptor'], ['check_pass', 'inspector'], ['close', 'shiftLeader']];
      let actions = 0;
      const { ms } = await timeAsync(async () => {
        for (let i = 0; i < 2000; i++) {
          let row = (await f.workflow.report(f.newCase(), f.actors.inspector)).case;
          actions++;
          for (const [action, who] of flow) {
            f.clock.advance(60_000);
            row = (await f.workflow.act(row.id, action, { version: row.version, comment: '意见', ...(action === 'dispatch' ? { departmentId: 1 } : {}) }, f.actors[who])).case;
            actions++;
          }
        }
      });
      best[observed ? 1 : 0] = Math.max(best[observed ? 1 : 0]!, (actions / ms) * 1000);
      await f.close();
    }
    observedRates.push(...best);
    printSection('Workflow actions with the analytics observer (2,000 cases × 8 actions)', [
      { name: 'without analytics', value: observedRates[0]!, unit: '/s', note: 'baseline, same run' },
      { name: 'with analytics (summary + counters in the transaction)', value: observedRates[1]!, unit: '/s' },
      { name: 'ratio', value: observedRates[1]! / observedRates[0]!, unit: '×' },
    ]);

    const sizes = (process.env.GRIDHALL_BENCH_SIZES ?? '30000,1000000,3500000').split(',').map(Number);
    for (const [n, years, trails] of [[30_000, 1, true], [1_000_000, 6, true], [3_500_000, 6, process.env.GRIDHALL_BENCH_FULL === '1']] as const) {
      if (!sizes.includes(n)) continue;
      const c = await city(path.join(tmp.dir, `city-${n}.db`));
      const written = writeCases(c, n, years, trails);
      const s = services(c);
      const figures: Figure[] = [{ name: `write ${n.toLocaleString('en')} cases${trails ? ` + ${written.events.toLocaleString('en')} events` : ''}`, value: written.ms / 1000, unit: 's' }];
      if (trails) {
        const rebuilt = await timeAsync(async () => await s.analytics.aggregates.rebuild());
        figures.push(
          { name: 'full rebuild from the trail', value: rebuilt.ms / 1000, unit: 's', note: `${rebuilt.result.units.toLocaleString('en')} units` },
          { name: 'events folded per second', value: (written.events / rebuilt.ms) * 1000, unit: '/s' },
        );
        await c.f.db.exec('ANALYZE');
      } else {
        figures.push({ name: 'counter rows written (no trail)', value: writeCounters(c, n, years), unit: 'rows' });
      }
      printSection(`${n.toLocaleString('en')} cases (${years} year${years > 1 ? 's' : ''}, ${GRIDS.toLocaleString('en')} grids, ${DEPARTMENTS} departments)`, figures);
      await queries(`Queries at ${n.toLocaleString('en')} cases`, c, s, trails);
      await c.f.close();
    }
  } finally {
    tmp.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
