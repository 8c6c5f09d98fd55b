// H.265 → H.264 for the browser (issue 15, part 5), beside baselines from the same run:
//  - live: CPU of Gridhall's transcoder (ffmpeg reading the copy relay's fMP4 from its stdin,
//    ≤ 640×360, one thread each way) and of the copy relay it rides, against a bare ffmpeg that
//    pulls the same RTSP stream and transcodes it with the same encoder settings (windows
//    interleaved: transcoder, bare, transcoder, bare);
//  - playback: making the H.264 copy of a recorded H.265 segment (H264Copies) against a bare
//    ffmpeg transcoding the same file to nothing.
// One simulated H.265-only camera (sub-stream 640×360, 15 fps). % are of one core.
// Run: node --import tsx bench/video-h265.bench.ts   (BENCH_SECONDS=10 per window)
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { SimFleet, simPassword } from '../core/demo/sim/cameras/fleet.js';
import { RelayManager, transcodeArgs, withCredentials, type RelayViewer } from '../core/video/index.js';
import { H264Copies } from '../core/video/recording/h264-copies.js';
import { fmt, loadAverage, median, part, printSection, QUICK, tempDir, type Figure } from './harness.js';
import { TICKS_PER_SECOND, cpuTicks, machineTicks } from './video.bench.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 6 : 10));
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** % of one core used by some processes over a window, and by the rest of the machine. */
async function cpu(pids: () => number[]): Promise<{ pct: number; others: number }> {
  const list = pids();
  const start = list.reduce((s, p) => s + cpuTicks(p), 0);
  const m0 = machineTicks();
  const t0 = performance.now();
  await wait(SECONDS * 1000);
  const elapsed = (performance.now() - t0) / 1000;
  const used = list.reduce((s, p) => s + cpuTicks(p), 0) - start;
  const m1 = machineTicks();
  const pct = (used / TICKS_PER_SECOND / elapsed) * 100;
  const machine = ((m1.busy - m0.busy) / (m1.total - m0.total)) * os.cpus().length * 100;
  return { pct, others: Math.max(0, machine - pct) };
}

/** The encoder part of transcodeArgs (what comes after the input), for the bare baseline. */
function encoderPart(): string[] {
  const args = transcodeArgs();
  return args.slice(args.indexOf('-map'));
}

async function run(): Promise<void> {
  const fleet = await SimFleet.start({ discovery: false, idleGraceMs: 2000, cameras: [{ code: 'B265', name: 'bench', username: 'admin', password: simPassword(), ptz: false, look: 2, codec: 'h265' }] });
  const d = fleet.device('B265')!;
  const url = withCredentials(`rtsp://127.0.0.1:${fleet.rtsp.port}/B265/sub`, d.username, d.password);
  const relays = new RelayManager({ maxRelays: 8, idleGraceMs: 60_000, log: pino({ level: 'silent' }), source: async () => ({ url }), codecOf: () => 'hev1', maxTranscodes: 2 });
  const figures: Figure[] = [];
  try {
    // The copy relay alone (what recording or an H.265-capable viewer costs).
    const copy = await part('copy relay alone', async () => {
      const relay = await relays.tap(1, 'sub', { init: () => undefined, fragment: () => undefined });
      await wait(5000);
      return cpu(() => [relay.pid ?? 0]);
    });
    figures.push({ name: 'copy relay (H.265, -c copy), baseline', value: copy.pct, unit: '% core', note: `others ${fmt(copy.others, 0)} %` });

    const viewer: RelayViewer = { send: () => undefined, bufferedAmount: () => 0 };
    const ours: number[] = [];
    const bare: number[] = [];
    /** Frames a second the transcoder put out (15 when it keeps up with the camera). */
    const fps: number[] = [];
    for (let round = 0; round < 2; round++) {
      const t = await part(`Gridhall transcoder, round ${round + 1}`, async () => {
        const relay = await relays.attach(1, 'sub', viewer, true);
        await wait(5000);
        const m = await cpu(() => [relay.pid ?? 0]);
        fps.push(relay.health().fps);
        relays.detach(relay, viewer);
        relays.stopCamera(1);
        await relays.tap(1, 'sub', { init: () => undefined, fragment: () => undefined });
        return m;
      });
      ours.push(t.pct);
      figures.push({ name: `Gridhall transcoder (stdin fMP4 → H.264 ≤640×360), round ${round + 1}`, value: t.pct, unit: '% core', note: `others ${fmt(t.others, 0)} %` });
      const b = await part(`bare ffmpeg transcode, round ${round + 1}`, async () => {
        const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-rtsp_transport', 'tcp', '-threads', '1', '-i', url, ...encoderPart().slice(0, -5), '-f', 'null', '-'], { stdio: 'ignore' });
        await wait(5000);
        const m = await cpu(() => [child.pid ?? 0]);
        child.kill('SIGKILL');
        return m;
      });
      bare.push(b.pct);
      figures.push({ name: `bare ffmpeg (RTSP → same x264 settings → null), round ${round + 1}`, value: b.pct, unit: '% core', note: `others ${fmt(b.others, 0)} %` });
    }
    figures.push({ name: 'transcoder output (camera: 15 fps)', value: median(fps), unit: 'fps' });
    figures.push({ name: 'transcoder ÷ bare ffmpeg (median)', value: median(ours) / median(bare), unit: '×', digits: 2 });
    figures.push({ name: '(transcoder + copy relay) ÷ bare ffmpeg', value: (median(ours) + copy.pct) / median(bare), unit: '×', digits: 2 });

    // Playback: the H.264 copy of a recorded H.265 segment.
    const tmp = tempDir('gridhall-bench-h265-');
    try {
      const segment = path.join(tmp.dir, 'segment.mp4');
      // (not spawnSync: the simulated camera's RTSP server runs in this process)
      await part('recording a 20 s H.265 segment', () => {
        const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-rtsp_transport', 'tcp', '-i', url, '-t', QUICK ? '10' : '20', '-map', '0:v:0', '-c:v', 'copy', '-f', 'mp4', '-movflags', 'frag_keyframe+empty_moov+default_base_moof', segment], { stdio: 'ignore' });
        return new Promise((resolve) => child.on('close', resolve));
      });
      const copies: number[] = [];
      const bares: number[] = [];
      await part('playback copies', async () => {
        for (let round = 0; round < 3; round++) {
          const cache = new H264Copies(path.join(tmp.dir, `data-${round}`));
          let t0 = performance.now();
          await cache.copy(segment, 'seg');
          copies.push(performance.now() - t0);
          t0 = performance.now();
          spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-threads', '1', '-i', segment, ...encoderPart().slice(0, -5), '-f', 'null', '-']);
          bares.push(performance.now() - t0);
        }
      });
      figures.push({ name: `H.264 copy of a ${QUICK ? 10 : 20} s H.265 segment (H264Copies), median of 3`, value: median(copies), unit: 'ms' });
      figures.push({ name: 'bare ffmpeg transcode of the same file to null, median of 3', value: median(bares), unit: 'ms' });
      figures.push({ name: 'copy ÷ bare', value: median(copies) / median(bares), unit: '×', digits: 2 });
    } finally {
      tmp.cleanup();
    }
  } finally {
    relays.close();
    await fleet.close();
  }
  printSection(`H.265 → H.264 (${loadAverage()})`, figures);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
