// 安全策略 (等保 2.0 level 3): the scheduled backups and their restore drill, kept by the security
// administrator beside the password and session rules (系统维护 → 安全策略).
import { Type } from 'typebox';
import { BackupSchedule, BackupStatus, RestoreDrillReport } from '../admin.js';
import { endpoint } from '../endpoint.js';
import { THREE_ADMINS } from '../roles.js';

export const securityEndpoints = {
  'security.backups.get': endpoint({
    method: 'GET', path: '/api/admin/security/backups', access: THREE_ADMINS, tag: 'security policy',
    summary: 'The backup schedule, the next backup, the last backups made and the last restore drill',
    responses: { 200: BackupStatus },
  }),
  'security.backups.put': endpoint({
    method: 'PUT', path: '/api/admin/security/backups', access: ['security_admin', 'admin'], tag: 'security policy',
    summary: 'Set the backup schedule: time (county time), retention, folders (the second must exist: another disk)',
    body: BackupSchedule,
    responses: { 200: Type.Object({ ok: Type.Boolean() }) },
  }),
  'security.backups.drill': endpoint({
    method: 'POST', path: '/api/admin/security/backups/drill', access: ['security_admin', 'admin'], tag: 'security policy',
    summary: 'Restore drill: restore the latest backup into a temporary folder, open it, verify its hash chains, compare counts',
    responses: { 200: RestoreDrillReport },
  }),
};
