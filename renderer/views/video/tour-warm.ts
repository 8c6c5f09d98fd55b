// The rules of warming a tour's next group (pure, unit-tested): when it starts, how long a
// switch may wait for it, which cameras a page holds, and whether it fits the relay limit.
import type { RelaysResponse, WallTour } from '../../../core/contract/index.js';

/** How long before a tour's switch the next group starts playing (at most half the interval). */
export const WARM_LEAD_MS = 5000;
/** How much longer a switch waits for warming players that are not playing yet (a busy server, a slow camera). */
export const WARM_WAIT_MS = 5000;

/**
 * How long before the switch warming starts: WARM_LEAD_MS, or twice the slowest start the server's
 * relays reported lately when that is longer (a busy server starts a relay in seconds, not in one),
 * and never more than half the interval.
 */
export function warmLeadMs(intervalS: number, relayStartMs = 0): number {
  return Math.min(Math.max(WARM_LEAD_MS, 2 * relayStartMs), (intervalS * 1000) / 2);
}

/** Time to decide about warming the group due at `nextAt`. */
export function warmDue(now: number, nextAt: number, intervalS: number, relayStartMs = 0): boolean {
  return now >= nextAt - warmLeadMs(intervalS, relayStartMs);
}

/** The slowest start (relay start to first frame) among the relays the server reports now: how early to warm. */
export function slowestRelayStartMs(health: RelaysResponse): number {
  return health.relays.reduce((slowest, r) => Math.max(slowest, r.firstFrameMs ?? 0), 0);
}

/** Time to switch: at `nextAt`, or, while the next group is warming and not all playing yet, up to WARM_WAIT_MS later. */
export function switchDue(now: number, nextAt: number, warming: boolean, ready: boolean): boolean {
  if (now < nextAt) return false;
  return !warming || ready || now >= nextAt + WARM_WAIT_MS;
}

/**
 * Whether the next group can be warmed within the relay limit: the relays someone watches
 * or records now (the current group among them) plus the next group's sub-streams nobody watches yet.
 * Relays kept idle after their last viewer do not count: the server stops them to make room.
 */
export function warmingFits(health: RelaysResponse, nextCameraIds: readonly number[]): boolean {
  const watched = new Set(health.relays.filter((r) => r.viewers > 0 || r.recording).map((r) => `${r.cameraId}/${r.stream}`));
  const needed = new Set(nextCameraIds.filter((id) => !watched.has(`${id}/sub`)));
  return watched.size + needed.size <= health.limit;
}

/** The cameras of a tour page, one per tile of its grid (null past the last camera). */
export function tourPage(t: Pick<WallTour, 'grid' | 'cameraIds'>, page: number): (number | null)[] {
  const ids = t.cameraIds.slice(page * t.grid, (page + 1) * t.grid);
  return Array.from({ length: t.grid }, (_, i) => ids[i] ?? null);
}

/** The next group of a tour: 'waiting' for its time, 'warming' (players open), 'skipped' (over the limit). */
export interface TourWarm {
  state: 'waiting' | 'warming' | 'skipped';
  /** Decided for the coming switch (reset at each switch; a skip stays said until the next decision). */
  decided: boolean;
  /** Per tile, the camera being warmed under it (null: nothing to warm there). */
  tiles: (number | null)[];
  limit: number;
}
