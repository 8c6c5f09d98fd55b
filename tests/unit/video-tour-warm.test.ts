// The rules of warming a tour's next group: when warming starts, how long a switch waits for
// it, the cameras of a page, and whether warming fits the relay limit (idle relays do not count).
import { describe, expect, it } from 'vitest';
import type { RelayHealth, RelaysResponse } from '../../core/contract/index.js';
import { slowestRelayStartMs, switchDue, tourPage, WARM_WAIT_MS, warmDue, warmingFits, warmLeadMs } from '../../renderer/views/video/tour-warm.js';

const relay = (cameraId: number, stream: 'sub' | 'main', viewers: number): RelayHealth => ({
  cameraId, stream, viewers, state: 'playing', message: null, fps: 15, kbps: 400, lastFrameAt: null, startedAt: '2026-01-01T00:00:00.000Z', restarts: 0, codec: 'avc1.42C016', width: 640, height: 360, firstFrameMs: 800, recording: false, transcodedFrom: null,
});
const health = (limit: number, relays: RelayHealth[]): RelaysResponse => ({ limit, transcodeLimit: 4, relays });

describe('tour warming', () => {
  it('starts 5 s before the switch, or half the interval on a short tour', () => {
    expect(warmLeadMs(15)).toBe(5000);
    expect(warmLeadMs(6)).toBe(3000);
    expect(warmDue(10_000 - 5001, 10_000, 15)).toBe(false);
    expect(warmDue(10_000 - 5000, 10_000, 15)).toBe(true);
  });

  it('starts earlier on a server whose relays start slowly: twice the slowest start, within half the interval', () => {
    const slow = health(9, [{ ...relay(1, 'sub', 1), firstFrameMs: 4200 }, { ...relay(2, 'sub', 0), firstFrameMs: null }, relay(3, 'sub', 1)]);
    expect(slowestRelayStartMs(slow)).toBe(4200);
    expect(warmLeadMs(20, slowestRelayStartMs(slow))).toBe(8400);
    expect(warmLeadMs(12, 9000)).toBe(6000);
    expect(warmLeadMs(20, 1200)).toBe(5000);
    expect(warmDue(10_000 - 8400, 10_000, 20, 4200)).toBe(true);
    expect(warmDue(10_000 - 8401, 10_000, 20, 4200)).toBe(false);
  });

  it('switches on time when the next group plays (or is not warmed), and waits at most a little longer for it', () => {
    expect(switchDue(9_999, 10_000, false, false)).toBe(false);
    expect(switchDue(10_000, 10_000, false, false)).toBe(true);
    expect(switchDue(10_000, 10_000, true, true)).toBe(true);
    expect(switchDue(10_000, 10_000, true, false)).toBe(false);
    expect(switchDue(10_000 + WARM_WAIT_MS, 10_000, true, false)).toBe(true);
  });

  it('lays a page out tile by tile, with empty tiles past the last camera', () => {
    const tour = { grid: 4 as const, cameraIds: [1, 2, 3, 4, 5, 6] };
    expect(tourPage(tour, 0)).toEqual([1, 2, 3, 4]);
    expect(tourPage(tour, 1)).toEqual([5, 6, null, null]);
  });

  it('fits when the watched relays plus the new sub-streams stay within the limit', () => {
    const shown = [1, 2, 3, 4].map((id) => relay(id, 'sub', 1));
    expect(warmingFits(health(8, shown), [5, 6, 7, 8])).toBe(true);
    expect(warmingFits(health(7, shown), [5, 6, 7, 8])).toBe(false);
    // Relays kept idle after their viewers left do not count: the server makes room from them.
    expect(warmingFits(health(8, [...shown, relay(9, 'sub', 0), relay(10, 'main', 0)]), [5, 6, 7, 8])).toBe(true);
    // A next camera already watched (here, elsewhere on the wall) needs no new relay; its main stream is another relay.
    expect(warmingFits(health(8, [...shown, relay(5, 'sub', 1)]), [5, 6, 7, 8])).toBe(true);
    expect(warmingFits(health(8, [...shown, relay(5, 'main', 1)]), [5, 6, 7, 8])).toBe(false);
  });
});
