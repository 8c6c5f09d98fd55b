// Route modules added by later parts of Gridhall (workflow, wall, video, analytics, intake,
// administration). Each is one line here; the foundation's own routes are wired in app.ts.
import type { GridhallApp } from './app.js';
import type { CountyContext } from './context.js';

export type RouteModule = (app: GridhallApp, ctx: CountyContext) => void | Promise<void>;

export const routeModules: RouteModule[] = [];
