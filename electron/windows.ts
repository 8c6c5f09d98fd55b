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
    route: routes[i % routes.length]!,
  }));
}
