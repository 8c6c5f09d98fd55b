import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestCounty, type TestCounty } from './support.js';

let county: TestCounty;
beforeAll(async () => {
  county = await startTestCounty();
});
afterAll(async () => {
  await county.stop();
});

describe('health and OpenAPI', () => {
  it('answers /api/health without signing in', async () => {
    const res = await county.call<{ status: string; version: string; counts: Record<string, number> }>('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(res.body.counts).toEqual({ grids: 0, components: 0, cases: 0 });
  });

  it('serves the OpenAPI document listing the routes', async () => {
    const res = await county.call<{ openapi: string; paths: Record<string, unknown> }>('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/auth/login', '/api/auth/me']));
  });

  it('answers an unknown API route with a JSON 404', async () => {
    const res = await county.call('GET', '/api/nope');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'not_found' });
  });
});

describe('sign-in', () => {
  it('gives a token for the right password and the user behind it', async () => {
    const token = await county.login();
    const me = await county.call<{ username: string; roles: string[] }>('GET', '/api/auth/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('admin');
    expect(me.body.roles).toEqual(['admin']);
  });

  it('refuses a wrong password with 401 and no token', async () => {
    const res = await county.call<{ error: string; token?: string }>('POST', '/api/auth/login', { body: { username: 'admin', password: 'wrong' } });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('unauthorized');
    expect(res.body.token).toBeUndefined();
  });

  it('refuses requests without a token, and with a token after logout', async () => {
    expect((await county.call('GET', '/api/auth/me')).status).toBe(401);
    const token = await county.login();
    expect((await county.call('POST', '/api/auth/logout', { token })).status).toBe(204);
    expect((await county.call('GET', '/api/auth/me', { token })).status).toBe(401);
  });

  it('slows down guessing: after five wrong passwords even the right one waits', async () => {
    for (let i = 0; i < 5; i++) {
      await county.call('POST', '/api/auth/login', { body: { username: 'guessme', password: 'x' } });
    }
    const res = await county.call('POST', '/api/auth/login', { body: { username: 'guessme', password: 'x' } });
    expect(res.status).toBe(429);
  });
});

describe('bad input gets a clear error and changes nothing', () => {
  it('malformed JSON → 400', async () => {
    const res = await county.call<{ error: string; message: string }>('POST', '/api/auth/login', { rawBody: '{"username": "admin",' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('bad_request');
    expect(res.body.message).toMatch(/JSON/);
  });

  it('a missing field → 400 naming it', async () => {
    const res = await county.call('POST', '/api/auth/login', { body: { username: 'admin' } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'bad_request', field: 'password' });
  });

  it('a wrong-typed field → 400 naming it', async () => {
    const res = await county.call('POST', '/api/auth/login', { body: { username: 12, password: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field: 'username' });
  });

  it('an unknown field → 400 naming it', async () => {
    const res = await county.call('POST', '/api/auth/login', { body: { username: 'a', password: 'b', role: 'admin' } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field: 'role' });
  });

  it('an oversize body → 413', async () => {
    const res = await county.call('POST', '/api/auth/login', { body: { username: 'admin', password: 'x'.repeat(2 * 1024 * 1024) } });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: 'too_large' });
  });
});

describe('event stream', () => {
  it('refuses a socket without a token and greets one with a token, then delivers events', async () => {
    const wsUrl = county.url.replace('http', 'ws') + '/api/events';
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(wsUrl);
      ws.on('close', (code) => resolve(code));
    });
    expect(refused).toBe(4401);

    const token = await county.login();
    const ws = new WebSocket(`${wsUrl}?token=${token}`);
    const messages: { topic: string; data: unknown }[] = [];
    await new Promise<void>((resolve) => {
      ws.on('message', (raw) => {
        messages.push(JSON.parse(String(raw)));
        if (messages.length === 1) county.server.county.events.publish('case.created', { id: 7 });
        if (messages.length === 2) resolve();
      });
    });
    ws.close();
    expect(messages.map((m) => m.topic)).toEqual(['hello', 'case.created']);
    expect(messages[1]!.data).toEqual({ id: 7 });
  });
});

describe('the demo county on first start', () => {
  it('is created in a new data folder, labelled synthetic, and its health says what it holds', async () => {
    const demo = await startTestCounty({ demoSize: 'small' });
    try {
      const res = await demo.call<{ county: { name: string; adminCode: string; synthetic: boolean; center: { lon: number } }; counts: Record<string, number> }>('GET', '/api/health');
      expect(res.body.county).toMatchObject({ adminCode: '990101', synthetic: true });
      expect(res.body.county.name).toContain('合成');
      expect(res.body.counts.grids).toBeGreaterThan(100);
      expect(res.body.counts.components).toBeGreaterThan(1000);
      expect(res.body.counts.cases).toBeGreaterThan(500);
      // The demo staff share the admin's first password, each with its own salt and hash.
      expect(await demo.login('dispatcher01')).toMatch(/.{20,}/);
      const hashes = (await demo.server.county.db.statement<{ users: number; hashes: number; argon2: number }>(
        'test.demoHashes', "SELECT count(*) AS users, count(DISTINCT password_hash) AS hashes, sum(password_hash LIKE '$argon2id$%') AS argon2 FROM users",
      ).get())!;
      expect(hashes.users).toBeGreaterThan(10);
      expect(hashes).toEqual({ users: hashes.users, hashes: hashes.users, argon2: hashes.users });
    } finally {
      await demo.stop();
    }
  });

  it('starts a second time on the same folder without making anything twice', async () => {
    const first = await startTestCounty({ demoSize: 'small' });
    const dataDir = first.dataDir;
    const before = (await first.call<{ counts: Record<string, number> }>('GET', '/api/health')).body.counts;
    await first.server.close();
    const second = await startTestCounty({ demoSize: 'small', dataDir });
    try {
      const after = (await second.call<{ counts: Record<string, number> }>('GET', '/api/health')).body.counts;
      expect(after).toEqual(before);
    } finally {
      await second.stop();
    }
  });
});
