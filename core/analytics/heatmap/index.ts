// analytics/heatmap: what other parts of core may use of this slice.
export * from './scan.js';
export { HeatmapService } from './service.js';
