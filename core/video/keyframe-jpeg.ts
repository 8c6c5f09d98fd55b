// One keyframe to one JPEG, when a snapshot is asked for: the relay keeps its newest keyframe
// as fMP4 (init segment + the keyframe's fragment) and a short ffmpeg decodes just that frame.
// About 0.1 s of one core per snapshot instead of decoding every keyframe all the time.
import { spawn } from 'node:child_process';
import { JpegReader } from './fmp4.js';

export function keyframeJpeg(init: Buffer, fragment: Buffer, timeoutMs = 8000): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const child = spawn(
      'ffmpeg',
      ['-hide_banner', '-loglevel', 'error', '-nostdin', '-f', 'mp4', '-i', 'pipe:0', '-frames:v', '1', '-c:v', 'mjpeg', '-q:v', '4', '-f', 'image2pipe', 'pipe:1'],
      { stdio: ['pipe', 'pipe', 'ignore'] },
    );
    const reader = new JpegReader();
    let jpeg: Buffer | null = null;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    timer.unref();
    child.stdout.on('data', (chunk: Buffer) => {
      jpeg ??= reader.push(chunk)[0] ?? null;
    });
    child.on('error', () => undefined);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(jpeg);
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(Buffer.concat([init, fragment]));
  });
}
