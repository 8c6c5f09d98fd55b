// The flood guard of the public doors (/open311, /api/public): @fastify/rate-limit per client
// address (or per key), counted in memory, with the limit read from the county's settings on
// every request so an administrator's change applies at once. It runs at onRequest, before a
// body is read, so a flood costs the server almost nothing and other users stay served.
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../runtime/errors.js';
import type { GridhallApp } from '../../server/authorize.js';

export async function guardFlood(scope: GridhallApp, perMinute: () => Promise<number>, key: (request: FastifyRequest) => string = (r) => r.ip): Promise<void> {
  await scope.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    max: async () => await perMinute(),
    timeWindow: 60_000,
    cache: 20_000,
    keyGenerator: key,
    errorResponseBuilder: (_request, context) =>
      new AppError('too_many_requests', `Too many requests from this client; try again in ${context.after} (请求过于频繁，请稍后再试)`),
  });
}
