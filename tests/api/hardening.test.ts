// Issue 19's findings, one test each: what a penetration tester found, now refused the right way.
import { request as httpRequest } from 'node:http';
import { mkdtempSync, readdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/runtime/clock.js';
import { seedIntakeCounty, pointIn } from '../support/intake-county.js';
import { jpegBytes, reportForm } from '../support/intake-http.js';
import { makePng } from '../support/png.js';
import { ADMIN_PASSWORD, startTestCounty, type TestCounty } from './support.js';

const NOW = Date.parse('2026-11-18T10:00:00+08:00');
let county: TestCounty;
let admin: string;
let acceptor: string;
let inspector: string;
let open311Key: string;
const here = pointIn(1, 1);

beforeAll(async () => {
  county = await startTestCounty({ clock: new ManualClock(NOW) });
  await seedIntakeCounty(county.server.county.db, ADMIN_PASSWORD, NOW - 86_400_000);
  admin = await county.login();
  acceptor = await county.login('acceptor1');
  inspector = await county.login('inspector01');
  open311Key = (await county.call<{ key: string }>('POST', '/api/admin/channel-keys', { token: admin, body: { name: 'app', scope: 'open311' } })).body.key;
});

afterAll(async () => {
  await county.stop();
});

const count = async (table: string) => (await county.server.county.db.statement<{ n: number }>(`hardening.count.${table}`, `SELECT count(*) AS n FROM ${table}`).get())!.n;

/** A POST from a chosen loopback source address (127.0.0.x), as a second machine would send it. */
function postFrom(localAddress: string, route: string, body: unknown): Promise<{ status: number; body: { error?: string; token?: string }; retryAfter?: string }> {
  const url = new URL(county.url + route);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || 'null') as never, retryAfter: res.headers['retry-after'] as string | undefined }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('finding 1: a malformed multipart body is 400, never 500', () => {
  const bodies: [string, string, string][] = [
    ['no boundary', 'multipart/form-data', 'x'],
    ['a wrong boundary', 'multipart/form-data; boundary=abc', '--zzz\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--zzz--\r\n'],
    ['a truncated body', 'multipart/form-data; boundary=abc', '--abc\r\nContent-Disposition: form-data; name="description"\r\n\r\n垃圾'],
    ['a truncated file', 'multipart/form-data; boundary=abc', '--abc\r\nContent-Disposition: form-data; name="photo"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff'],
    ['a broken part header', 'multipart/form-data; boundary=abc', '--abc\r\nthis is not a header\r\n\r\nv\r\n--abc--\r\n'],
  ];
  const routes: [string, string, () => Record<string, string>][] = [
    ['/api/public/reports', 'json', () => ({ 'x-device-id': `mp-${Math.random()}` })],
    ['/api/attachments', 'json', () => ({ authorization: `Bearer ${acceptor}` })],
    ['/api/field/reports', 'json', () => ({ authorization: `Bearer ${inspector}` })],
    ['/api/imports/uploads', 'json', () => ({ authorization: `Bearer ${admin}` })],
    ['/open311/v2/requests.json', 'open311', () => ({})],
  ];
  for (const [route, format, headers] of routes) {
    for (const [what, type, body] of bodies) {
      it(`${route}: ${what} → 400 in the route's error format, nothing stored`, async () => {
        const before = [await count('cases'), await count('attachments'), await count('case_submissions')];
        const res = await fetch(county.url + route + (format === 'open311' ? `?api_key=${open311Key}` : ''), { method: 'POST', headers: { 'content-type': type, ...headers() }, body });
        const answer = (await res.json()) as { error?: string } | { code: number; description: string }[];
        expect(res.status).toBe(400);
        if (format === 'open311') expect(answer).toEqual([expect.objectContaining({ code: 400, description: expect.any(String) })]);
        else expect(answer).toMatchObject({ error: 'bad_request' });
        expect([await count('cases'), await count('attachments'), await count('case_submissions')]).toEqual(before);
      });
    }
  }
});

