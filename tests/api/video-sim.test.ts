// The simulated cameras as any ONVIF client meets them: node-onvif (what Gridhall uses) and
// the independent `onvif` package read their profiles, stream and snapshot URIs and steer PTZ;
// ffmpeg plays the RTSP stream; WS-Discovery finds them on loopback; a PTZ move changes the
// picture; encoders run only while someone reads; `gridhall sim cameras` prints usable devices.
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import nodeOnvif from 'node-onvif';
import { Cam } from 'onvif/promises/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverCameras } from '../../core/video/discovery.js';
import { SimFleet, simPassword } from '../../core/demo/sim/cameras/fleet.js';
import { until } from '../support/until.js';

const run = promisify(execFile);
/** The onvif package's promise API, loosely typed (its typings drop the options of overloaded calls). */
type OnvifCam = Record<'connect' | 'getProfiles' | 'getVideoSources' | 'getStreamUri' | 'getSnapshotUri' | 'continuousMove' | 'stop' | 'setPreset' | 'getPresets', (options?: object) => Promise<unknown>>;
const onvifCam = (options: ConstructorParameters<typeof Cam>[0]) => new Cam(options) as unknown as OnvifCam;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let fleet: SimFleet;

beforeAll(async () => {
  fleet = await SimFleet.start({
    idleGraceMs: 300,
    cameras: [
      { code: 'T0001', name: '人民路与解放路交叉口', username: 'admin', password: simPassword(), ptz: true, look: 1 },
      { code: 'T0002', name: '东门菜市场', username: 'operator', password: simPassword(), ptz: false, look: 2 },
    ],
  });
});

afterAll(async () => {
  await fleet?.close();
});

const device = (code: string) => fleet.device(code)!;

/** A JPEG as 64×36 grey pixels (ffmpeg decodes it). */
async function grey(jpeg: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-v', 'error', '-i', 'pipe:0', '-vf', 'scale=64:36', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1']);
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`ffmpeg ${code}`))));
    child.stdin.end(jpeg);
  });
}

/** Mean difference of the middle band of two pictures (the OSD text lives in the top and bottom bands). */
function middleDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  let n = 0;
  for (let y = 8; y < 28; y++) {
    for (let x = 0; x < 64; x++) {
      sum += Math.abs(a[y * 64 + x]! - b[y * 64 + x]!);
      n++;
    }
  }
  return sum / n;
}


