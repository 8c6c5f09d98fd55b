// demo/sim: what other parts of core may use of this slice.
export * from './sensors.js';
export * from './trucks.js';
export * from './vehicles.js';
export * from './sms-gateway.js';
