// admin/imports: what other parts of core may use of this slice.
export * from './job.js';
export { ImportService } from './service.js';