describe('a simulated camera read by node-onvif', () => {
  it('gives its device information, both profiles with RTSP URIs, and a JPEG snapshot', async () => {
    const d = device('T0001');
    const camera = new nodeOnvif.OnvifDevice({ xaddr: d.address, user: d.username, pass: d.password });
    const info = await camera.init();
    expect(info).toMatchObject({ Manufacturer: 'Gridhall Simulated', Model: 'SimCam-PTZ', SerialNumber: 'T0001' });
    const profiles = camera.getProfileList();
    expect(profiles.map((p) => [p.token, p.video.encoder?.resolution.width, p.video.encoder?.encoding])).toEqual([
      ['main', 1280, 'H264'],
      ['sub', 640, 'H264'],
    ]);
    expect(profiles[1]!.stream.rtsp).toBe(`rtsp://127.0.0.1:${fleet.rtsp.port}/T0001/sub`);
    expect(camera.services.ptz).not.toBeNull();
    const snapshot = await camera.fetchSnapshot();
    expect(snapshot.headers['content-type']).toBe('image/jpeg');
    expect([...snapshot.body.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  });

  it('refuses wrong credentials with a SOAP fault, and says no PTZ where there is none', async () => {
    const d = device('T0002');
    await expect(new nodeOnvif.OnvifDevice({ xaddr: d.address, user: d.username, pass: 'wrong' }).init()).rejects.toThrow(/not authorized/i);
    const camera = new nodeOnvif.OnvifDevice({ xaddr: d.address, user: d.username, pass: d.password });
    await camera.init();
    expect(camera.services.ptz).toBeNull();
  });
});

describe('a simulated camera read by the independent onvif package', () => {
  it('connects, lists profiles and video sources, and gives stream and snapshot URIs', async () => {
    const d = device('T0001');
    const url = new URL(d.address);
    const cam = onvifCam({ hostname: url.hostname, port: Number(url.port), path: url.pathname, username: d.username, password: d.password, autoconnect: false });
    await cam.connect();
    const profiles = (await cam.getProfiles()) as { $: { token: string } }[];
    expect(profiles.map((p) => p.$.token)).toEqual(['main', 'sub']);
    const sources = (await cam.getVideoSources()) as { $: { token: string } } | { $: { token: string } }[];
    expect([sources].flat().map((s) => s.$.token)).toEqual(['vs0']);
    const stream = (await cam.getStreamUri({ protocol: 'RTSP', profileToken: 'sub' })) as { uri: string };
    expect(stream.uri).toBe(`rtsp://127.0.0.1:${fleet.rtsp.port}/T0001/sub`);
    const snapshot = (await cam.getSnapshotUri({ profileToken: 'main' })) as { uri: string };
    expect(snapshot.uri).toMatch(/\/onvif\/snapshot\?profile=main$/);
  });

  it('steers PTZ and keeps a preset', async () => {
    const d = device('T0001');
    const url = new URL(d.address);
    const cam = onvifCam({ hostname: url.hostname, port: Number(url.port), username: d.username, password: d.password, autoconnect: false });
    await cam.connect();
    const head = fleet.camera('T0001')!.head;
    const before = head.current.pan;
    await cam.continuousMove({ profileToken: 'main', x: 0.8, y: 0, zoom: 0 });
    await until(() => head.current.pan, (pan) => pan > before + 0.1, 'the head to pan');
    await cam.stop({ profileToken: 'main' });
    expect(head.moving).toBe(false);
    await cam.setPreset({ profileToken: 'main', presetName: 'gate' });
    const presets = (await cam.getPresets({ profileToken: 'main' })) as Record<string, string>;
    expect(Object.keys(presets)).toContain('gate');
  });
});

describe('the RTSP stream', () => {
  it('plays over TCP with the camera credentials, refuses without them, and stops its encoder when nobody reads', async () => {
    const d = device('T0002');
    const authed = `rtsp://${d.username}:${d.password}@127.0.0.1:${fleet.rtsp.port}/T0002/sub`;
    const { stdout } = await run('ffprobe', ['-v', 'error', '-rtsp_transport', 'tcp', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', authed], { timeout: 30_000 });
    expect(JSON.parse(stdout).streams).toEqual([{ codec_name: 'h264', width: 640, height: 360 }]);
    await expect(run('ffprobe', ['-v', 'error', '-rtsp_transport', 'tcp', `rtsp://127.0.0.1:${fleet.rtsp.port}/T0002/sub`], { timeout: 30_000 })).rejects.toThrow(/401/);
    // The encoder ran for the reader, and stops after the grace once nobody reads.
    expect(fleet.camera('T0002')!.encoderStarts).toBeGreaterThan(0);
    await until(() => fleet.runningEncoders(), (n) => n === 0, 'the encoders to stop');
  });

  it('answers 404 for a path no camera has', async () => {
    const d = device('T0002');
    await expect(run('ffprobe', ['-v', 'error', '-rtsp_transport', 'tcp', `rtsp://${d.username}:${d.password}@127.0.0.1:${fleet.rtsp.port}/T0002/nothing`], { timeout: 30_000 })).rejects.toThrow(/404/);
  });
});

describe('the picture', () => {
  it('changes when the camera pans, and stays the same when it does not', async () => {
    const camera = fleet.camera('T0001')!;
    const first = await grey(await camera.snapshot('sub'));
    const again = await grey(await camera.snapshot('sub'));
    const still = middleDifference(first, again);
    camera.head.absoluteMove({ pan: camera.head.current.pan > 0 ? -0.8 : 0.8 });
    await until(() => camera.head.moving, (moving) => !moving, 'the move to end');
    const moved = middleDifference(first, await grey(await camera.snapshot('sub')));
    expect(still).toBeLessThan(2);
    expect(moved).toBeGreaterThan(10);
  });
});

describe('WS-Discovery on loopback', () => {
  it('finds every simulated camera from the loopback interface', async () => {
    const found = await discoverCameras('127.0.0.1', 1500);
    const addresses = found.map((m) => m.address);
    for (const d of fleet.devices()) expect(addresses).toContain(d.address);
    expect(found.find((m) => m.address === device('T0002').address)?.name).toBe('东门菜市场');
  });
});

describe('gridhall sim cameras', () => {
  it('prints a JSON array of devices an ONVIF client can use, and serves until stopped', async () => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'gridhall.mjs'), 'sim', 'cameras', '--count', '2', '--json', '--no-discovery'], {
      env: { ...process.env, GRIDHALL_FROM_SOURCE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const line = await until(() => out, (text) => text.includes('\n'), 'the device list', 60_000);
      const devices = JSON.parse(line.trim()) as { name: string; address: string; username: string; password: string }[];
      expect(devices).toHaveLength(2);
      expect(Object.keys(devices[0]!).sort()).toEqual(['address', 'name', 'password', 'username']);
      const camera = new nodeOnvif.OnvifDevice({ xaddr: devices[0]!.address, user: devices[0]!.username, pass: devices[0]!.password });
      expect(await camera.init()).toMatchObject({ Manufacturer: 'Gridhall Simulated' });
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  });
});
