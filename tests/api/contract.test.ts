// The endpoint table (core/contract/endpoints.ts) and the server agree: every route the server
// registers comes from the table and every endpoint of the table is served; the OpenAPI document is
// written from it with a response schema for every success. (Every answer of the API suite is also
// validated against the table: tests/api/support.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoint } from '../../core/contract/endpoint.js';
import { endpoints } from '../../core/contract/endpoints.js';
import { startTestCounty, type TestCounty } from './support.js';

/**
 * Route families still registered the old way (being moved into the table, slice by slice).
 * The list only shrinks: a new route goes into the table (docs/ARCHITECTURE.md "Add an endpoint").
 */
const NOT_YET_IN_TABLE = [
  '/api/exports', '/api/cameras', '/api/video', '/open311', '/api/intake',
  '/api/field', '/api/ingest', '/api/sensors', '/api/vehicles',
  '/api/public',
  '/api/cases/:id/clips',
];
const pending = (route: string) => {
  const path = route.replace(/\{([^}]+)\}/g, ':$1');
  return NOT_YET_IN_TABLE.some((prefix) => path === prefix || path.startsWith(prefix + '/') || path.startsWith(prefix + '.'));
};

let county: TestCounty;
beforeAll(async () => {
  county = await startTestCounty();
});
afterAll(async () => {
  await county.stop();
});

describe('the endpoint table', () => {
  it('is what the server serves: every table endpoint is registered, every route comes from the table', () => {
    const registered = county.server.routes;
    const key = (method: string, path: string) => `${method} ${path}`;
    const served = new Set(registered.map((r) => key(r.method, r.path)));
    const missing = Object.entries(endpoints)
      .filter(([, e]) => !served.has(key(e.method, e.path)))
      .map(([name, e]) => `${name}: ${e.method} ${e.path}`);
    expect(missing).toEqual([]);
    const outside = registered.filter((r) => r.path.startsWith('/api/') || r.path.startsWith('/open311'));
    expect(outside.filter((r) => r.endpoint === undefined && !pending(r.path)).map((r) => key(r.method, r.path))).toEqual([]);
    // A route from the table is registered where the table says.
    for (const r of registered.filter((x) => x.endpoint !== undefined)) {
      const e = endpoints[r.endpoint as keyof typeof endpoints];
      expect(key(r.method, r.path)).toBe(key(e.method, e.path));
    }
  });

  it('writes the OpenAPI document, with a response schema for every success', async () => {
    const res = await county.call<{ paths: Record<string, Record<string, { operationId?: string; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> }>(
      'GET',
      '/api/openapi.json',
    );
    expect(res.status).toBe(200);
    const withoutSchema: string[] = [];
    let operations = 0;
    for (const [path, ops] of Object.entries(res.body.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (pending(path) && !op.operationId) continue;
        operations += 1;
        const successes = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
        if (successes.length === 0) withoutSchema.push(`${method} ${path}: no success response`);
        for (const [status, response] of successes) {
          if (status === '204') continue;
          const schemas = Object.values(response.content ?? {}).map((c) => c.schema);
          if (schemas.length === 0 || schemas.some((s) => !s || Object.keys(s).length === 0)) withoutSchema.push(`${method} ${path} ${status}`);
        }
      }
    }
    expect(withoutSchema).toEqual([]);
    expect(operations).toBeGreaterThanOrEqual(Object.values(endpoints as Record<string, Endpoint>).filter((e) => !e.websocket).length);
  });

  it('fails a test whose answer carries a field the schema lacks', async () => {
    // The check itself: a field the serializer would drop is reported, not lost in silence.
    const { closedSchema } = await import('../../core/server/contract-check.js');
    const { Ajv } = await import('ajv');
    const schema = closedSchema(JSON.parse(JSON.stringify(endpoints['auth.me'].responses[200]))) as object;
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate({ id: 1, username: 'a', displayName: 'A', roles: ['admin'], departmentId: null })).toBe(true);
    expect(validate({ id: 1, username: 'a', displayName: 'A', roles: ['admin'], departmentId: null, phone: '1' })).toBe(false);
  });
});
