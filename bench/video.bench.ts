// Video relay and wall, each figure beside a baseline taken in the same run:
// - CPU per relayed stream, 640×360 and 1080p: Gridhall's relay (RTSP/TCP → ffmpeg -c copy →
//   fMP4; the newest keyframe kept, decoded only for a snapshot), a bare copy relay, and transcoding relays
//   (MPEG-1 for jsmpeg, MJPEG) reading the same stream at the same time; the ratio printed;
// - Chromium's CPU for 16 tiles beside 4 tiles, with the frame rate each tile reaches;
// - glass-to-glass delay, read from the burned-in clock: the moment its seconds change on
//   screen, against the wall clock (goal < 1 s);
// - a tour's switch: how long each tile of the new group is without a picture, with the next
//   group warmed (the default) beside no warming (?warm=0), on cold relays (stopped after
//   their idle grace) and on hot ones (still within it, GOP cached).
// - a camera's first picture in Chromium (issue 16/20): from the double-click on the camera
//   to the first frame painted in the tile, cold (no relay; the camera already encoding, as a
//   real camera is) and hot (the relay running within its idle grace), beside the relay's own
//   start time (relay start → first fragment) measured in the same run.
// The machine's 2 cores are shared: the share of CPU others used during each window is printed.
// Run: node --import tsx bench/video.bench.ts   (BENCH_SECONDS=12 per window)
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import type { Page } from 'playwright-core';
import type { CameraView, RelayHealth } from '../core/contract/index.js';
import { SimFleet, simPassword } from '../core/demo/sim/cameras/fleet.js';
import type { StreamProfile } from '../core/demo/sim/cameras/picture.js';
import { openHall, type Hall } from '../tests/e2e/harness.js';
import { FRAME_PATTERN } from '../core/demo/sim/cameras/picture.js';
import { fmt, part, percentile, printSection, QUICK, type Figure } from './harness.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 6 : 12));
/** The relay's window stays 12 s even when quick: CPU is read in 10 ms ticks, and a relay costs a few. */
const RELAY_SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
/** Which parts to run: relays, glass, tiles, tour, first (all by default; --quick: relays, glass, first). */
const PARTS = new Set((process.env.BENCH_VIDEO_PARTS ?? (QUICK ? 'relays,glass,first' : 'relays,glass,tiles,tour,first')).split(','));
export const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const BENCH_PROFILES: StreamProfile[] = [
  { token: 'main', name: 'Main1080', width: 1920, height: 1080, fps: 25, kbps: 4000 },
  { token: 'sub', name: 'Sub360', width: 640, height: 360, fps: 25, kbps: 600 },
];

// CPU accounting from /proc

export function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0;
  }
}

export function machineTicks(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3]! + cpu[4]!;
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Every process below this one whose command name matches. */
function descendants(match: RegExp): number[] {
  const parent = new Map<number, number>();
  const name = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(entry), ppid);
      name.set(Number(entry), comm);
    } catch {
      // gone
    }
  }
  const out: number[] = [];
  for (const pid of parent.keys()) {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === process.pid) {
        if (match.test(name.get(pid) ?? '')) out.push(pid);
        break;
      }
    }
  }
  return out;
}

/** CPU used by groups of processes over a window, in % of one core, and what the rest of the machine used. */
async function measure(groups: Record<string, () => number[]>, seconds = SECONDS): Promise<{ pct: Record<string, number>; others: number }> {
  const pids = Object.fromEntries(Object.entries(groups).map(([k, f]) => [k, f()]));
  const start = Object.fromEntries(Object.entries(pids).map(([k, list]) => [k, list.reduce((s, p) => s + cpuTicks(p), 0)]));
  const machine0 = machineTicks();
  const self0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elapsed = (performance.now() - t0) / 1000;
  const machine1 = machineTicks();
  const self = process.cpuUsage(self0);
  const pct: Record<string, number> = {};
  let ours = (self.user + self.system) / 1e6 / elapsed * 100;
  for (const [k, list] of Object.entries(pids)) {
    pct[k] = ((list.reduce((s, p) => s + cpuTicks(p), 0) - start[k]!) / TICKS_PER_SECOND / elapsed) * 100;
    ours += pct[k]!;
  }
  const machinePct = ((machine1.busy - machine0.busy) / (machine1.total - machine0.total)) * os.cpus().length * 100;
  return { pct, others: Math.max(0, machinePct - ours) };
}

