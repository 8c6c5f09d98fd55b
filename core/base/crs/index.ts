// base/crs: what other parts of core may use of this slice.
export * from './crs.js';
export * from './detect.js';
