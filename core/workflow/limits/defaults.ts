// Default time limits (处置时限 and per-step limits). Values from DOMAIN.md §3.5 where a
// county standard gives them (济源 for 违法搭建/暴露垃圾/积存垃圾渣土/道路不洁/水域不洁, 泉州
// for manhole covers); the rest, and all per-step limits, are [U] defaults to edit.
import type { LimitUnit } from '../calendar/index.js';

export type Stage = 'accept' | 'verify' | 'register' | 'dispatch' | 'dispose' | 'check' | 'close';

export interface LimitRow {
  kind: 'component' | 'event' | '*';
  classCode: string;
  stage: Stage;
  value: number;
  unit: LimitUnit;
  urgentValue?: number;
  urgentUnit?: 'hours' | 'days';
  filingCondition?: string;
  closingCondition?: string;
}

const COVER_CLASSES = ['0101', '0102', '0103', '0104', '0105', '0106', '0107', '0108', '0109', '0110', '0111', '0112', '0114', '0127', '0128', '0129', '0130'];

export const DEFAULT_LIMITS: LimitRow[] = [
  // Per-step limits for every class [U].
  { kind: '*', classCode: '*', stage: 'accept', value: 1, unit: 'work_hours' },
  { kind: '*', classCode: '*', stage: 'verify', value: 2, unit: 'work_hours' },
  { kind: '*', classCode: '*', stage: 'register', value: 1, unit: 'work_hours' },
  { kind: '*', classCode: '*', stage: 'dispatch', value: 1, unit: 'work_hours' },
  { kind: '*', classCode: '*', stage: 'check', value: 4, unit: 'work_hours' },
  { kind: '*', classCode: '*', stage: 'close', value: 2, unit: 'work_hours' },
  // Disposal defaults per kind [U].
  { kind: 'event', classCode: '*', stage: 'dispose', value: 3, unit: 'work_days', urgentValue: 2, urgentUnit: 'hours' },
  { kind: 'component', classCode: '*', stage: 'dispose', value: 2, unit: 'work_days', urgentValue: 2, urgentUnit: 'hours' },
  // 济源 standard (S5).
  { kind: 'event', classCode: '0101', stage: 'dispose', value: 15, unit: 'work_days', closingCondition: '拆除' },
  { kind: 'event', classCode: '0102', stage: 'dispose', value: 1, unit: 'work_days', filingCondition: '成堆、成片的垃圾', closingCondition: '清除' },
  { kind: 'event', classCode: '0103', stage: 'dispose', value: 4, unit: 'work_days' },
  { kind: 'event', classCode: '0104', stage: 'dispose', value: 5, unit: 'work_hours' },
  { kind: 'event', classCode: '0105', stage: 'dispose', value: 15, unit: 'work_days' },
  // Street order: quick to fix, quick to go stale [U].
  { kind: 'event', classCode: '0201', stage: 'dispose', value: 1, unit: 'work_days', closingCondition: '清除' },
  { kind: 'event', classCode: '0501', stage: 'dispose', value: 2, unit: 'work_hours' },
  { kind: 'event', classCode: '0504', stage: 'dispose', value: 4, unit: 'work_hours' },
  { kind: 'event', classCode: '0505', stage: 'dispose', value: 2, unit: 'work_hours' },
  { kind: 'event', classCode: '0506', stage: 'dispose', value: 4, unit: 'work_hours' },
  // Emergencies (突发事件) count clock hours even when not flagged urgent [U].
  ...['0401', '0402', '0403', '0404'].map((classCode): LimitRow => ({ kind: 'event', classCode, stage: 'dispose', value: 4, unit: 'hours', urgentValue: 2, urgentUnit: 'hours' })),
  // Manhole covers: 泉州 2011, restore within 3 h, 24 h at most.
  ...COVER_CLASSES.map((classCode): LimitRow => ({ kind: 'component', classCode, stage: 'dispose', value: 24, unit: 'hours', urgentValue: 3, urgentUnit: 'hours', closingCondition: '井盖复位或更换' })),
];
