// Which windows the shell opens, and where. Pure: main.ts feeds it Electron's displays.
// Desk mode: one framed window on the primary display. Wall mode: one frameless full-screen
// window per display, primary first then left to right, each showing its own section.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayInfo {
  id: number;
  bounds: Rect;
  workArea: Rect;
  primary: boolean;
}

export interface WindowPlan {
  displayId: number;
  bounds: Rect;
  fullscreen: boolean;
  frame: boolean;
  /** The console route the window opens, e.g. "/wall". */
  route: string;
}

/** What a wall shows, display by display; a wall with more displays starts the list again. */
export const DEFAULT_WALL_ROUTES: readonly string[] = ['/wall', '/video', '/evaluation', '/heatmap'];

/** A desk window: 16:9, at most 1600 px wide and 90 % of the work area, centred. */
function deskBounds(workArea: Rect): Rect {
  const width = Math.round(Math.min(1600, workArea.width * 0.9, ((workArea.height * 0.9) * 16) / 9));
  const height = Math.round((width * 9) / 16);
  return {
    x: workArea.x + Math.round((workArea.width - width) / 2),
    y: workArea.y + Math.round((workArea.height - height) / 2),
    width,
    height,
  };
}

/**
 * The stage designs the console lays out (renderer/layout/designs.ts). A wall display gets the
 * one closest to its proportions: a 32:9 pair of screens driven as one display gets the
 * double-wide design, a 3×2 video-wall controller's 8:3 output the 5760×2160 one.
 */
export const STAGE_DESIGNS = [
  { name: '1920x1080', width: 1920, height: 1080 },
  { name: '3840x1080', width: 3840, height: 1080 },
  { name: '5760x2160', width: 5760, height: 2160 },
] as const;

export function designForDisplay(bounds: Pick<Rect, 'width' | 'height'>): (typeof STAGE_DESIGNS)[number]['name'] {
  const aspect = bounds.width / bounds.height;
  let best: (typeof STAGE_DESIGNS)[number] = STAGE_DESIGNS[0];
  for (const d of STAGE_DESIGNS) if (Math.abs(Math.log(aspect / (d.width / d.height))) < Math.abs(Math.log(aspect / (best.width / best.height)))) best = d;
  return best.name;
}

/** The route with the display's design, when it is not the default 16:9 one. */
function withDesign(route: string, bounds: Rect): string {
  const design = designForDisplay(bounds);
  if (design === STAGE_DESIGNS[0].name) return route;
  return `${route}${route.includes('?') ? '&' : '?'}design=${design}`;
}

/** Primary first, then the others left to right, top to bottom (how a wall is cabled and read). */
export function wallOrder(displays: readonly DisplayInfo[]): DisplayInfo[] {
  return [...displays].sort((a, b) => Number(b.primary) - Number(a.primary) || a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y);
}

export function planWindows(displays: readonly DisplayInfo[], options: { wall: boolean; wallRoutes?: readonly string[] }): WindowPlan[] {
  const ordered = wallOrder(displays);
  const primary = ordered[0];
  if (!primary) throw new Error('no display to open the console on');
  if (!options.wall) {
    return [{ displayId: primary.id, bounds: deskBounds(primary.workArea), fullscreen: false, frame: true, route: '/' }];
  }
  const routes = options.wallRoutes?.length ? options.wallRoutes : DEFAULT_WALL_ROUTES;
  return ordered.map((display, i) => ({
    displayId: display.id,
    bounds: { ...display.bounds },
    fullscreen: true,
    frame: false,
    route: withDesign(routes[i % routes.length]!, display.bounds),
  }));
}
