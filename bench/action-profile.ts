// The action path alone, for a profile: node --cpu-prof --import tsx bench/action-profile.ts [cases]
// (then node --import tsx bench/profile-top.ts FILE.cpuprofile). A county as workflow.bench.ts
// builds it with analytics (aggregates in the transaction, heatmap columns after the commit).
import path from 'node:path';
import { AnalyticsService } from '../core/analytics/service.js';
import { DictionaryStore } from '../core/base/dictionary/store.js';
import { workflowFixture } from '../tests/support/workflow-fixture.js';
import { tempDir } from './harness.js';

const FLOW = [['accept', 'acceptor'], ['register', 'shiftLeader'], ['dispatch', 'dispatcher'], ['dispose', 'sanitation'], ['send_check', 'acceptor'], ['check_pass', 'inspector'], ['close', 'shiftLeader']] as const;
const cases = Number(process.argv[2] ?? 2000);
const tmp = tempDir('action-profile');
const f = await workflowFixture(path.join(tmp.dir, 'profile.db'));
f.db.pragma('synchronous = NORMAL');
const analytics = new AnalyticsService(f.db, f.cases, f.calendars, f.limits, new DictionaryStore(f.db), f.clock);
analytics.attach(f.workflow);
void analytics.columns;
await f.settings.set('workflow', { ...await f.settings.get('workflow'), photoRequiredOnDispose: false }, f.clock.now(), null);
// GRIDHALL_COUNT_STATEMENTS=1: how many times each named statement runs per action.
const counts = new Map<string, number>();
if (process.env.GRIDHALL_COUNT_STATEMENTS === '1') {
  // Each cached statement is wrapped once, as the database hands it out.
  const wrapped = new WeakSet<object>();
  const statement = f.db.statement.bind(f.db);
  f.db.statement = ((name: string, sql: string, postgres?: string) => {
    const s = statement(name, sql, postgres);
    if (!wrapped.has(s)) {
      wrapped.add(s);
      for (const method of ['run', 'get', 'all'] as const) {
        const original = s[method].bind(s);
        (s as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
          counts.set(name, (counts.get(name) ?? 0) + 1);
          return (original as (...a: unknown[]) => unknown)(...args);
        };
      }
    }
    return s;
  }) as typeof f.db.statement;
}
const started = performance.now();
let n = 0;
for (let i = 0; i < cases; i++) {
  const id = (await f.workflow.report(f.newCase(), f.actors.inspector)).case.id;
  let version = 1;
  for (const [action, who] of FLOW) {
    f.clock.advance(60_000);
    version = (await f.workflow.act(id, action, action === 'dispatch' ? { version, departmentId: 1, comment: '派遣' } : { version, comment: '处理意见' }, f.actors[who])).case.version;
    n++;
  }
}
process.stdout.write(`${n} actions in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
for (const [name, k] of [...counts].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${(k / (n + cases)).toFixed(2).padStart(6)} per action  ${name}\n`);
await f.close();
tmp.cleanup();
