// video: what other parts of core may use of this slice.
export * from './store.js';
// The relay and its manager, the fMP4 cutter and the service: the recorder (video/recording) rides them.
export * from './fmp4.js';
export * from './relay.js';
export * from './relays.js';
export * from './service.js';
export * from './transcode.js';
