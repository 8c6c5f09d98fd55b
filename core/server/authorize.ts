// What every route module needs from the server, without importing the server itself
// (app.ts imports the route modules; they import this): the app's type and `authorize`.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RoleCode, SessionUser } from '../contract/index.js';
import { assertRole } from '../base/people/index.js';
import { AppError, unauthorized } from '../runtime/errors.js';

/** What a user who must change the password may still do. */
const PASSWORD_CHANGE_ROUTES = new Set(['/api/auth/me', '/api/auth/logout', '/api/auth/password']);

export type GridhallApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
    authToken: string | null;
  }
}

const AUTHORIZE = Symbol('gridhall.authorize');
export type AuthHook = ((request: FastifyRequest, reply: FastifyReply) => Promise<void>) & { [AUTHORIZE]?: true };

/**
 * The request must carry a valid token, and (if given) one of the roles. Routes name it as
 * their preHandler; the app runs it earlier, as the route's first onRequest hook (see
 * `authenticateFirst` in app.ts), so nobody unknown gets a body parsed or validated.
 */
export function authorize(roles?: readonly RoleCode[]): AuthHook {
  const hook: AuthHook = async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (!request.user) throw unauthorized();
    // The generated first password, or an expired one, must be changed before anything else.
    if (request.user.mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(request.routeOptions.url ?? '')) {
      throw new AppError('password_change_required', 'Change your password first (请先修改密码)', 'password');
    }
    if (roles) assertRole(request.user, roles);
  };
  hook[AUTHORIZE] = true;
  return hook;
}

/** Whether a hook is one `authorize` made. */
export function isAuthorizeHook(hook: unknown): hook is AuthHook {
  return typeof hook === 'function' && (hook as AuthHook)[AUTHORIZE] === true;
}