function consume(args: string[]): ChildProcess {
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  child.stdout!.resume();
  return child;
}

// 1. Relays

/** A process and every process below it. */
function tree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]!) ?? []));
  return out;
}

interface ChildHealth {
  health: RelayHealth;
  bytes: number;
  messages: number;
  ffmpeg: number | null;
}

async function relayCosts(fleet: SimFleet): Promise<void> {
  const d = fleet.device('BENCH1')!;
  for (const [stream, label] of [
    ['sub', '640×360 25 fps'],
    ['main', '1920×1080 25 fps'],
  ] as const) {
    const url = `rtsp://${d.username}:${d.password}@127.0.0.1:${fleet.rtsp.port}/BENCH1/${stream}`;
    // The relay in a process of its own: its CPU is its Node work and its ffmpeg, nothing else.
    const relay = fork(new URL('./relay-child.ts', import.meta.url).pathname, [url, stream], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const ask = () => new Promise<ChildHealth>((resolve) => {
      relay.once('message', (m) => resolve(m as ChildHealth));
      relay.send('health');
    });
    await new Promise((r) => relay.once('message', r)); // ready
    const input = ['-rtsp_transport', 'tcp', '-i', url, '-an'];
    const bare = consume([...input, '-c:v', 'copy', '-f', 'mp4', '-movflags', 'frag_keyframe+frag_every_frame+empty_moov+default_base_moof', 'pipe:1']);
    const mpeg1 = consume([...input, '-c:v', 'mpeg1video', '-b:v', stream === 'sub' ? '800k' : '4000k', '-bf', '0', '-f', 'mpegts', 'pipe:1']);
    const mjpeg = consume([...input, '-c:v', 'mjpeg', '-q:v', '5', '-f', 'mjpeg', 'pipe:1']);
    await new Promise((r) => setTimeout(r, 4000)); // all running and past their start
    const before = await ask();
    const m = await measure({
      gridhall: () => tree(relay.pid!),
      gridhallNode: () => [relay.pid!],
      bare: () => [bare.pid!],
      mpeg1: () => [mpeg1.pid!],
      mjpeg: () => [mjpeg.pid!],
      encoder: () => fleet.camera('BENCH1')!.encoderPids(),
    }, RELAY_SECONDS);
    const after = await ask();
    relay.send('stop');
    await new Promise((r) => relay.once('exit', r));
    for (const c of [bare, mpeg1, mjpeg]) c.kill();
    const bytes = after.bytes - before.bytes;
    // A relay that delivered nothing is a failed run, not a cheap one.
    if (after.health.fps <= 0 || bytes <= 0 || after.messages === before.messages) {
      throw new Error(`the ${label} relay delivered no frames in the window (${after.health.state}: ${after.health.message ?? 'no message'}); no ratio printed`);
    }
    const copy = m.pct.gridhall!;
    printSection(`Relay CPU per stream, ${label} (% of one core, ${RELAY_SECONDS} s window)`, [
      { name: 'Gridhall relay (its Node process + its ffmpeg -c copy → fMP4)', value: copy, unit: '%', note: `${after.health.fps} fps, ${after.health.kbps} kbps, ${fmt(bytes / 1e6)} MB fanned out in the window` },
      { name: '  of which the Node process', value: m.pct.gridhallNode!, unit: '%', note: 'a whole Node process for one relay: in the server it shares one' },
      { name: 'bare copy relay (ffmpeg alone)', value: m.pct.bare!, unit: '%', note: 'baseline, same stream, same window' },
      { name: 'ratio Gridhall ÷ bare copy', value: copy / Math.max(m.pct.bare!, 0.05), unit: '×', digits: 2, note: 'goal ≤ 1.10' },
      { name: 'transcoding relay: MPEG-1 (jsmpeg)', value: m.pct.mpeg1!, unit: '%', note: `${fmt(m.pct.mpeg1! / Math.max(copy, 0.05), 2)}× the Gridhall relay` },
      { name: 'transcoding relay: MJPEG', value: m.pct.mjpeg!, unit: '%' },
      { name: 'ratio MJPEG ÷ Gridhall', value: m.pct.mjpeg! / Math.max(copy, 0.05), unit: '×', digits: 2, note: 'goal ≥ 10' },
      { name: '(the simulated camera encoding it)', value: m.pct.encoder!, unit: '%' },
      { name: '(other processes on the machine)', value: m.others, unit: '%', note: 'noise: engineers share these cores' },
    ]);
  }
}

// 2 and 3. The wall in Chromium

async function signIn(hall: Hall, password: string): Promise<void> {
  const { page } = hall;
  await page.goto(hall.url + '/login');
  await page.getByLabel(/用户名|Username/).fill('admin');
  await page.getByLabel(/密码|Password/).fill(password);
  await page.getByLabel(/密码|Password/).press('Enter');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

const framesScript = `[...document.querySelectorAll('[data-testid="video-wall"] [data-tile] video')].map((v) => { const q = v.getVideoPlaybackQuality(); return [q.totalVideoFrames, q.droppedVideoFrames]; })`;

async function showWall(page: Page, url: string, grid: number, tiles: number[]): Promise<void> {
  await page.evaluate(`localStorage.setItem('gridhall.video.wall', ${JSON.stringify(JSON.stringify({ grid, tiles }))})`);
  await page.goto(url + '/video');
  // Polled from here: the console's CSP forbids the eval a string predicate would need in the page.
  const end = Date.now() + 120_000;
  while ((await page.evaluate<number[][]>(framesScript)).filter(([frames]) => frames! > 5).length < tiles.length) {
    if (Date.now() > end) throw new Error(`the ${tiles.length} tiles did not start playing`);
    await new Promise((r) => setTimeout(r, 250));
  }
}


async function browserCosts(hall: Hall, ids: number[]): Promise<void> {
  const figures: Figure[] = [];
  const per: Record<number, number> = {};
  for (const count of [4, 16]) {
    const tiles = Array.from({ length: count }, (_, i) => ids[i % ids.length]!);
    await showWall(hall.page, hall.url, count, tiles);
    await new Promise((r) => setTimeout(r, 3000));
    const before = await hall.page.evaluate<number[][]>(framesScript);
    const m = await measure({ chromium: () => descendants(/chrom/i), relays: () => descendants(/^ffmpeg$/) });
    const after = await hall.page.evaluate<number[][]>(framesScript);
    const decoded = after.map((a, i) => (a[0]! - before[i]![0]!) / SECONDS);
    const shown = after.map((a, i) => (a[0]! - before[i]![0]! - (a[1]! - before[i]![1]!)) / SECONDS);
    per[count] = m.pct.chromium!;
    figures.push(
      { name: `${count} tiles: Chromium CPU`, value: m.pct.chromium!, unit: '% of a core', note: `${fmt(m.pct.chromium! / count)} % per tile` },
      { name: `${count} tiles: frames decoded per tile`, value: percentile(decoded, 50), unit: 'fps (p50)', note: `lowest ${fmt(Math.min(...decoded))}; the source sends 15 fps` },
      { name: `${count} tiles: frames shown per tile`, value: percentile(shown, 50), unit: 'fps (p50)', note: `lowest ${fmt(Math.min(...shown))}; the rest dropped by the compositor` },
      { name: `${count} tiles: (server: encoders + relays)`, value: m.pct.relays!, unit: '% of a core' },
      { name: `${count} tiles: (other processes)`, value: m.others, unit: '% of a core', note: 'noise' },
    );
  }
  figures.push({ name: '16 tiles ÷ 4 tiles, Chromium CPU', value: per[16]! / Math.max(per[4]!, 0.1), unit: '×' });
  printSection('Browser CPU (software decoding of 640×360 sub-streams; some tiles show the same camera)', figures);
}

/** Where the burned-in clock's seconds are in a picture of this height (see core/demo/sim/cameras/picture.ts). */
function secondsRegion(height: number): { x: number; y: number; w: number; h: number } {
  const big = Math.max(14, Math.round(height / 16));
  const char = big * 0.602; // DejaVu Sans Mono's advance
  // "YYYY-MM-DD HH:MM:SS": the seconds are characters 17 and 18.
  return { x: Math.round(big + 16.5 * char), y: Math.round(big / 2), w: Math.round(2.5 * char), h: Math.round(big * 1.25) };
}

interface BareFrame {
  n: number;
  /** Epoch ms when the whole decoded frame had arrived. */
  at: number;
  /** The clock's seconds changed from the frame before. */
  tick: boolean;
}

/**
 * The baseline reader: a bare ffmpeg pulling the camera's RTSP stream straight from the
 * camera and decoding it to grey frames (no relay, no browser). Reads the frame-number strip
 * (FRAME_PATTERN) and notes each change of the clock's seconds.
 */
function bareReader(url: string, width: number, height: number): { frames: BareFrame[]; stop(): void } {
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-fflags', 'nobuffer', '-flags', 'low_delay', '-rtsp_transport', 'tcp', '-i', url, '-an', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const size = width * height;
  const frames: BareFrame[] = [];
  const r = secondsRegion(height);
  // Chunks are kept as they come and joined once a whole frame is there (a frame is many pipe
  // chunks: joining at every chunk made the reader fall seconds behind under load).
  let chunks: Buffer[] = [];
  let pendingBytes = 0;
  let last: Buffer | null = null;
  child.stdout.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes < size) return;
    const at = performance.timeOrigin + performance.now();
    let pending = Buffer.concat(chunks, pendingBytes);
    while (pending.length >= size) {
      const frame = pending.subarray(0, size);
      pending = pending.subarray(size);
      let n = 0;
      const p = FRAME_PATTERN;
      for (let k = 0; k < p.bits; k++) if (frame[(p.top + p.pitch * k + p.size / 2) * width + width - p.right]! > 128) n += 2 ** k;
      const region = Buffer.alloc(r.w * r.h);
      for (let y = 0; y < r.h; y++) frame.copy(region, y * r.w, (r.y + y) * width + r.x, (r.y + y) * width + r.x + r.w);
      let diff = 0;
      if (last) for (let i = 0; i < region.length; i++) diff += Math.abs(region[i]! - last[i]!);
      frames.push({ n, at, tick: last !== null && diff / region.length > 12 });
      last = region;
    }
    chunks = pending.length ? [pending] : [];
    pendingBytes = pending.length;
  });
  return { frames, stop: () => child.kill() };
}

