// workflow/calendar: what other parts of core may use of this slice.
export * from './calendar.js';
export * from './seed.js';
export * from './service.js';
export * from './store.js';
