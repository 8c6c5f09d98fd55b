// demo/sim/cameras: what other parts of core may use of this slice.
export * from './fleet.js';