describe('finding 2: text is cleaned once at the intake door, for every channel', () => {
  it('a staff case keeps the words but not a bidi override, a NUL or a lone surrogate', async () => {
    const res = await county.call<{ case: { id: number; description: string; address: string } }>('POST', '/api/cases', {
      token: acceptor,
      body: { kind: 'event', classCode: '0102', source: 'hotline', description: '垃圾\u202eevil\u0000堆放\ud800了', address: '青禾大道\u202e2号', ...here },
    });
    expect(res.status).toBe(201);
    expect(res.body.case.description).toBe('垃圾evil堆放了');
    const stored = (await county.server.county.db.statement<{ d: string; hex: string }>('hardening.desc', 'SELECT description AS d, hex(description) AS hex FROM cases WHERE id = ?').get([res.body.case.id]))!;
    expect(stored.d).toBe('垃圾evil堆放了');
    expect(Buffer.from(stored.hex, 'hex').toString('utf8')).toBe('垃圾evil堆放了'); // valid UTF-8 on disk
  });

  it('an empty description (or one that is only what cleaning removes) is refused', async () => {
    const before = await count('cases');
    for (const description of ['', '   ', '\u0000\u202e', '\ud800']) {
      const res = await county.call('POST', '/api/cases', { token: acceptor, body: { kind: 'event', classCode: '0102', source: 'hotline', description, ...here } });
      expect(res.status, JSON.stringify(description)).toBe(400);
      expect(res.body).toMatchObject({ field: 'description' });
    }
    expect(await count('cases')).toBe(before);
  });

  it('an action comment is cleaned the same way', async () => {
    const filed = await county.call<{ case: { id: number; version: number } }>('POST', '/api/cases', { token: acceptor, body: { kind: 'event', classCode: '0102', source: 'hotline', description: '井盖缺失', ...here } });
    const acted = await county.call<{ case: { id: number } }>('POST', `/api/cases/${filed.body.case.id}/accept`, {
      token: acceptor,
      body: { version: filed.body.case.version, comment: '登记\u202e\u0000\udc00说明' },
    });
    expect(acted.status).toBe(200);
    const event = (await county.server.county.db.statement<{ comment: string }>('hardening.comment', 'SELECT comment FROM case_events WHERE case_id = ? ORDER BY id DESC LIMIT 1').get([filed.body.case.id]))!;
    expect(event.comment).toBe('登记说明');
  });

  it('a photo is checked by decoding it: a truncated PNG or JPEG is refused, a whole one kept', async () => {
    const upload = async (bytes: Buffer, name: string) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), name);
      return fetch(`${county.url}/api/attachments`, { method: 'POST', headers: { authorization: `Bearer ${acceptor}` }, body: form });
    };
    const png = makePng(64, 48);
    const jpeg = jpegBytes();
    const before = await count('attachments');
    for (const [bytes, name] of [[png.subarray(0, png.length - 30), 'cut.png'], [png.subarray(0, 60), 'header-only.png'], [jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'cut.jpg']] as const) {
      const res = await upload(Buffer.from(bytes), name);
      expect(res.status, name).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'bad_request', field: 'file' });
    }
    expect(await count('attachments')).toBe(before);
    expect((await upload(png, 'whole.png')).status).toBe(201);
    expect((await upload(jpeg, 'whole.jpg')).status).toBe(201);
  });
});

describe('finding 3: wrong passwords slow only the address that sends them', () => {
  it('ten wrong passwords for leader1 from one machine do not lock leader1 out on another', async () => {
    let throttled = 0;
    for (let i = 0; i < 10; i++) {
      const res = await postFrom('127.0.0.2', '/api/auth/login', { username: 'leader1', password: `guess-${i}` });
      expect([401, 429]).toContain(res.status);
      if (res.status === 429) {
        throttled++;
        expect(Number(res.retryAfter)).toBeGreaterThan(0);
      }
    }
    expect(throttled).toBeGreaterThan(0);
    // The attacker's machine waits, even with the right password ...
    expect((await postFrom('127.0.0.2', '/api/auth/login', { username: 'leader1', password: ADMIN_PASSWORD })).status).toBe(429);
    // ... the owner's does not.
    const owner = await postFrom('127.0.0.3', '/api/auth/login', { username: 'leader1', password: ADMIN_PASSWORD });
    expect(owner.status).toBe(200);
    expect(owner.body.token).toBeTruthy();
  });

  it('the waits grow with each further failure', async () => {
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await postFrom('127.0.0.4', '/api/auth/login', { username: 'dispatcher1', password: `guess-${i}` });
      if (res.status === 429) waits.push(Number(res.retryAfter));
      // move the county's clock past the wait, so the next try is counted
      const clock = county.server.county.clock as ManualClock;
      clock.advance((waits.at(-1) ?? 0) * 1000 + 1);
    }
    expect(waits.length).toBeGreaterThan(2);
    expect(waits.at(-1)!).toBeGreaterThan(waits[0]!);
  });
});