/**
 * Glass-to-glass, read whole: the test camera burns its frame number in as blocks. The bare
 * reader sees every frame and where the burned-in clock's seconds change, which places each
 * frame's rendering in time (see `rendered`); the whole second of the first change comes from
 * when the encoder process appeared. Every frame the tile shows is a sample: shown − rendered.
 * The baseline, in the same run and on the same frames: a bare ffmpeg decoding the camera's
 * stream directly (no relay, no browser).
 */
async function glassToGlass(hall: Hall, fleet: SimFleet, id: number, code: string): Promise<void> {
  const d = fleet.device(code)!;
  const camera = fleet.camera(code)!;
  const profile = camera.profile('sub')!;
  const F = 1000 / profile.fps;
  // The encoder starts when its first reader connects: watch for its process.
  let spawnedAt = 0;
  const watch = setInterval(() => {
    if (!spawnedAt && camera.encoderPids().length > 0) spawnedAt = performance.timeOrigin + performance.now();
  }, 1);
  const bare = bareReader(`rtsp://${d.username}:${d.password}@127.0.0.1:${fleet.rtsp.port}/${code}/sub`, profile.width, profile.height);
  try {
    await showWall(hall.page, hall.url, 1, [id]);
    clearInterval(watch);
    if (!spawnedAt) throw new Error('the test camera encoder was never seen starting');
    await new Promise((r) => setTimeout(r, 2000));
    const SAMPLES = QUICK ? 60 : 150;
    const shown = await hall.page.evaluate<[number, number][]>(`new Promise((resolve) => {
      const video = document.querySelector('[data-tile="0"] video');
      const canvas = document.createElement('canvas');
      canvas.width = ${profile.width}; canvas.height = ${profile.height};
      const g = canvas.getContext('2d', { willReadFrequently: true });
      const out = []; const started = performance.now();
      const step = (_, meta) => {
        g.drawImage(video, 0, 0, ${profile.width}, ${profile.height});
        const strip = g.getImageData(${profile.width - FRAME_PATTERN.right}, 0, 1, ${profile.height}).data;
        let n = 0;
        for (let k = 0; k < ${FRAME_PATTERN.bits}; k++) {
          const i = (${FRAME_PATTERN.top} + ${FRAME_PATTERN.pitch} * k + ${FRAME_PATTERN.size / 2}) * 4;
          if (strip[i] + strip[i + 1] + strip[i + 2] > 384) n += 2 ** k;
        }
        out.push([n, performance.timeOrigin + (meta.expectedDisplayTime ?? meta.presentationTime)]);
        if (out.length >= ${SAMPLES} || performance.now() - started > 30000) resolve(out); else video.requestVideoFrameCallback(step);
      };
      video.requestVideoFrameCallback(step);
    })`);
    await new Promise((r) => setTimeout(r, 500));
    const frames = bare.frames.slice();
    const ticks = frames.filter((f) => f.tick);
    if (ticks.length < 3) throw new Error(`the clock's seconds were seen changing ${ticks.length} times in ${frames.length} frames: cannot place the frames in time`);
    // When each frame was rendered. Frame n_c, the first showing a new second, was rendered at
    // that whole second plus half a frame (on average); consecutive changes are one second
    // apart, and frames between two changes are spread evenly over that second (an encoder
    // lagging under load renders fewer than fps frames in it). The chain's first second is the
    // first whole second after the encoder process appeared that is before the frame arrived
    // at the bare reader: when several fit (a slow start), the earliest, which reads delays
    // high, never low.
    const first = Math.ceil(spawnedAt / 1000) * 1000;
    const latest = Math.floor((ticks[0]!.at - F / 2) / 1000) * 1000;
    const candidates = Math.max(1, (latest - first) / 1000 + 1);
    const second = (c: number) => first + c * 1000;
    const rendered = (n: number): number => {
      let c = 0;
      while (c + 1 < ticks.length && ticks[c + 1]!.n <= n) c++;
      const here = ticks[c]!;
      const next = ticks[c + 1];
      const perFrame = next ? 1000 / Math.max(1, next.n - here.n) : F;
      return second(c) + F / 2 + (n - here.n) * perFrame;
    };
    const inChain = (n: number) => n >= ticks[0]!.n && n < ticks.at(-1)!.n;
    const tile = shown.filter(([n]) => inChain(n)).map(([n, at]) => at - rendered(n));
    const floor = frames.filter((f) => inChain(f.n)).map((f) => f.at - rendered(f.n));
    const arrived = new Map(frames.map((f) => [f.n, f.at]));
    const overBare = shown.filter(([n]) => arrived.has(n)).map(([n, at]) => at - arrived.get(n)!);
    const perSecond = ticks.slice(1).map((t, i) => t.n - ticks[i]!.n);
    printSection(`Glass-to-glass delay, read whole (frame-numbered 640×360 camera → relay → shown in Chromium), ${tile.length} frames`, [
      { name: 'Gridhall tile: median', value: percentile(tile, 50), unit: 'ms', note: 'goal < 300 ms' },
      { name: 'Gridhall tile: p90', value: percentile(tile, 90), unit: 'ms', note: `worst ${fmt(Math.max(...tile))} ms` },
      { name: 'baseline: bare ffmpeg decoding the camera directly, median', value: percentile(floor, 50), unit: 'ms', note: `same run, ${floor.length} frames; p90 ${fmt(percentile(floor, 90))} ms` },
      { name: 'ratio tile ÷ baseline (medians)', value: percentile(tile, 50) / Math.max(1, percentile(floor, 50)), unit: '×', digits: 2 },
      { name: 'tile − baseline on the same frames, median', value: percentile(overBare, 50), unit: 'ms', note: `${overBare.length} frames; independent of T0: the relay, socket, MediaSource, decode and paint` },
      { name: '(frame numbers the test camera counted per second, median)', value: percentile(perSecond, 50), unit: '/s', note: `it encodes ${profile.fps} fps; ${ticks.length} second changes; ${candidates > 1 ? `${candidates} whole seconds fitted the start: the earliest taken (reads high)` : 'the start fixed to the second'}` },
    ]);
    if (tile.length < 20) throw new Error(`only ${tile.length} frames shown within the clock's changes: at least 20 samples are needed`);
  } finally {
    clearInterval(watch);
    bare.stop();
  }
}

