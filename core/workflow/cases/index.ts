// workflow/cases: what other parts of core may use of this slice.
export * from './states.js';
export * from './store.js';
export * from './verify.js';
export * from './view.js';
export * from './workflow.js';
