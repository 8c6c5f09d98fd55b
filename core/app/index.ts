// app: what other parts of core may use of this slice.
export * from './county.js';
export * from './plugins.js';
export * from './services.js';