// 5. A camera's first picture

/** Page-side: double-clicks a camera in the list and resolves with the ms until the tile paints its first frame. */
const clickToFirstFrame = (cameraId: number) => `new Promise((resolve) => {
  const row = document.querySelector('[data-testid="camera-list"] li[data-camera-id="${cameraId}"]');
  const t0 = performance.now();
  row.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
  const started = performance.now();
  const poll = () => {
    const video = document.querySelector('[data-tile="0"] .layer.current[data-camera="${cameraId}"] video');
    if (video) video.requestVideoFrameCallback((now) => resolve(now - t0));
    else if (performance.now() - started > 60000) resolve(-1);
    else requestAnimationFrame(poll);
  };
  poll();
})`;

async function firstPicture(hall: Hall, token: string, fleet: SimFleet, ids: number[], codes: string[]): Promise<void> {
  const { page } = hall;
  // A real camera encodes all the time; the simulator starts its encoder on demand. Keep
  // each one encoding (a bare copy reader) so "cold" means the relay, not the simulator.
  const readers = codes.map((code) => {
    const d = fleet.device(code)!;
    return consume(['-rtsp_transport', 'tcp', '-i', `rtsp://${d.username}:${d.password}@127.0.0.1:${fleet.rtsp.port}/${code}/sub`, '-c', 'copy', '-f', 'null', '-']);
  });
  const relays = async () => ((await (await fetch(hall.url + '/api/video/relays', { headers: { authorization: `Bearer ${token}` } })).json()) as { relays: { cameraId: number; stream: string; firstFrameMs: number | null }[] }).relays;
  try {
    await new Promise((r) => setTimeout(r, 3000));
    await page.evaluate(`localStorage.setItem('gridhall.video.wall', ${JSON.stringify(JSON.stringify({ grid: 1, tiles: [null] }))})`);
    await page.goto(hall.url + '/video');
    await page.locator('[data-testid="camera-list"] li').first().waitFor();
    const cold: number[] = [];
    const relayStart: number[] = [];
    const hot: number[] = [];
    for (const id of ids) {
      cold.push(await page.evaluate<number>(clickToFirstFrame(id)));
      const relay = (await relays()).find((r) => r.cameraId === id && r.stream === 'sub');
      if (relay?.firstFrameMs != null) relayStart.push(relay.firstFrameMs);
      // Off the tile and back within the relay's idle grace: the hot path (GOP cached).
      await page.locator('[data-tile="0"]').getByRole('button', { name: '移出画面' }).click();
      await new Promise((r) => setTimeout(r, 1500));
      hot.push(await page.evaluate<number>(clickToFirstFrame(id)));
      await page.locator('[data-tile="0"]').getByRole('button', { name: '移出画面' }).click();
    }
    if (cold.some((ms) => ms < 0) || hot.some((ms) => ms < 0)) throw new Error(`a tile never painted a frame: cold ${cold.join(', ')}; hot ${hot.join(', ')}`);
    const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
    printSection(`A camera's first picture in Chromium, click → first painted frame (${ids.length} cameras, 640×360 sub-stream; load average ${load})`, [
      { name: 'cold relay: click → first painted frame (median)', value: percentile(cold, 50), unit: 'ms', note: `worst ${fmt(Math.max(...cold))} ms; goal < 2000 ms on a quiet machine` },
      { name: "the relay's own start: ffmpeg start → first fragment (median)", value: percentile(relayStart, 50), unit: 'ms', note: `baseline, same runs; worst ${fmt(Math.max(...relayStart))} ms` },
      { name: 'cold ÷ relay start', value: percentile(cold, 50) / Math.max(1, percentile(relayStart, 50)), unit: '×', note: 'the rest is socket, MediaSource, decode and paint' },
      { name: 'hot relay (within its idle grace): click → first painted frame (median)', value: percentile(hot, 50), unit: 'ms', note: `worst ${fmt(Math.max(...hot))} ms; goal < 300 ms` },
    ]);
  } finally {
    for (const r of readers) r.kill();
  }
}

