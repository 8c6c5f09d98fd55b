// demo/sim/cameras: what other parts of core may use of this slice.
export * from './fleet.js';
export { SIM_EVENT_KINDS, type SimEventKind } from './events.js';
