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
import { fmt, interleave, part, percentile, printSection, QUICK, sample, tempDir, timeAsync, timeIt, type Figure } from './harness.js';

const DAY = 86_400_000;
const GRIDS = 30_000;
const DEPARTMENTS = 420;
const CLASSES = 300;
const SOURCES = ['inspector', 'hotline', 'citizen', 'open311', 'video', 'iot', 'leader', 'media', 'self'];
const END = Date.parse('2026-11-01T00:00:00+08:00');

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
  const rss0 = process.memoryUsage().rss;
  const load = timeIt(() => s.analytics.columns);
  const figures: Figure[] = [{ name: 'load heatmap columns', value: load.ms / 1000, unit: 's', note: `${fmt((await s.analytics.columns()).bytes / 2 ** 20)} MB in memory` }];
  const rnd = random(11);
  const window = () => {
    const to = new Date(END - Math.floor(rnd() * 200) * DAY);
    const from = new Date(to.getTime() - 300 * DAY);
    return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
  };
  const bigClass = () => `event:${String(1 + Math.floor(rnd() * 10)).padStart(2, '0')}`;
  // The clock moves 5 s before each query, as a user's clicks are spread: every 12th query
  // meets the minute's refresh of the cached names, so p95 includes it.
  const moving = (fn: () => unknown) => () => {
    c.f.clock.advance(5_000);
    return fn();
  };
  // grid × class × time range: the explorer's map and the slider.
  const grid = sample(moving(() => s.heatmap.grids({ ...window(), classes: bigClass() })), QUICK ? 24 : 48, 3);
  figures.push(...p(grid, 'grid × class × 300 days', 'goal < 10 ms at 3.5 M, quiet'));
  const day = sample(moving(() => {
    const w = window();
    return s.heatmap.grids({ from: w.to, to: w.to, sources: 'hotline' });
  }), QUICK ? 24 : 48, 3);
  figures.push(...p(day, 'one day by grid (slider step)'));
  const all = sample(moving(() => s.heatmap.explore({ ...window(), classes: bigClass(), resolution: 128 })), QUICK ? 12 : 24, 1);
  figures.push(...p(all, 'every explorer panel, 300 days', 'goal < 50 ms at 3.5 M, quiet'));

  // Baseline: the same count as SQL over the case table, on its best plan. The planner's own
  // choice with these values can be a skip-scan of cases_grid (seconds); the reported_at
  // index is the fair one. Both are printed; the ratio is against the faster (p95 with p95).
  const sql = (hint: string) =>
    c.f.db.statement(
      `bench.groupByCases${hint}`,
      `SELECT grid_code, count(*) FROM cases ${hint} WHERE reported_at >= ? AND reported_at < ? AND class_code >= ? AND class_code < ? GROUP BY grid_code`,
    );
  const baseline = (hint: string, runs: number) => {
    const statement = sql(hint);
    return sample(() => {
      const w = window();
      const b = bigClass().slice(6);
      return statement.all([Date.parse(w.from), Date.parse(w.to) + DAY, b, `${b}~`]);
    }, runs, 1);
  };
  const planner = baseline('', (await c.f.db.statement<{ n: number }>('bench.count', 'SELECT count(*) AS n FROM cases').get())!.n > 2_000_000 ? 3 : 8);
  const byDate = baseline('INDEXED BY cases_reported', QUICK ? 8 : 16);
  const best = Math.min(percentile(planner, 95), percentile(byDate, 95));
  figures.push(
    { name: "baseline: GROUP BY over cases, the planner's plan p95", value: percentile(planner, 95), unit: 'ms', note: `${planner.length} runs` },
    { name: 'baseline: GROUP BY over cases, INDEXED BY cases_reported p95', value: percentile(byDate, 95), unit: 'ms', note: `${byDate.length} runs` },
    { name: 'ratio best SQL p95 ÷ grid × class × 300 days p95', value: best / percentile(grid, 95), unit: '×', digits: 2, note: 'how many times faster than the best SQL plan' },
  );
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
    figures.push({ name: 'baseline: GROUP BY over summary p95', value: percentile(sum, 95), unit: 'ms' });
  }

  // Evaluation: a month of 420 departments, and the same month of every grid.
  const month = { fromDay: Math.floor((END + 8 * 3_600_000) / DAY) - 30, toDay: Math.floor((END + 8 * 3_600_000) / DAY), label: '2026-10', kind: 'month' as const };
  const depts = sample(moving(() => s.evaluation.evaluate('department', month)), QUICK ? 8 : 16, 1);
  figures.push(...p(depts, `monthly evaluation, ${DEPARTMENTS} departments`, 'goal < 100 ms'));
  if (withSummary) {
    const grids = sample(moving(() => s.evaluation.evaluate('grid', month)), QUICK ? 3 : 8, 1);
    figures.push(...p(grids, `monthly evaluation, ${GRIDS.toLocaleString('en')} grids`, 'goal < 1 s'));
    const wall = sample(() => s.analytics.store.flowsByDay(month.toDay - 7, month.toDay), 20, 2);
    figures.push(...p(wall, "wall: 7 days' flows"));
  }
  figures.push({ name: 'resident memory before the columns → after the queries', value: process.memoryUsage().rss / 2 ** 20, unit: 'MB', note: `from ${fmt(rss0 / 2 ** 20)} MB (the bench process, not a server)` });
  printSection(label, figures);
}

