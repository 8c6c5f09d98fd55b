// analytics/evaluation: what other parts of core may use of this slice.
export * from './service.js';
export * from './report.js';
