// analytics: what other parts of core may use of this slice.
export * from './columns.js';
export { columnFilePath, type ColumnMarks } from './column-file.js';
export * from './contributions.js';
export * from './facts.js';
export * from './period.js';
export * from './service.js';
export * from './tables.js';
