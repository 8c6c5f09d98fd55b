// admin/backup: what other parts of core may use of this slice.
export * from './backup.js';
export * from './schedule.js';
export { BackupRunStore, type BackupRun, type BackupRunState } from './store.js';
export * from './drill.js';