/**
 * Page-side: whenever a tile's shown camera changes (a tour switch), how long until its video
 * has a frame to show (0 when it already has one), and when the switch happened.
 */
const TOUR_RECORDER = `
  window.__dark = [];
  window.__switchAt = [];
  const wall = document.querySelector('[data-testid="video-wall"]');
  const shown = new Map();
  const look = () => {
    let switched = false;
    for (const tile of wall.querySelectorAll('[data-tile]')) {
      const layer = tile.querySelector('.layer[data-role="current"]');
      const camera = layer ? layer.dataset.camera : null;
      const index = tile.dataset.tile;
      if (shown.has(index) && camera !== null && shown.get(index) !== camera) {
        switched = true;
        const video = layer.querySelector('video');
        const t0 = performance.now();
        const check = () => {
          if (video.readyState >= 2 && video.getVideoPlaybackQuality().totalVideoFrames > 0) window.__dark.push(performance.now() - t0);
          else if (performance.now() - t0 < 30000) requestAnimationFrame(check);
        };
        if (video.readyState >= 2 && video.getVideoPlaybackQuality().totalVideoFrames > 0) window.__dark.push(0);
        else requestAnimationFrame(check);
      }
      shown.set(index, camera);
    }
    if (switched) window.__switchAt.push(performance.now());
  };
  look();
  new MutationObserver(look).observe(wall, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-role', 'data-camera'] });
`;

