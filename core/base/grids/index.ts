// base/grids: what other parts of core may use of this slice.
export * from './codes.js';
export * from './store.js';
