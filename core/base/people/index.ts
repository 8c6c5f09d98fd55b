// base/people: what other parts of core may use of this slice.
export * from './passwords.js';
export * from './service.js';
export * from './store.js';
export * from './policy.js';
export * from './throttle.js';
