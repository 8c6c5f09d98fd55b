// base/components: what other parts of core may use of this slice.
export * from './ids.js';
export * from './store.js';
