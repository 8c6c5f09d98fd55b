// POST /api/auth/login, GET /api/auth/me, POST /api/auth/password, POST /api/auth/logout
import type { GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { route } from '../../server/route.js';
import { ThrottledError } from './throttle.js';

const LOGIN_BODY_LIMIT = 4096;

export function authRoutes(app: GridhallApp, ctx: CountyContext): void {
  route(
    app,
    'auth.login',
    async (request, reply) => {
      let result;
      try {
        result = await ctx.auth.login(request.body.username, request.body.password, request.ip);
      } catch (error) {
        if (error instanceof ThrottledError) void reply.header('retry-after', String(error.retryAfterSeconds));
        throw error;
      }
      return { token: result.token, expiresAt: new Date(result.expiresAt).toISOString(), user: result.user };
    },
    // Nobody is known yet: a sign-in is small, so a large body is refused before it is parsed.
    { bodyLimit: LOGIN_BODY_LIMIT },
  );

  route(app, 'auth.me', async (request) => request.user!);

  route(app, 'auth.password', async (request) => ctx.auth.changePassword(request.authToken!, request.body.current, request.body.password, request.ip), { bodyLimit: LOGIN_BODY_LIMIT });

  route(app, 'auth.logout', async (request, reply) => {
    if (request.authToken) await ctx.auth.logout(request.authToken, request.ip);
    return reply.status(204).send();
  });
}
