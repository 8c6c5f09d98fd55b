// What every route module needs from the server, without importing the server itself
// (app.ts imports the route modules; they import this): the app's type and `authorize`.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RoleCode, SessionUser } from '../contract/index.js';
import { assertRole } from '../base/people/service.js';
import { unauthorized } from '../runtime/errors.js';

export type GridhallApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
    authToken: string | null;
  }
}

/** preHandler: the request must carry a valid token, and (if given) one of the roles. */
export function authorize(roles?: readonly RoleCode[]) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (!request.user) throw unauthorized();
    if (roles) assertRole(request.user, roles);
  };
}
