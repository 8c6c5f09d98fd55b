// video/recording: what other parts of core may use of this slice.
export * from './recorder.js';
export * from './service.js';
export * from './store.js';
