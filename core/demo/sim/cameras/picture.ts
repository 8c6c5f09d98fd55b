// What a simulated camera sees and how it is encoded: a wide scene (a Mandelbrot view with a
// grid, rendered once per look and cached), the PTZ window cropped from it, the camera's name,
// a running clock and the PTZ readout burned in, then H.264 from ffmpeg's libx264 (or H.265
// from libx265, for a camera that offers only H.265, as many county cameras do).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { positionLabel, viewWindow, type PtzPosition } from './ptz.js';

/** The burned-in clock shows China Standard Time, as the county's cameras would (POSIX TZ, no tzdata needed). */
/** The zone of the burned-in clock unless the camera is given the county's (IANA; ffmpeg's localtime reads TZ). */
export const CAMERA_TZ = 'Asia/Shanghai';
export const SCENE_WIDTH = 1920;
export const SCENE_HEIGHT = 1080;

/** Views of the Mandelbrot set that make distinct, smooth pictures (x, y, scale). */
const LOOKS: readonly [number, number, number][] = [
  [-0.75, 0.1, 0.9],
  [-0.16, 1.04, 0.12],
  [-1.25, 0.02, 0.2],
  [0.28, 0.01, 0.1],
  [-0.745, 0.186, 0.05],
  [-1.77, 0.0, 0.06],
  [0.36, -0.1, 0.3],
  [-0.1, 0.65, 0.25],
];
export const LOOK_COUNT = LOOKS.length * 2;

export interface StreamProfile {
  token: 'main' | 'sub';
  name: string;
  width: number;
  height: number;
  fps: number;
  kbps: number;
  /** What the encoder makes; H264 when absent. */
  encoding?: 'H264' | 'H265';
}

/** Main stream 1280×720 at 25 fps; sub-stream 640×360 at 15 fps (what wall tiles play). */
export const DEFAULT_PROFILES: readonly StreamProfile[] = [
  { token: 'main', name: 'MainStream', width: 1280, height: 720, fps: 25, kbps: 1500 },
  { token: 'sub', name: 'SubStream', width: 640, height: 360, fps: 15, kbps: 400 },
];

/** The same two profiles in H.265 only (an H.265-only camera: nothing the browser can play as it comes). */
export const H265_PROFILES: readonly StreamProfile[] = DEFAULT_PROFILES.map((p) => ({ ...p, encoding: 'H265' as const, kbps: Math.round(p.kbps * 0.6) }));

export function sceneDir(): string {
  return path.join(os.tmpdir(), 'gridhall-sim-scenes');
}

/** Runs ffmpeg to the end; rejects with its last error lines. */
export function runFfmpeg(args: string[], stdin?: Buffer, env?: NodeJS.ProcessEnv): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: env ?? process.env });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`ffmpeg exited with ${code}: ${err.trim()}`))));
    child.stdin.end(stdin);
  });
}

const rendering = new Map<number, Promise<string>>();

/** The scene PNG of a look (0..LOOK_COUNT-1), rendered on first use. */
export function ensureScene(look: number): Promise<string> {
  const index = ((look % LOOK_COUNT) + LOOK_COUNT) % LOOK_COUNT;
  const file = path.join(sceneDir(), `scene-v1-${index}.png`);
  if (existsSync(file)) return Promise.resolve(file);
  let pending = rendering.get(index);
  if (!pending) {
    const [x, y, scale] = LOOKS[index % LOOKS.length]!;
    const hue = index >= LOOKS.length ? 180 : 0;
    mkdirSync(sceneDir(), { recursive: true });
    const partial = `${file}.${process.pid}.tmp.png`;
    pending = runFfmpeg([
      '-f', 'lavfi',
      '-i', `mandelbrot=s=${SCENE_WIDTH}x${SCENE_HEIGHT}:start_scale=${scale}:end_scale=${scale}:start_x=${x}:start_y=${y}:maxiter=120:outer=normalized_iteration_count`,
      '-vf', `hue=h=${hue + index * 23},drawgrid=w=160:h=90:t=1:c=white@0.3,drawgrid=w=480:h=270:t=3:c=white@0.6`,
      '-frames:v', '1', '-y', partial,
    ])
      .then(() => {
        renameSync(partial, file);
        return file;
      })
      .finally(() => rendering.delete(index));
    rendering.set(index, pending);
  }
  return pending;
}

