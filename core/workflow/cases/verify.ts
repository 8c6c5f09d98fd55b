// gridhall verify: a case's state must always equal the replay of its events. Replays every
// trail against the transition table and compares the result with the stored case.
import { TERMINAL_STATES, type CaseState } from './states.js';
import { CHAIN_START, chainHash } from '../../db/chain.js';
import { eventChainFields, type CaseEventRow, type CaseRow, type CaseStore } from './store.js';
import { SYSTEM_ACTIONS, TRANSITION_BY_ACTION } from './transitions.js';

export interface TrailProblem {
  caseId: number;
  caseNo: string | null;
  message: string;
}

export interface VerifyReport {
  cases: number;
  events: number;
  problems: TrailProblem[];
}

interface Replay {
  state: CaseState | null;
  resume: CaseState | null;
  departmentId: number | null;
  reworks: number;
  returns: number;
  extensions: number;
  count: number;
}

const SYSTEM = new Set<string>(SYSTEM_ACTIONS);
const MAX_PROBLEMS = 1000;

function step(r: Replay, e: CaseEventRow): string | undefined {
  if (e.seq !== r.count + 1) return `event seq ${e.seq} follows ${r.count}`;
  r.count = e.seq;
  if (r.count === 1) {
    if (e.action !== 'report' || e.fromState !== null) return `the first event is ${e.action}, not report`;
    if (e.toState !== 'reported' && e.toState !== 'self_review') return `a report cannot create state ${e.toState}`;
    r.state = e.toState;
    return undefined;
  }
  if (e.fromState !== r.state) return `event ${e.seq} (${e.action}) starts from ${e.fromState}, but the trail was at ${r.state}`;
  if (SYSTEM.has(e.action)) {
    if (e.action === 'report') return `a second report at event ${e.seq}`;
    if (e.toState !== e.fromState) return `system event ${e.action} changed the state`;
    return undefined;
  }
  const t = TRANSITION_BY_ACTION.get(e.action);
  if (!t) return `event ${e.seq} has unknown action ${e.action}`;
  const from = r.state!;
  const allowed = t.from === 'any_open' ? !TERMINAL_STATES.has(from) : t.from.includes(from);
  if (!allowed) return `event ${e.seq}: ${e.action} is not allowed from ${from}`;
  const expected = t.to === 'same' ? from : t.to === 'resume' ? (r.resume ?? 'dispatched') : t.to;
  if (e.toState !== expected) return `event ${e.seq}: ${e.action} should lead to ${expected}, not ${e.toState}`;
  if (t.effects.includes('remember_state')) r.resume = from;
  if (t.to === 'resume') r.resume = null;
  const data = e.data ? (JSON.parse(e.data) as { departmentId?: number }) : {};
  if (t.effects.includes('set_department')) r.departmentId = data.departmentId ?? null;
  if (t.effects.includes('clear_department')) r.departmentId = null;
  if (t.effects.includes('count_rework')) r.reworks++;
  if (t.effects.includes('count_return')) r.returns++;
  if (t.effects.includes('apply_extension')) r.extensions++;
  r.state = e.toState;
  return undefined;
}

function compare(r: Replay, c: CaseRow): string | undefined {
  if (r.count === 0) return 'the case has no events';
  if (r.state !== c.state) return `stored state ${c.state}, replayed ${r.state}`;
  if (r.count !== c.version) return `stored version ${c.version}, but ${r.count} events`;
  if (r.departmentId !== c.departmentId) return `stored department ${c.departmentId}, replayed ${r.departmentId}`;
  if (r.reworks !== c.reworkCount) return `stored rework count ${c.reworkCount}, replayed ${r.reworks}`;
  if (r.returns !== c.returnCount) return `stored return count ${c.returnCount}, replayed ${r.returns}`;
  if (r.extensions !== c.extensionCount) return `stored extension count ${c.extensionCount}, replayed ${r.extensions}`;
  return undefined;
}

export async function verifyTrail(store: CaseStore, onProgress?: (done: number) => void): Promise<VerifyReport> {
  const report: VerifyReport = { cases: 0, events: 0, problems: [] };
  const problem = (caseId: number, caseNo: string | null, message: string) => {
    if (report.problems.length < MAX_PROBLEMS) report.problems.push({ caseId, caseNo, message });
  };
  const events = store.allEventsByCase()[Symbol.asyncIterator]();
  let pending = await events.next();
  for await (const c of store.allCases()) {
    report.cases++;
    const r: Replay = { state: null, resume: null, departmentId: null, reworks: 0, returns: 0, extensions: 0, count: 0 };
    let broken: string | undefined;
    while (!pending.done && pending.value.caseId < c.id) {
      problem(pending.value.caseId, null, 'events of a case that does not exist');
      report.events++;
      pending = await events.next();
    }
    while (!pending.done && pending.value.caseId === c.id) {
      report.events++;
      if (!broken) broken = step(r, pending.value);
      pending = await events.next();
    }
    const mismatch = broken ?? compare(r, c);
    if (mismatch) problem(c.id, c.caseNo, mismatch);
    if (onProgress && report.cases % 10_000 === 0) onProgress(report.cases);
  }
  while (!pending.done) {
    problem(pending.value.caseId, null, 'events of a case that does not exist');
    report.events++;
    pending = await events.next();
  }
  return report;
}

export interface ChainReport {
  events: number;
  /** The first event (in case order) whose stored link does not match, and how many cases have one. */
  firstBroken?: { eventId: number; caseId: number; caseNo: string | null; seq: number };
  brokenCases: number;
}

/**
 * Recomputes every case's SM3 event chain (see core/db/chain.ts). An event edited, inserted
 * or removed by hand breaks its case's chain from there on; the first such link is named.
 */
export async function verifyEventChains(store: CaseStore, onProgress?: (events: number) => void): Promise<ChainReport> {
  const report: ChainReport = { events: 0, brokenCases: 0 };
  let caseId = -1;
  let previous = CHAIN_START;
  let broken = false;
  for await (const e of store.allEventChains()) {
    if (e.caseId !== caseId) {
      caseId = e.caseId;
      previous = CHAIN_START;
      broken = false;
    }
    report.events++;
    if (report.events % 50_000 === 0) onProgress?.(report.events);
    if (broken) continue;
    const expected = chainHash(previous, eventChainFields(e));
    if (e.chain !== expected) {
      broken = true;
      report.brokenCases++;
      report.firstBroken ??= { eventId: e.id, caseId: e.caseId, caseNo: e.caseNo, seq: e.seq };
      continue;
    }
    previous = expected;
  }
  return report;
}
