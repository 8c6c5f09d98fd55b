// Sequential reads of a large file in big synchronous chunks: one system call per few
// megabytes instead of one promise per record. Shapefile and dBASE readers walk it.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const CHUNK = 4 * 1024 * 1024;

export class ChunkedFile {
  readonly size: number;
  private readonly fd: number;
  private buffer = Buffer.alloc(0);
  /** File offset of buffer[0]. */
  private bufferStart = 0;
  /** Next byte to hand out (file offset). */
  position = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r');
    this.size = fstatSync(this.fd).size;
  }

  /** Reads `length` bytes at an absolute offset (headers). */
  readAt(offset: number, length: number): Buffer {
    const out = Buffer.alloc(length);
    const n = readSync(this.fd, out, 0, length, offset);
    return n === length ? out : out.subarray(0, n);
  }

  seek(offset: number): void {
    this.position = offset;
    if (offset < this.bufferStart || offset > this.bufferStart + this.buffer.length) {
      this.buffer = Buffer.alloc(0);
      this.bufferStart = offset;
    }
  }

  /**
   * The next `length` bytes as a view valid until the next call, or a shorter view at the
   * end of the file (the caller reports truncation).
   */
  take(length: number): Buffer {
    const endWanted = this.position + length;
    if (endWanted > this.bufferStart + this.buffer.length) this.fill(length);
    const from = this.position - this.bufferStart;
    const available = Math.min(length, this.buffer.length - from);
    this.position += Math.max(available, 0);
    return this.buffer.subarray(from, from + Math.max(available, 0));
  }

  private fill(minimum: number): void {
    const keepFrom = this.position - this.bufferStart;
    const rest = this.buffer.subarray(Math.max(keepFrom, 0));
    const size = Math.max(CHUNK, minimum + rest.length);
    const next = Buffer.allocUnsafe(size);
    rest.copy(next, 0);
    let filled = rest.length;
    const readFrom = this.position + rest.length;
    while (filled < size) {
      const n = readSync(this.fd, next, filled, size - filled, readFrom + (filled - rest.length));
      if (n === 0) break;
      filled += n;
    }
    this.buffer = next.subarray(0, filled);
    this.bufferStart = this.position;
  }

  close(): void {
    closeSync(this.fd);
  }
}
