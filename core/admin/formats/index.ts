// admin/formats: what other parts of core may use of this slice.
export * from './open.js';
export * from './source.js';
export * from './zip.js';
