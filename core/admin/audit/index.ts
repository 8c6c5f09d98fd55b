// admin/audit: what other parts of core may use of this slice.
export * from './store.js';
export * from './retention.js';
