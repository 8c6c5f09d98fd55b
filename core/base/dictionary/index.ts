// base/dictionary: what other parts of core may use of this slice.
export * from './mapping-seed.js';
export * from './seed.js';
export * from './store.js';
