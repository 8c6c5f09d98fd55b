// base/geo: what other parts of core may use of this slice.
export * from './bbox.js';
export * from './coverage.js';
export * from './ecef.js';
export * from './frame.js';
export * from './line.js';
export * from './polygon.js';
