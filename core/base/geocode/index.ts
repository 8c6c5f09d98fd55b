// base/geocode: what other parts of core may use of this slice.
export * from './geocoder.js';
