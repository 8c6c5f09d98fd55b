// Route modules of the county's domain. Each is one line here; health, auth and the event
// stream are wired in app.ts.
import { alarmRoutes } from '../alarms/routes.js';
import { analyticsRoutes } from '../analytics/routes.js';
import { adminRoutes } from '../admin/routes.js';
import { attachmentRoutes } from '../workflow/attachments/routes.js';
import { backupRoutes } from '../admin/backup/routes.js';
import { staffRoutes } from '../base/people/staff-routes.js';
import { basemapRoutes } from '../base/basemap/routes.js';
import { calendarRoutes } from '../workflow/calendar/routes.js';
import { caseRoutes } from '../workflow/cases/routes.js';
import { componentRoutes } from '../base/components/routes.js';
import { departmentRoutes } from '../base/departments/routes.js';
import { dictionaryRoutes } from '../base/dictionary/routes.js';
import { evaluationRoutes } from '../analytics/evaluation/routes.js';
import { exportRoutes } from '../admin/exports/routes.js';
import { importRoutes } from '../admin/imports/routes.js';
import { fieldRoutes } from '../channels/field/routes.js';
import { geocodeRoutes } from '../base/geocode/routes.js';
import { heatmapRoutes } from '../analytics/heatmap/routes.js';
import { videoRoutes } from '../video/routes.js';
import { citizenRoutes } from '../channels/citizen/routes.js';
import { iotRoutes } from '../channels/iot/routes.js';
import { vehicleRoutes } from '../channels/vehicles/routes.js';
import { truckRoutes } from '../channels/jt808/routes.js';
import { pipelineRoutes } from '../base/pipelines/routes.js';
import { channelKeyRoutes } from '../channels/intake/keys-routes.js';
import { open311Routes } from '../channels/open311/routes.js';
import { gridRoutes } from '../base/grids/routes.js';
import type { GridhallApp } from './authorize.js';
import { tilesetRoutes } from '../wall/tiles/routes.js';
import { wallRoutes } from '../wall/routes.js';
import { notifyRoutes } from '../notify/routes.js';
import { campaignRoutes } from '../campaigns/routes.js';
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
  truckRoutes,
  pipelineRoutes,
  gridRoutes,
  basemapRoutes,
  staffRoutes,
  componentRoutes,
  tilesetRoutes,
  wallRoutes,
  notifyRoutes,
  campaignRoutes,
  alarmRoutes,
];
