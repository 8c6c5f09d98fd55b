// channels/iot: what other parts of core may use of this slice.
export * from './mqtt.js';
export * from './service.js';
export * from './store.js';
