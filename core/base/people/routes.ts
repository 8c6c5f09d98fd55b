// POST /api/auth/login, GET /api/auth/me, POST /api/auth/logout
import { Type } from 'typebox';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { ErrorSchema, SessionUserSchema } from '../../server/schemas.js';
import { ThrottledError } from './throttle.js';

const LOGIN_BODY_LIMIT = 4096;

const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export function authRoutes(app: GridhallApp, ctx: CountyContext): void {
  app.post(
    '/api/auth/login',
    {
      // Nobody is known yet: a sign-in is small, so a large body is refused before it is parsed.
      bodyLimit: LOGIN_BODY_LIMIT,
      schema: {
        tags: ['auth'],
        summary: 'Sign in; returns a bearer token',
        body: LoginBody,
        response: {
          200: Type.Object({ token: Type.String(), expiresAt: Type.String(), user: SessionUserSchema }),
          400: ErrorSchema,
          401: ErrorSchema,
          429: ErrorSchema,
        },
      },
    },
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
  );

  app.get(
    '/api/auth/me',
    {
      preHandler: authorize(),
      schema: { tags: ['auth'], summary: 'The signed-in user', security: [{ bearer: [] }], response: { 200: SessionUserSchema, 401: ErrorSchema } },
    },
    async (request) => request.user!,
  );

  app.post(
    '/api/auth/logout',
    {
      preHandler: authorize(),
      schema: { tags: ['auth'], summary: 'End this session', security: [{ bearer: [] }], response: { 204: Type.Null(), 401: ErrorSchema } },
    },
    async (request, reply) => {
      if (request.authToken) await ctx.auth.logout(request.authToken, request.ip);
      return reply.status(204).send(null);
    },
  );
}
