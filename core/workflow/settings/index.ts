// workflow/settings: what other parts of core may use of this slice.
export * from './defaults.js';
export * from './store.js';
