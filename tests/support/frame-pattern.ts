// Reads the simulated cameras' frame-number strip (core/demo/sim/cameras/picture.ts,
// FRAME_PATTERN) from a video file with ffmpeg: the frame number of every frame, in order.
import { spawn } from 'node:child_process';
import { FRAME_PATTERN } from '../../core/demo/sim/cameras/picture.js';

export function frameNumbers(file: string, width = 640, height = 360): Promise<number[]> {
  const p = FRAME_PATTERN;
  const x = width - p.right;
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', file, '-vf', `format=gray,crop=1:${height}:${x}:0`, '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`ffmpeg: ${err.trim()}`));
      const column = Buffer.concat(chunks);
      const out: number[] = [];
      for (let f = 0; f + height <= column.length; f += height) {
        let n = 0;
        for (let k = 0; k < p.bits; k++) if (column[f + p.top + p.pitch * k + p.size / 2]! > 128) n += 2 ** k;
        out.push(n);
      }
      resolve(out);
    });
  });
}
