// 安全策略: what the console checks before it sends the policy, so a wrong value is named at its
// field with the allowed range (the server checks the same again and says the same).
import type { BackupSchedule } from '../../../core/contract/index';
import type { Static } from 'typebox';
import type { SecurityPolicy as SecurityPolicySchema } from '../../../core/contract/endpoints/admin';

export type SecurityPolicy = Static<typeof SecurityPolicySchema>;

export interface FieldProblem {
  field: string;
  /** Message key under admin.security.problems. */
  key: 'range' | 'logFloor' | 'whole' | 'time' | 'path' | 'sameFolder';
  params?: Record<string, number | string>;
}

/** The policy's ranges, as the server's schema has them. */
export const POLICY_RANGES: Record<keyof SecurityPolicy, [number, number]> = {
  passwordMinLength: [8, 64],
  passwordClasses: [2, 4],
  passwordHistory: [0, 24],
  passwordMaxAgeDays: [0, 365],
  sessionIdleMinutes: [5, 480],
  maxSessionsPerUser: [1, 20],
  logRetentionDays: [180, 3650],
  personalDataRetentionDays: [30, 3650],
};

export const BACKUP_RANGES = { keepDaily: [1, 366], keepWeekly: [0, 260] } as const;

function inRange(field: string, value: unknown, [min, max]: readonly [number, number], problems: FieldProblem[]): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || !Number.isInteger(value)) problems.push({ field, key: 'whole', params: { min, max } });
  else if (value < min || value > max) problems.push({ field, key: field === 'logRetentionDays' && value < min ? 'logFloor' : 'range', params: { min, max } });
}

export function checkPolicy(p: SecurityPolicy): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [field, range] of Object.entries(POLICY_RANGES)) inRange(field, p[field as keyof SecurityPolicy], range, problems);
  return problems;
}

const isFullPath = (p: string) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');

export function checkBackups(b: BackupSchedule): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(b.time)) problems.push({ field: 'time', key: 'time' });
  inRange('keepDaily', b.keepDaily, BACKUP_RANGES.keepDaily, problems);
  inRange('keepWeekly', b.keepWeekly, BACKUP_RANGES.keepWeekly, problems);
  for (const field of ['folder', 'secondFolder'] as const) {
    const value = b[field].trim();
    if (value && !isFullPath(value)) problems.push({ field, key: 'path' });
  }
  if (b.secondFolder.trim() && b.secondFolder.trim() === b.folder.trim()) problems.push({ field: 'secondFolder', key: 'sameFolder' });
  return problems;
}