/** A free loopback TCP port (for ffmpeg's command socket). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Writes the camera's name where drawtext reads it (no escaping of Chinese or quotes needed). */
export function writeNameFile(dir: string, key: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${key.replace(/[^A-Za-z0-9_-]/g, '_')}.txt`);
  writeFileSync(file, text);
  return file;
}

const escapePath = (p: string) => p.replace(/\\/g, '/').replace(/[:']/g, (c) => `\\\\${c}`);

/**
 * The filter graph from the scene to the burned-in picture. With a command port, a `zmq`
 * filter listens there so the PTZ head can move the crop and rewrite the readout.
 */
export interface PictureOptions {
  scene: string;
  nameFile: string;
  profile: StreamProfile;
  position: PtzPosition;
  /** A PTZ camera shows where it points. */
  ptz: boolean;
  /** Also burn in the frame number as blocks (FRAME_PATTERN). */
  framePattern?: boolean;
  /** The burned-in clock's zone (the county's); CAMERA_TZ when absent. */
  timeZone?: string;
}

/**
 * The frame number as a machine-readable strip on the right edge, for tests that read it from
 * pixels: 16 blocks top to bottom, bit 0 first, white for 1 on a black band. Block k's centre is
 * at x = width − 12, y = 40 + 14·k + 5 (any picture of at least 640×360).
 */
export const FRAME_PATTERN = { bits: 16, right: 12, top: 40, pitch: 14, size: 10 } as const;

function framePatternFilters(): string[] {
  const p = FRAME_PATTERN;
  const x = `iw-${p.right + p.size / 2}`;
  return [
    `drawbox=x=${x}-3:y=${p.top - 3}:w=${p.size + 6}:h=${p.pitch * p.bits + 2}:color=black:t=fill`,
    ...Array.from({ length: p.bits }, (_, k) => `drawbox=x=${x}:y=${p.top + p.pitch * k}:w=${p.size}:h=${p.size}:color=white:t=fill:enable='mod(floor(n/${2 ** k}),2)'`),
  ];
}

export function pictureFilters(options: PictureOptions & { commandPort?: number }): string {
  const { profile, position } = options;
  const win = viewWindow(position, SCENE_WIDTH, SCENE_HEIGHT);
  const big = Math.max(14, Math.round(profile.height / 16));
  const small = Math.max(12, Math.round(profile.height / 22));
  const box = `box=1:boxcolor=black@0.55:boxborderw=${Math.round(big / 4)}`;
  const mono = "font='DejaVu Sans Mono'";
  return [
    `movie=filename=${escapePath(options.scene)},loop=loop=-1:size=1:start=0,setpts=N/(${profile.fps}*TB)`,
    ...(options.commandPort ? [`zmq=bind_address=tcp\\\\://127.0.0.1\\\\:${options.commandPort}`] : []),
    `crop@ptz=w=${win.w}:h=${win.h}:x=${win.x}:y=${win.y}`,
    `scale=${profile.width}:${profile.height}:flags=bilinear`,
    'setsar=1',
    // Camera OSD: the clock top left; the frame number top right with the PTZ readout under it; the name bottom left.
    `drawtext=${mono}:text='%{localtime\\:%Y-%m-%d %X}':x=${big}:y=${Math.round(big / 2)}:fontsize=${big}:fontcolor=white:${box}`,
    `drawtext=${mono}:text='F %{n}':x=w-tw-${big}:y=${Math.round(big / 2)}:fontsize=${small}:fontcolor=white:${box}`,
    ...(options.ptz ? [`drawtext@ptz=${mono}:text='${positionLabel(position)}':x=w-tw-${big}:y=${Math.round(big / 2 + small * 1.9)}:fontsize=${small}:fontcolor=yellow:${box}`] : []),
    `drawtext=font='Noto Sans CJK SC':textfile=${escapePath(options.nameFile)}:x=${big}:y=h-th-${Math.round(big / 2)}:fontsize=${big}:fontcolor=white:${box}`,
    ...(options.framePattern ? framePatternFilters() : []),
  ].join(',');
}

/** The commands that move a running encoder's picture to a position (the readout quoted: it has spaces). */
export function positionCommands(position: PtzPosition): string[] {
  const win = viewWindow(position, SCENE_WIDTH, SCENE_HEIGHT);
  return [`crop@ptz w ${win.w}`, `crop@ptz h ${win.h}`, `crop@ptz x ${win.x}`, `crop@ptz y ${win.y}`, `drawtext@ptz reinit text='${positionLabel(position)}'`];
}

/** The encoder of a profile: x264, or x265 on one thread with closed GOPs (every keyframe an IDR a player can start at). */
function codecArgs(profile: StreamProfile, gop: string): string[] {
  if (profile.encoding === 'H265') {
    const params = [`keyint=${gop}`, `min-keyint=${gop}`, 'scenecut=0', 'open-gop=0', 'bframes=0', 'repeat-headers=1', 'pools=1', 'frame-threads=1', 'log-level=error'];
    return ['-c:v', 'libx265', '-preset', 'ultrafast', '-tune', 'zerolatency', '-x265-params', params.join(':'), '-pix_fmt', 'yuv420p'];
  }
  return ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p', '-g', gop, '-keyint_min', gop, '-sc_threshold', '0'];
}

/** ffmpeg arguments of an encoder publishing one profile to an RTSP URL. */
export function encoderArgs(filters: string, profile: StreamProfile, publishUrl: string): string[] {
  const gop = String(profile.fps); // one keyframe a second: a new viewer never waits long
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-re', '-f', 'lavfi', '-i', filters,
    '-r', String(profile.fps),
    ...codecArgs(profile, gop),
    '-b:v', `${profile.kbps}k`, '-maxrate', `${profile.kbps}k`, '-bufsize', `${profile.kbps}k`,
    '-f', 'rtsp', '-rtsp_transport', 'tcp', publishUrl,
  ];
}

/** One still of the camera's current picture, as a JPEG (what its snapshot URL serves). */
export async function renderStill(options: PictureOptions): Promise<Buffer> {
  return runFfmpeg(['-f', 'lavfi', '-i', pictureFilters(options), '-frames:v', '1', '-c:v', 'mjpeg', '-q:v', '3', '-f', 'image2pipe', 'pipe:1'], undefined, { ...process.env, TZ: options.timeZone ?? CAMERA_TZ });
}
