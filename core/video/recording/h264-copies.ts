// H.264 copies of recorded H.265 files for a browser that cannot decode H.265: made when the
// player (or the case view) asks, one ffmpeg at a time, kept in <data>/cache/h264 and trimmed
// oldest first past a size. The recording itself stays H.265 as it came.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { fileTranscodeArgs } from '../index.js';

/** The cache holds at most this much. */
const CACHE_BYTES = 512 * 1024 * 1024;

export class H264Copies {
  private readonly pending = new Map<string, Promise<string>>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly dir: string;

  constructor(dataDir: string, private readonly cacheBytes = CACHE_BYTES) {
    this.dir = path.join(dataDir, 'cache', 'h264');
  }

  /** The H.264 copy of a file (made now, or from the cache); `key` names it (e.g. seg-12). */
  copy(source: string, key: string): Promise<string> {
    const target = path.join(this.dir, `${key}.mp4`);
    try {
      if (statSync(target).mtimeMs >= statSync(source).mtimeMs) return Promise.resolve(target);
    } catch {
      // not made yet (or the source is still being written: made again)
    }
    let job = this.pending.get(key);
    if (!job) {
      // One transcoder at a time: a player asking for several segments does not take both cores.
      job = this.queue.then(() => this.make(source, target)).finally(() => this.pending.delete(key));
      this.queue = job.catch(() => undefined);
      this.pending.set(key, job);
    }
    return job;
  }

  /** Forgets the copy of a file that is gone (retention). */
  drop(key: string): void {
    try {
      unlinkSync(path.join(this.dir, `${key}.mp4`));
    } catch {
      // none was made
    }
  }

  private make(source: string, target: string): Promise<string> {
    mkdirSync(this.dir, { recursive: true });
    const partial = `${target}.${process.pid}.part`;
    return new Promise((resolve, reject) => {
      const child = spawn('ffmpeg', fileTranscodeArgs(source, partial), { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0) {
          try {
            unlinkSync(partial);
          } catch {
            // nothing written
          }
          reject(new Error(`The recording could not be turned into H.264: ${stderr.trim().split('\n').pop() ?? `ffmpeg exited with ${code}`} (录像转码失败)`));
          return;
        }
        renameSync(partial, target);
        this.trim();
        resolve(target);
      });
    });
  }

  private trim(): void {
    const files = readdirSync(this.dir)
      .filter((f) => f.endsWith('.mp4'))
      .map((f) => {
        const s = statSync(path.join(this.dir, f));
        return { f, bytes: s.size, at: s.mtimeMs };
      })
      .sort((a, b) => b.at - a.at);
    let total = 0;
    for (const file of files) {
      total += file.bytes;
      if (total > this.cacheBytes) this.drop(file.f.slice(0, -4));
    }
  }
}