describe('finding 5: authentication before validation', () => {
  it('no token and a bad body is 401, not a validation message', async () => {
    const res = await county.call<{ error: string; message: string }>('POST', '/api/admin/users', { body: {} });
    expect(res.status).toBe(401);
    expect(res.body.message).not.toMatch(/required/);
  });

  it('a 1 MB body without a token is refused as 401 without being parsed', async () => {
    const res = await county.call('POST', '/api/cases', { rawBody: `{"description":"${'x'.repeat(1024 * 1024)}"` });
    expect(res.status).toBe(401);
  });

  it('a sign-in body is small: 8 KB is refused before the password is looked at', async () => {
    const res = await county.call('POST', '/api/auth/login', { body: { username: 'admin', password: 'x'.repeat(8 * 1024) } });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: 'too_large' });
  });

  it('every secured route in the OpenAPI document, without a token and with an invalid body, answers 401', async () => {
    const doc = (await county.call<{ paths: Record<string, Record<string, { security?: unknown[] }>> }>('GET', '/api/openapi.json')).body;
    let checked = 0;
    for (const [route, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (!op.security?.length) continue;
        const url = route.replace(/\{[^}]+\}/g, '1');
        const init: RequestInit = { method: method.toUpperCase() };
        if (!['get', 'head'].includes(method)) Object.assign(init, { body: '{"bad": ', headers: { 'content-type': 'application/json' } });
        const res = await fetch(county.url + url, init);
        await res.arrayBuffer();
        expect(res.status, `${method.toUpperCase()} ${route}`).toBe(401);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(80);
  });
});

describe('finding 7: the smaller ones', () => {
  it('too many files is 413 too_large', async () => {
    const form = reportForm({ kind: 'event', classCode: '0102', description: '垃圾', ...here }, [jpegBytes(), jpegBytes(), jpegBytes(), jpegBytes()]);
    const res = await fetch(`${county.url}/api/public/reports`, { method: 'POST', body: form, headers: { 'x-device-id': 'many-files' } });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'too_large' });
  });

  it('an inspector exports only the cases of their own grids, and every export is audited', async () => {
    // one case in inspector01's grid (0,0), one in inspector02's (3,0)
    for (const [i, j] of [[0, 0], [3, 0]] as const) {
      expect((await county.call('POST', '/api/cases', { token: acceptor, body: { kind: 'event', classCode: '0102', source: 'hotline', description: `导出范围${i}`, ...pointIn(i, j) } })).status).toBe(201);
    }
    const csv = async (token: string) => {
      const res = await fetch(`${county.url}/api/exports/cases.csv?q=导出范围`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      return (await res.text()).trim().split('\n').length - 1;
    };
    expect(await csv(acceptor)).toBe(2);
    expect(await csv(inspector)).toBe(1);
    const exports = await county.server.county.db
      .statement<{ username: string; address: string }>('hardening.exports', "SELECT username, address FROM audit_log WHERE action = 'export' AND entity_key = 'cases.csv' ORDER BY id")
      .all();
    expect(exports.map((e) => e.username)).toEqual(['acceptor1', 'inspector01']);
    expect(exports[0]!.address).toMatch(/127\.0\.0\.1/);
  });

  it('a backup under constant writes finishes and restores the same county', async () => {
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        const res = await county.call('POST', '/api/cases', { token: acceptor, body: { kind: 'event', classCode: '0102', source: 'hotline', description: `写入${written}`, ...here } });
        if (res.status === 201) written++;
      }
    })();
    while (written < 5) await new Promise((r) => setTimeout(r, 20));
    const res = await fetch(`${county.url}/api/admin/backup`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    const zip = Buffer.from(await res.arrayBuffer());
    const writtenDuringBackup = written;
    writing = false;
    await writer;
    expect(writtenDuringBackup).toBeGreaterThan(5);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'hardening-backup-')), 'b.zip');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, zip);
    const { restoreBackup } = await import('../../core/admin/backup/backup.js');
    const target = mkdtempSync(path.join(os.tmpdir(), 'hardening-restored-'));
    const manifest = await restoreBackup(file, path.join(target, 'county'));
    const restored = await startTestCounty({ dataDir: path.join(target, 'county') });
    try {
      const cases = await restored.call<{ total: number }>('GET', '/api/cases?limit=1', { token: await restored.login('acceptor1') });
      expect(cases.body.total).toBe(manifest.counts.cases);
      expect(manifest.counts.cases).toBeGreaterThan(0);
      // the snapshot is one moment: every case in it has its whole first event
      const db = restored.server.county.db;
      expect((await db.statement<{ n: number }>('hardening.orphans', 'SELECT count(*) AS n FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id)').get())!.n).toBe(0);
    } finally {
      await restored.stop();
    }
    expect(existsSync(path.join(county.dataDir, 'backups')) && readdirSync(path.join(county.dataDir, 'backups')).length).toBeGreaterThan(0);
    expect(await count('audit_log')).toBeGreaterThan(0);
    expect((await county.server.county.db.statement<{ n: number }>('hardening.backups', "SELECT count(*) AS n FROM audit_log WHERE action = 'backup'").get())!.n).toBe(1);
  });
});
