// The console reads cases through the types in core/contract/cases.ts; core builds them in
// core/cases/view.ts. These checks fail (in tsc, and here) when the two drift apart.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { attachmentView, caseView, eventView } from '../../core/workflow/cases/view.js';
import { CASE_STATES } from '../../core/workflow/cases/states.js';
import { TRANSITIONS } from '../../core/workflow/cases/transitions.js';
import type { Wire } from '../../core/contract/endpoint.js';
import type { AttachmentView, CaseEvent, CaseState, CaseView, WorkflowResponse } from '../../core/contract/index.js';

/** Every state the contract knows, once: a missing or extra key is a type error. */
const CONTRACT_STATES: Record<CaseState, true> = {
  reported: true, verifying: true, accepted: true, not_accepted: true, not_registered: true, registered: true, dispatched: true,
  return_pending: true, extension_pending: true, hang_pending: true, hanging: true, disposed: true, checking: true, checked: true,
  rework: true, self_review: true, closed: true, void: true,
};

describe('the case contract', () => {
  it('names the same states as the workflow', () => {
    expect(Object.keys(CONTRACT_STATES).sort()).toEqual([...CASE_STATES].sort());
  });

  it('describes what the case views return', () => {
    expectTypeOf<ReturnType<typeof caseView>>().toEqualTypeOf<CaseView>();
    expectTypeOf<ReturnType<typeof eventView>>().toEqualTypeOf<CaseEvent>();
    expectTypeOf<ReturnType<typeof attachmentView>>().toEqualTypeOf<AttachmentView>();
    expectTypeOf(TRANSITIONS).toExtend<Wire<WorkflowResponse['transitions']>>();
    // The inputs the console knows how to ask for cover every transition's, required or accepted.
    const known = new Set(['comment', 'photo', 'department', 'extension']);
    expect(TRANSITIONS.flatMap((t) => [...t.requires, ...(t.accepts ?? [])]).filter((r) => !known.has(r))).toEqual([]);
  });
});
