// POST /api/auth/login, GET /api/auth/me, POST /api/auth/logout
import type { GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { route } from '../../server/route.js';

export function authRoutes(app: GridhallApp, ctx: CountyContext): void {
  route(app, 'auth.login', async (request) => {
    const result = await ctx.auth.login(request.body.username, request.body.password);
    return { token: result.token, expiresAt: new Date(result.expiresAt).toISOString(), user: result.user };
  });

  route(app, 'auth.me', async (request) => request.user!);

  route(app, 'auth.logout', async (request, reply) => {
    if (request.authToken) ctx.auth.logout(request.authToken);
    return reply.status(204).send();
  });
}
