// video/events: what other parts of core may use of this slice.
export * from './pullpoint.js';
export * from './service.js';
export * from './store.js';