/** Runs a 2-group tour of 4 tiles for `switches` switches and returns each tile's time without a picture, and each switch's delay past its schedule. */
async function tourSwitches(hall: Hall, token: string, ids: number[], intervalS: number, warm: boolean, switches: number): Promise<{ dark: number[]; held: number[] }> {
  const name = `基准轮巡 ${intervalS}s ${warm ? '预热' : '不预热'}`;
  await fetch(hall.url + '/api/video/tours', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ name, grid: 4, intervalS, cameraIds: ids.slice(0, 8) }),
  });
  const page = hall.page;
  await page.goto(`${hall.url}/video${warm ? '' : '?warm=0'}`);
  await page.getByRole('combobox', { name: '轮巡' }).selectOption({ label: `${name}（8）` });
  // Let every relay of the last run stop (idle grace 15 s), so the first switches start cold as a tour does.
  await new Promise((r) => setTimeout(r, 17_000));
  await page.getByRole('button', { name: '开始轮巡' }).click();
  await page.locator(`[data-tile="0"] .layer[data-role="current"][data-camera="${ids[0]}"]`).waitFor();
  await page.evaluate(TOUR_RECORDER);
  const end = Date.now() + (switches + 2) * (intervalS + 10) * 1000;
  while ((await page.evaluate<number>('window.__switchAt.length')) < switches || (await page.evaluate<number>('window.__dark.length')) < switches * 4) {
    if (Date.now() > end) throw new Error(`the tour did not switch ${switches} times`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const at = await page.evaluate<number[]>('window.__switchAt');
  const dark = await page.evaluate<number[]>('window.__dark');
  await page.getByRole('button', { name: '停止轮巡' }).click();
  return { dark, held: at.slice(1).map((t, i) => Math.max(0, t - at[i]! - intervalS * 1000)) };
}

async function tourCosts(hall: Hall, token: string, ids: number[]): Promise<void> {
  const SWITCHES = Number(process.env.BENCH_TOUR_SWITCHES ?? 4);
  // 20 s between switches of two groups: each group's relays idled 20 s > the 15 s grace, so they start cold.
  const cold = await tourSwitches(hall, token, ids, 20, false, SWITCHES);
  // 8 s: the other group's relays are still within their grace, GOP cached (the best case without warming).
  // (Its first switch meets the second group cold: left out.)
  const hot = await tourSwitches(hall, token, ids, 8, false, SWITCHES + 1);
  hot.dark = hot.dark.slice(4);
  const warm = await tourSwitches(hall, token, ids, 20, true, SWITCHES);
  const row = (label: string, d: number[], note?: string): Figure[] => [
    { name: `${label}: median`, value: percentile(d, 50), unit: 'ms', note: note ?? `${d.length} tiles` },
    { name: `${label}: p90 / worst`, value: percentile(d, 90), unit: 'ms', note: `worst ${fmt(Math.max(...d))} ms; ${d.filter((x) => x > 0).length} of ${d.length} tiles dark at all` },
  ];
  printSection('Tour switch: time a tile of the new group has no picture (4 tiles, 640×360 sub-streams)', [
    ...row('no warming, cold relays (baseline)', cold.dark),
    ...row('no warming, hot relays (GOP cached)', hot.dark),
    ...row('warmed 5 s ahead', warm.dark),
    { name: 'warmed: switch held for warming, median', value: percentile(warm.held, 50), unit: 'ms', note: `worst ${fmt(Math.max(...warm.held, 0))} ms past the 20 s schedule` },
    { name: 'no warming: switch past schedule, median', value: percentile(cold.held, 50), unit: 'ms', note: 'the tour timer alone (250 ms ticks)' },
  ]);
}

export default async function run(): Promise<void> {
  process.stdout.write(`load average before: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  const fleet = await SimFleet.start({ discovery: false, idleGraceMs: 500, cameras: [{ code: 'BENCH1', name: '基准测试', username: 'admin', password: simPassword(), ptz: false, look: 3, profiles: BENCH_PROFILES }] });
  try {
    if (PARTS.has('relays')) await part('relays', () => relayCosts(fleet));
  } finally {
    await fleet.close();
  }

  const password = 'bench-Admin-2026';
  const wallFleet = await SimFleet.start({
    discovery: false,
    // Four for the wall's tiles; eight for the tour's two groups.
    cameras: [
      ...Array.from({ length: PARTS.has('tour') ? 8 : 4 }, (_, i) => ({ code: `WALL${i + 1}`, name: `测试画面${i + 1}`, username: 'admin', password: simPassword(), ptz: false, look: i + 1 })),
      // Cameras nobody has played yet, for the cold first picture.
      ...Array.from({ length: PARTS.has('first') ? (QUICK ? 2 : 5) : 0 }, (_, i) => ({ code: `FIRST${i + 1}`, name: `首帧测试${i + 1}`, username: 'admin', password: simPassword(), ptz: false, look: 9 + i })),
      // A camera burning its frame number in, for glass-to-glass read whole.
      ...(PARTS.has('glass') ? [{ code: 'GLASS1', name: '时延测试', username: 'admin', password: simPassword(), ptz: false, look: 20, framePattern: true }] : []),
    ],
  });
  const hall = await openHall({ adminPassword: password, county: { demoSize: 'none', videoMaxRelays: 16 } });
  try {
    const login = (await (await fetch(hall.url + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) })).json()) as { token: string };
    const ids: number[] = [];
    const firstIds: number[] = [];
    let glassId: number | undefined;
    for (const [i, d] of wallFleet.devices().entries()) {
      const res = await fetch(hall.url + '/api/cameras', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
        body: JSON.stringify({ name: d.name, kind: 'city', lon: 118 + i / 1000, lat: 28, address: d.address, username: d.username, password: d.password }),
      });
      const cameraId = ((await res.json()) as CameraView).id;
      if (d.code === 'GLASS1') glassId = cameraId;
      else (d.code.startsWith('FIRST') ? firstIds : ids).push(cameraId);
    }
    await signIn(hall, password);
    if (PARTS.has('glass')) await part('glass-to-glass', () => glassToGlass(hall, wallFleet, glassId!, 'GLASS1'));
    if (PARTS.has('tiles')) await part('browser tiles', () => browserCosts(hall, ids.slice(0, 4)));
    if (PARTS.has('tour')) await part('tour switches', () => tourCosts(hall, login.token, ids));
    if (PARTS.has('first')) await part('first picture', () => firstPicture(hall, login.token, wallFleet, firstIds, wallFleet.devices().filter((d) => d.code.startsWith('FIRST')).map((d) => d.code)));
  } finally {
    await hall.close();
    await wallFleet.close();
  }
  process.stdout.write(`load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
