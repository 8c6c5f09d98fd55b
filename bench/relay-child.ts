// One Gridhall relay in a process of its own, for video.bench.ts: the relay's CPU is then this
// process (its Node work: reading fMP4, cutting fragments, fanning out, the keyframe kept)
// plus its ffmpeg, and nothing of the bench's or the simulated cameras' work.
// Run by the bench (child_process.fork): argv = rtsp URL, stream kind. Answers 'health' on IPC.
import type { StreamKind } from '../core/contract/index.js';
import { silentLogger } from '../core/runtime/log.js';
import { Relay } from '../core/video/relay.js';

const [url, stream] = process.argv.slice(2) as [string, StreamKind];
let bytes = 0;
let messages = 0;
const relay = new Relay({ cameraId: 1, stream, url: async () => url, log: silentLogger });
// A viewer as a socket: takes every message (a real socket would copy it to the kernel).
relay.addViewer({
  send: (m) => {
    messages++;
    bytes += typeof m === 'string' ? 0 : m.length;
  },
  bufferedAmount: () => 0,
});
process.on('message', (m) => {
  if (m === 'health') process.send?.({ health: relay.health(), bytes, messages, ffmpeg: relay.pid ?? null });
  if (m === 'stop') {
    relay.stop();
    setTimeout(() => process.exit(0), 100);
  }
});
process.send?.({ ready: true });