export default async function run(): Promise<void> {
  const tmp = tempDir('analytics');
  try {
    // What the observer adds to each audited action: two counties side by side, rounds of
    // 250 cases (quick: 100) × 8 actions on each in turn (A B A B …), the median of the pairwise ratios.
    await part('analytics observer', async () => {
      const flow: [string, keyof WorkflowFixture['actors']][] = [['accept', 'acceptor'], ['register', 'shiftLeader'], ['dispatch', 'dispatcher'], ['dispose', 'sanitation'], ['send_check', 'acceptor'], ['check_pass', 'inspector'], ['close', 'shiftLeader']];
      const county = async (observed: boolean) => {
        const f = await workflowFixture(path.join(tmp.dir, `flow-${observed}.db`));
        f.db.pragma('synchronous = NORMAL'); // as workflow.bench.ts: the CPU's cost, not the disk's
        await f.settings.set('workflow', { ...await f.settings.get('workflow'), photoRequiredOnDispose: false }, f.clock.now(), null);
        if (observed) {
          const analytics = new AnalyticsService(f.db, f.cases, f.calendars, f.limits, new DictionaryStore(f.db), f.clock);
          analytics.attach(f.workflow);
          void analytics.columns; // loaded, as after the first heatmap query: kept after each commit
        }
        return f;
      };
      const plain = await county(false);
      const observed = await county(true);
      const perRound = QUICK ? 100 : 250;
      const round = async (f: WorkflowFixture) => {
        let actions = 0;
        const { ms } = await timeAsync(async () => {
          for (let i = 0; i < perRound; i++) {
            let row = (await f.workflow.report(f.newCase(), f.actors.inspector)).case;
            actions++;
            for (const [action, who] of flow) {
              f.clock.advance(60_000);
              row = (await f.workflow.act(row.id, action, { version: row.version, comment: '意见', ...(action === 'dispatch' ? { departmentId: 1 } : {}) }, f.actors[who])).case;
              actions++;
            }
          }
        });
        return (actions / ms) * 1000;
      };
      round(plain);
      round(observed);
      const out = await interleave(QUICK ? 4 : 8, () => round(observed), () => round(plain));
      await plain.close();
      await observed.close();
      printSection(`Workflow actions with the analytics observer (rounds of ${perRound} cases × 8 actions, interleaved, synchronous=NORMAL)`, [
        { name: 'without analytics (baseline)', value: out.baselineRate, unit: '/s', note: 'median of the rounds' },
        { name: 'with analytics (summary + counters in the transaction, columns after it)', value: out.productRate, unit: '/s' },
        { name: 'ratio (median of pairwise ratios)', value: out.ratio, unit: '×', digits: 2, note: `pairs ${out.ratios.map((r) => r.toFixed(2)).join(' ')}` },
      ]);
    });

    // Quick: a county year with trails, and a bigger city's case rows without (growth shows).
    const plan: (readonly [number, number, boolean])[] = QUICK
      ? [[20_000, 1, true], [150_000, 6, false]]
      : [[30_000, 1, true], [1_000_000, 6, true], [3_500_000, 6, process.env.GRIDHALL_BENCH_FULL === '1']];
    const sizes = (process.env.GRIDHALL_BENCH_SIZES ?? plan.map(([n]) => n).join(',')).split(',').map(Number);
    for (const [n, years, trails] of plan) {
      if (!sizes.includes(n)) continue;
      await part(`analytics at ${n.toLocaleString('en')} cases`, async () => {
        const c = await city(path.join(tmp.dir, `city-${n}.db`));
        const written = writeCases(c, n, years, trails);
        const s = services(c);
        const figures: Figure[] = [{ name: `write ${n.toLocaleString('en')} cases${trails ? ` + ${written.events.toLocaleString('en')} events` : ''}`, value: written.ms / 1000, unit: 's' }];
        if (trails) {
          const rebuilt = await timeAsync(() => s.analytics.aggregates.rebuild());
          figures.push(
            { name: 'full rebuild from the trail', value: rebuilt.ms / 1000, unit: 's', note: `${rebuilt.result.units.toLocaleString('en')} units` },
            { name: 'events folded per second', value: (written.events / rebuilt.ms) * 1000, unit: '/s' },
          );
          await c.f.db.exec('ANALYZE');
        } else {
          figures.push({ name: 'counter rows written (no trail)', value: writeCounters(c, n, years), unit: 'rows' });
        }
        printSection(`${n.toLocaleString('en')} cases (${years} year${years > 1 ? 's' : ''}, ${GRIDS.toLocaleString('en')} grids, ${DEPARTMENTS} departments)`, figures);
        await queries(`Queries at ${n.toLocaleString('en')} cases${trails ? '' : ' (case rows and synthetic counters only: no trail behind them)'}`, c, s, trails);
        await c.f.close();
      });
    }
  } finally {
    tmp.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
