// base/buildings: what other parts of core may use of this slice.
export * from './import.js';
export * from './store.js';
