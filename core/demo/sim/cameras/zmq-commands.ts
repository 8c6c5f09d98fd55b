// Commands to a running ffmpeg's filters through its `zmq` filter: a minimal ZeroMQ REQ
// client (ZMTP 3.0, NULL security) over TCP on loopback. The simulator pans its picture this
// way ("crop@ptz x 320"); ffmpeg's stdin commands take one key per 100 ms, too slow to steer.
// There is no pure-JS zeromq package, and the native one would add a build step for 60 lines.
import net from 'node:net';

/** The 64-byte ZMTP 3.0 greeting: signature, version 3.0, mechanism NULL, as-server 0. */
function greeting(): Buffer {
  const g = Buffer.alloc(64);
  g[0] = 0xff;
  g[9] = 0x7f;
  g[10] = 3;
  g[11] = 0;
  g.write('NULL', 12, 'ascii');
  return g;
}

function frame(body: Buffer, flags: number): Buffer {
  if (body.length > 255) {
    const head = Buffer.alloc(9);
    head[0] = flags | 0x02;
    head.writeBigUInt64BE(BigInt(body.length), 1);
    return Buffer.concat([head, body]);
  }
  return Buffer.concat([Buffer.from([flags, body.length]), body]);
}

function readyCommand(): Buffer {
  const name = Buffer.from('Socket-Type');
  const value = Buffer.from('REQ');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(value.length);
  return frame(Buffer.concat([Buffer.from([5]), Buffer.from('READY'), Buffer.from([name.length]), name, length, value]), 0x04);
}

export class ZmqCommandClient {
  private socket: net.Socket | null = null;
  private buffer = Buffer.alloc(0);
  private greeted = false;
  private parts: Buffer[] = [];
  private readonly pending: { resolve: (reply: string) => void; reject: (error: Error) => void }[] = [];
  private closed = false;

  constructor(private readonly port: number) {}

  /** Connects, retrying while ffmpeg is still starting its filter graph. */
  async connect(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.tryConnect();
        return;
      } catch (error) {
        if (this.closed || Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  private tryConnect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(this.port, '127.0.0.1');
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        this.socket = socket;
        socket.setNoDelay(true);
        socket.on('data', (chunk) => this.feed(chunk));
        socket.on('error', () => socket.destroy());
        socket.on('close', () => this.failAll(new Error('ffmpeg closed its command socket')));
        socket.write(greeting());
        socket.write(readyCommand());
        resolve();
      });
    });
  }

  /** Sends "<target> <command> <arg>"; resolves with ffmpeg's reply ("0 Success", or an error code and text). */
  send(command: string): Promise<string> {
    if (!this.socket || this.socket.destroyed) return Promise.reject(new Error('not connected'));
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket!.write(Buffer.concat([frame(Buffer.alloc(0), 0x01), frame(Buffer.from(command, 'utf8'), 0x00)]));
    });
  }

  close(): void {
    this.closed = true;
    this.socket?.destroy();
    this.socket = null;
  }

  private failAll(error: Error): void {
    for (const p of this.pending.splice(0)) p.reject(error);
  }

  private feed(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    if (!this.greeted) {
      if (this.buffer.length < 64) return;
      this.buffer = this.buffer.subarray(64);
      this.greeted = true;
    }
    for (;;) {
      if (this.buffer.length < 2) return;
      const flags = this.buffer[0]!;
      const long = (flags & 0x02) !== 0;
      const headLength = long ? 9 : 2;
      if (this.buffer.length < headLength) return;
      const size = long ? Number(this.buffer.readBigUInt64BE(1)) : this.buffer[1]!;
      if (this.buffer.length < headLength + size) return;
      const body = this.buffer.subarray(headLength, headLength + size);
      this.buffer = this.buffer.subarray(headLength + size);
      if (flags & 0x04) continue; // a command (READY): nothing to do
      if (flags & 0x01) {
        if (body.length > 0) this.parts.push(Buffer.from(body)); // the empty delimiter is dropped
        continue;
      }
      this.parts.push(Buffer.from(body));
      const reply = Buffer.concat(this.parts).toString('utf8');
      this.parts = [];
      this.pending.shift()?.resolve(reply);
    }
  }
}
