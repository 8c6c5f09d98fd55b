// channels/intake: what other parts of core may use of this slice.
export * from './flood.js';
export * from './keys.js';
export * from './multipart.js';
export * from './service.js';
export * from './store.js';
export * from './submissions.js';
export * from './text.js';
