// A taken port fails `gridhall serve` at once (issue 20): the port is checked before the
// database is opened or a demo county is built, and the message names the port and what to do.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'gridhall-port-taken-'));
let holder: net.Server;
let port = 0;

beforeAll(async () => {
  // Another program on the port (any free one, so parallel runs do not collide).
  holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  port = (holder.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => holder.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

describe('gridhall serve on a taken port', () => {
  it('stops before building the demo county, saying which port is taken', async () => {
    const data = path.join(scratch, 'county');
    const env: NodeJS.ProcessEnv = { ...process.env, GRIDHALL_NO_ELECTRON: '1', GRIDHALL_DATA: '' };
    const child = spawn(
      process.execPath,
      [path.join(root, 'bin', 'gridhall.mjs'), 'serve', '--port', String(port), '--host', '127.0.0.1', '--data', data, '--demo-size', 'full', '--mqtt-port', 'off', '--jt808-port', 'off', '--no-simulate'],
      { cwd: root, env, timeout: 120_000 },
    );
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, err).toBe(2);
    expect(err).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    expect(err).toContain(`端口 ${port} 已被占用`);
    // Nothing was built: no database in the data folder.
    expect(existsSync(path.join(data, 'gridhall.db'))).toBe(false);
  });
});
