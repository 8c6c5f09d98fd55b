// The action path alone, for a profile: node --cpu-prof --import tsx bench/action-profile.ts [cases]
// (then node --import tsx bench/profile-top.ts FILE.cpuprofile). A county as workflow.bench.ts
// builds it with analytics (aggregates in the transaction, heatmap columns after the commit).
import path from 'node:path';
import { AnalyticsService } from '../core/analytics/service.js';
import { DictionaryStore } from '../core/base/dictionary/store.js';
import { NamedStatement } from '../core/db/database.js';
import { workflowFixture } from '../tests/support/workflow-fixture.js';
import { tempDir } from './harness.js';

const FLOW = [['accept', 'acceptor'], ['register', 'shiftLeader'], ['dispatch', 'dispatcher'], ['dispose', 'sanitation'], ['send_check', 'acceptor'], ['check_pass', 'inspector'], ['close', 'shiftLeader']] as const;
const cases = Number(process.argv[2] ?? 2000);
const tmp = tempDir('action-profile');
const f = workflowFixture(path.join(tmp.dir, 'profile.db'));
f.db.pragma('synchronous = NORMAL');
const analytics = new AnalyticsService(f.db, f.cases, f.calendars, f.limits, new DictionaryStore(f.db), f.clock);
analytics.attach(f.workflow);
void analytics.columns;
f.settings.set('workflow', { ...f.settings.get('workflow'), photoRequiredOnDispose: false }, f.clock.now(), null);
// GRIDHALL_COUNT_STATEMENTS=1: how many times each named statement runs per action.
const counts = new Map<string, number>();
if (process.env.GRIDHALL_COUNT_STATEMENTS === '1') {
  for (const method of ['run', 'get', 'all'] as const) {
    const original = NamedStatement.prototype[method];
    NamedStatement.prototype[method] = function (this: NamedStatement, ...args: unknown[]) {
      counts.set(this.name, (counts.get(this.name) ?? 0) + 1);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as never;
  }
}
const started = performance.now();
let n = 0;
for (let i = 0; i < cases; i++) {
  const id = f.workflow.report(f.newCase(), f.actors.inspector).case.id;
  let version = 1;
  for (const [action, who] of FLOW) {
    f.clock.advance(60_000);
    version = f.workflow.act(id, action, action === 'dispatch' ? { version, departmentId: 1, comment: '派遣' } : { version, comment: '处理意见' }, f.actors[who]).case.version;
    n++;
  }
}
process.stdout.write(`${n} actions in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
for (const [name, k] of [...counts].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${(k / (n + cases)).toFixed(2).padStart(6)} per action  ${name}\n`);
f.close();
tmp.cleanup();
