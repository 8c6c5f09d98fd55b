// HTTPS on the hall's LAN (issue 19): gridhall tls init makes a county CA and a server
// certificate; a server started with them answers over TLS to a client that trusts the CA,
// and is refused by one that does not.
import { request } from 'node:https';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLoopback } from '../../core/index.js';
import { initTls, trustInstructions } from '../../core/server/tls/ca.js';
import { startTestCounty } from './support.js';

function get(url: string, ca?: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, servername: 'localhost' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('gridhall tls init and --tls-cert/--tls-key', () => {
  it('serves HTTPS that a device trusting the county CA accepts and others refuse', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hardening-tls-'));
    const files = await initTls(dataDir, { names: ['127.0.0.1', 'gridhall.county.lan'], countyName: 'Qinghe' });
    expect(files.createdCa).toBe(true);
    expect(statSync(files.caKey).mode & 0o077).toBe(0); // the CA key is readable by its owner only
    expect(trustInstructions(files, 12319)).toMatch(/受信任的根证书颁发机构[\s\S]*certutil[\s\S]*Android/);
    // A second init keeps the CA (devices stay trusting) and issues a new server certificate.
    const again = await initTls(dataDir, { names: ['127.0.0.1'] });
    expect(again.createdCa).toBe(false);
    expect(again.caFingerprint).toBe(files.caFingerprint);

    const county = await startTestCounty({ dataDir, tlsCert: again.cert, tlsKey: again.key });
    try {
      expect(county.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const health = await get(`${county.url}/api/health`, readFileSync(files.caCert));
      expect(health.status).toBe(200);
      await expect(get(`${county.url}/api/health`)).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
    } finally {
      await county.stop();
    }
  });

  it('knows loopback from the hall network (plain HTTP off loopback is warned about)', () => {
    expect(['127.0.0.1', '127.0.0.2', 'localhost', '::1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '192.168.1.20', '::'].some(isLoopback)).toBe(false);
  });
});
