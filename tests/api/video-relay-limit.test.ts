// The relay limit against relays kept for their grace period: a relay nobody watches is a
// cache (a tour's previous page, a tile just closed), so at the limit it makes room for a
// stream someone wants; only relays that are watched count against a new viewer. A tour
// of 25 tiles would otherwise be refused half its next page while the last one idles.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraView, LiveMessage, RelaysResponse } from '../../core/contract/index.js';
import { SimFleet, simPassword } from '../../core/demo/sim/cameras/fleet.js';
import { startTestCounty, type TestCounty } from './support.js';
import { registerSimCameras } from '../support/sim-cameras.js';
import { until } from '../support/until.js';

let county: TestCounty;
let fleet: SimFleet;
let admin: string;
const camera: Record<string, CameraView> = {};
const sockets: WebSocket[] = [];

function watch(id: number) {
  const ws = new WebSocket(`${county.url.replace('http', 'ws')}/api/video/live/${id}?stream=sub&token=${encodeURIComponent(admin)}`);
  const seen = { messages: [] as LiveMessage[], fragments: 0, closed: null as number | null };
  ws.on('message', (data, binary) => {
    if (binary) seen.fragments++;
    else seen.messages.push(JSON.parse(String(data)) as LiveMessage);
  });
  ws.on('close', (code) => (seen.closed = code));
  sockets.push(ws);
  return { ws, seen };
}

type Watcher = ReturnType<typeof watch>;
const playing = (w: Watcher, what: string) => until(() => w.seen, (s) => s.fragments > 1 || s.closed !== null, what, 60_000);
const relays = async () => (await county.call<RelaysResponse>('GET', '/api/video/relays', { token: admin })).body.relays;
const names = (list: { cameraId: number; viewers: number }[]) =>
  list.map((r) => `${Object.keys(camera).find((code) => camera[code]!.id === r.cameraId)}:${r.viewers}`).sort();

beforeAll(async () => {
  // Two relays at most, and relays kept ten minutes after their last viewer: only making room can free one.
  county = await startTestCounty({ videoMaxRelays: 2, videoRelayIdleMs: 600_000 });
  fleet = await SimFleet.start({
    cameras: ['A1', 'B2', 'C3'].map((code, i) => ({ code, name: `限流测试 ${code}`, username: 'admin', password: simPassword(), ptz: false, look: i + 1 })),
  });
  admin = await county.login();
  const register = async (body: Record<string, unknown>) => {
    const res = await county.call<CameraView>('POST', '/api/cameras', { token: admin, body });
    expect(res.status).toBe(201);
    return res.body;
  };
  Object.assign(camera, await registerSimCameras(fleet.devices(), register));
});

afterAll(async () => {
  for (const ws of sockets) ws.close();
  await county?.stop();
  await fleet?.close();
});

describe('the relay limit with idle relays', () => {
  it('stops the relay idle the longest to make room, and refuses only when every relay is watched', async () => {
    const a = watch(camera.A1!.id);
    expect((await playing(a, 'A1 to play')).closed).toBeNull();
    const b = watch(camera.B2!.id);
    expect((await playing(b, 'B2 to play')).closed).toBeNull();
    a.ws.close();
    await until(relays, (list) => names(list).join() === 'A1:0,B2:1', 'A1 to idle');
    b.ws.close();
    await until(relays, (list) => names(list).join() === 'A1:0,B2:0', 'B2 to idle');

    // Both relays are idle and held: a third camera still plays, in the place of A1 (idle longest).
    const c = watch(camera.C3!.id);
    expect((await playing(c, 'C3 to play')).closed).toBeNull();
    expect(names(await relays())).toEqual(['B2:0', 'C3:1']);

    // A1 again: B2 makes room.
    const a2 = watch(camera.A1!.id);
    expect((await playing(a2, 'A1 to play again')).closed).toBeNull();
    expect(names(await relays())).toEqual(['A1:1', 'C3:1']);

    // Every relay watched: the next one is refused with the limit, in words.
    const b2 = watch(camera.B2!.id);
    await until(() => b2.seen.closed, (code) => code !== null, 'the refusal');
    expect(b2.seen.closed).toBe(4429);
    expect(b2.seen.messages[0]).toMatchObject({ type: 'error', code: 'relay_limit', message: expect.stringContaining('上限 2 路') });
  });
});
