// The demo year is replayed through the real workflow, which lets only the department holding
// a case return it, ask for more time or dispose of it. The plan must name that department's
// user for each of those steps, on any day the county is first started (the plan is cut at now).
import { describe, expect, it } from 'vitest';
import { planDemoCounty, type DemoPlan } from '../../core/demo/generate.js';

/** Every step taken by a department user other than the holder's, as "caseNo action by user (holder)". */
function strayDepartmentSteps(plan: DemoPlan): string[] {
  const userOf = new Map(plan.staff.filter((s) => s.roles.includes('department')).map((s) => [s.departmentCode, s.username]));
  const stray: string[] = [];
  for (const c of plan.history) {
    let holder: string | undefined;
    for (const a of c.actions) {
      if (a.action === 'dispatch' || a.action === 'redispatch') holder = userOf.get(String(a.data?.department));
      // The department asks (extend, return) and disposes; the shift leader decides (extend_approve, return_approve).
      const by = a.action === 'extend' || a.action === 'return' || a.action === 'dispose' ? a.actor : undefined;
      if (by !== undefined && by !== holder) stray.push(`${c.caseNo} ${a.action} by ${String(by)} (${holder ?? 'no holder'})`);
    }
  }
  return stray;
}

describe('the demo year names the department that holds each case', () => {
  // 07:35 on 22 Nov 2026 cut a returned, redispatched and extended case before its disposal:
  // the extension was once asked by the department that had returned it, and the start failed.
  it.each(['2026-11-22T07:35:00Z', '2026-03-01T02:00:00Z'])('for a full county first started at %s', (iso) => {
    const plan = planDemoCounty('full', 20261122, Date.parse(iso));
    expect(plan.history.some((c) => c.actions.some((a) => a.action === 'extend'))).toBe(true);
    expect(plan.history.some((c) => c.actions.some((a) => a.action === 'return'))).toBe(true);
    // The kind of case that once failed: returned, redispatched, then extended by its new department.
    const returnedThenExtended = (c: DemoPlan['history'][number]) => {
      const i = c.actions.findIndex((a) => a.action === 'return');
      return i >= 0 && c.actions.slice(i).some((a) => a.action === 'dispatch' || a.action === 'redispatch') && c.actions.slice(i).some((a) => a.action === 'extend');
    };
    expect(plan.history.some(returnedThenExtended)).toBe(true);
    expect(strayDepartmentSteps(plan)).toEqual([]);
  });
});
