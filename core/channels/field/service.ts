// 城管通 in the centre's eyes: where each inspector is, whether the fix lies inside one of
// their own responsibility grids (with a tolerance for GPS error at the boundary), and whether
// they are on shift. Leaving the grid during the shift is an event the command wall shows.
import type { InspectorStore } from '../../base/people/index.js';
import type { CalendarService } from '../../workflow/calendar/index.js';
import type { Clock } from '../../runtime/clock.js';
import { badRequest } from '../../runtime/errors.js';
import { localFrame } from '../../base/geo/index.js';
import { distanceToRing, pointInPolygon, type Ring } from '../../base/geo/index.js';
import type { GridStore } from '../../base/grids/index.js';
import type { EventHub } from '../../server/events.js';
import type { SettingsStore } from '../../workflow/settings/index.js';
import type { FieldStore, PositionRow } from './store.js';

export interface Fix {
  at: number;
  lon: number;
  lat: number;
  accuracyM?: number | null;
}

export interface InspectorStatus {
  userId: number;
  username: string;
  displayName: string;
  grids: string[];
  onShift: boolean;
  /** A fix newer than the staleness limit. */
  online: boolean;
  last: { at: string; lon: number; lat: number; accuracyM: number | null; gridCode: string | null; inOwnGrid: boolean } | null;
  /** On shift, online and outside every own grid: what the wall flags. */
  outOfGrid: boolean;
}

export const FIELD_TOPICS = { position: 'inspector.position', left: 'inspector.left_grid', back: 'inspector.back_in_grid' } as const;

const MAX_FUTURE_MS = 5 * 60_000;

function minutesOf(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
}

export class FieldService {
  constructor(
    private readonly store: FieldStore,
    private readonly inspectors: InspectorStore,
    private readonly grids: GridStore,
    private readonly calendars: CalendarService,
    private readonly settings: SettingsStore,
    private readonly clock: Clock,
    private readonly events: EventHub,
  ) {}

  async onShift(at: number): Promise<boolean> {
    const s = await this.settings.get('field');
    const cal = this.calendars.calendar;
    const day = cal.dayIndex(at);
    if (s.workingDaysOnly && !cal.isWorkingDay(day)) return false;
    const minute = (at - cal.dayStart(day)) / 60_000;
    return minute >= minutesOf(s.shiftStart) && minute < minutesOf(s.shiftEnd);
  }

  /** Whether a point is inside, or within the tolerance of, one of the inspector's grids. */
  async locate(userId: number, lon: number, lat: number): Promise<{ gridCode: string | null; inOwnGrid: boolean }> {
    const gridCode = (await this.grids.gridAt(lon, lat))?.code ?? null;
    const own = await this.inspectors.gridsOf(userId);
    if (gridCode !== null && own.includes(gridCode)) return { gridCode, inOwnGrid: true };
    const tolerance = (await this.settings.get('field')).toleranceM;
    const frame = localFrame(lon, lat);
    let near = false;
    for (const code of own) {
      const grid = await this.grids.get(code);
      if (!grid) continue;
      const rings = (JSON.parse(grid.geometry) as { coordinates: Ring[] }).coordinates;
      const local = rings[0]!.map(([x, y]) => [frame.x(x), frame.y(y)] as const);
      if (pointInPolygon(lon, lat, rings) || distanceToRing(0, 0, local) <= tolerance) {
        near = true;
        break;
      }
    }
    return { gridCode, inOwnGrid: near };
  }

  /** Stores a batch of fixes (time order is not required) and tells the centre about the newest. */
  async record(userId: number, fixes: Fix[]): Promise<InspectorStatus> {
    const now = this.clock.now();
    for (const f of fixes) {
      if (f.at > now + MAX_FUTURE_MS) throw badRequest('A fix lies in the future; check the phone\'s clock (定位时间晚于服务器时间)', 'points');
    }
    const before = await this.store.last(userId);
    const rows: PositionRow[] = [];
    for (const f of fixes) rows.push({ userId, at: f.at, lon: f.lon, lat: f.lat, accuracyM: f.accuracyM ?? null, ...(await this.locate(userId, f.lon, f.lat)) });
    await this.store.insert(rows);
    const status = await this.statusOf(userId);
    const newest = await this.store.last(userId);
    if (newest && (!before || newest.at > before.at)) {
      this.events.publish(FIELD_TOPICS.position, status);
      const wasIn = before ? before.inOwnGrid : true;
      if (await this.onShift(newest.at) && wasIn !== newest.inOwnGrid) this.events.publish(newest.inOwnGrid ? FIELD_TOPICS.back : FIELD_TOPICS.left, status);
    }
    return status;
  }

  async statusOf(userId: number, user?: { username: string; displayName: string }): Promise<InspectorStatus> {
    const now = this.clock.now();
    const who = user ?? (await this.inspectors.inspectorUsers()).find((u) => u.id === userId) ?? { username: String(userId), displayName: String(userId) };
    const last = await this.store.last(userId);
    const onShift = await this.onShift(now);
    const online = last !== undefined && now - last.at <= (await this.settings.get('field')).staleAfterMinutes * 60_000;
    return {
      userId,
      username: who.username,
      displayName: who.displayName,
      grids: await this.inspectors.gridsOf(userId),
      onShift,
      online,
      last: last ? { at: new Date(last.at).toISOString(), lon: last.lon, lat: last.lat, accuracyM: last.accuracyM, gridCode: last.gridCode, inOwnGrid: last.inOwnGrid } : null,
      outOfGrid: onShift && online && last !== undefined && !last.inOwnGrid,
    };
  }

  async all(): Promise<InspectorStatus[]> {
    const all: InspectorStatus[] = [];
    for (const u of await this.inspectors.inspectorUsers()) all.push(await this.statusOf(u.id, u));
    return all;
  }

  async track(userId: number, from: number, to: number): Promise<PositionRow[]> {
    return await this.store.track(userId, from, to);
  }

  async last(userId: number): Promise<PositionRow | undefined> {
    return await this.store.last(userId);
  }
}
