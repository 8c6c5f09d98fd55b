// Route modules of the county's domain. Each is one line here; health, auth and the event
// stream are wired in app.ts.
import { analyticsRoutes } from '../analytics/routes.js';
import { adminRoutes } from '../admin/routes.js';
import { attachmentRoutes } from '../attachments/routes.js';
import { backupRoutes } from '../backup/routes.js';
import { staffRoutes } from '../auth/staff-routes.js';
import { basemapRoutes } from '../basemap/routes.js';
import { calendarRoutes } from '../calendar/routes.js';
import { caseRoutes } from '../cases/routes.js';
import { componentRoutes } from '../components/routes.js';
import { departmentRoutes } from '../departments/routes.js';
import { dictionaryRoutes } from '../dictionary/routes.js';
import { evaluationRoutes } from '../evaluation/routes.js';
import { exportRoutes } from '../exports/routes.js';
import { importRoutes } from '../imports/routes.js';
import { fieldRoutes } from '../field/routes.js';
import { geocodeRoutes } from '../geocode/routes.js';
import { heatmapRoutes } from '../heatmap/routes.js';
import { videoRoutes } from '../video/routes.js';
import { citizenRoutes } from '../intake/citizen/routes.js';
import { iotRoutes } from '../iot/routes.js';
import { vehicleRoutes } from '../vehicles/routes.js';
import { channelKeyRoutes } from '../intake/keys-routes.js';
import { open311Routes } from '../intake/open311/routes.js';
import { gridRoutes } from '../grids/routes.js';
import type { GridhallApp } from './app.js';
import { tilesetRoutes } from '../tiles/routes.js';
import { wallRoutes } from '../wall/routes.js';
import type { CountyContext } from './context.js';

export type RouteModule = (app: GridhallApp, ctx: CountyContext) => void | Promise<void>;

export const routeModules: RouteModule[] = [
  dictionaryRoutes,
  departmentRoutes,
  geocodeRoutes,
  calendarRoutes,
  caseRoutes,
  attachmentRoutes,
  analyticsRoutes,
  heatmapRoutes,
  evaluationRoutes,
  importRoutes,
  adminRoutes,
  backupRoutes,
  exportRoutes,
  videoRoutes,
  open311Routes,
  channelKeyRoutes,
  citizenRoutes,
  fieldRoutes,
  iotRoutes,
  vehicleRoutes,
  gridRoutes,
  basemapRoutes,
  staffRoutes,
  componentRoutes,
  tilesetRoutes,
  wallRoutes,
];
