// channels/jt808: what other parts of core may use of this slice.
export * from './alarms.js';
export * from './codec.js';
export * from './server.js';
export * from './service.js';
export * from './store.js';
