// admin/backup: what other parts of core may use of this slice.
export * from './backup.js';
