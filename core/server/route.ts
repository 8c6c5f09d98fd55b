// Registers a route from the endpoint table (core/contract/endpoints.ts): its method, path, access
// and schemas come from the table, so a handler gets typed params, query and body with no casts,
// and what it returns (or sends) is checked against the response schema, then serialized by it.
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { TSchema } from 'typebox';
import type { WebSocket } from 'ws';
import { endpoints, type EndpointName } from '../contract/endpoints.js';
import { ErrorResponse, isBinary, isNoContent, type BodyOf, type Endpoint, type ParamsOf, type QueryOf, type ResponseOf, type Wire } from '../contract/endpoint.js';
import { authorize, type GridhallApp } from './authorize.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The name of the endpoint in the table this route was registered from. */
    endpoint?: string;
  }
}

type RouteTypes<E extends Endpoint> = {
  Params: ParamsOf<E>;
  Querystring: QueryOf<E>;
  Body: BodyOf<E>;
  Reply: Sent<ResponseOf<E>>;
};

/** A file may be sent as bytes or streamed. */
type Sent<T> = T extends Uint8Array ? T | Readable : Wire<T>;

export type EndpointRequest<N extends EndpointName> = FastifyRequest<RouteTypes<(typeof endpoints)[N]>>;
export type EndpointReply<N extends EndpointName> = FastifyReply<RouteTypes<(typeof endpoints)[N]>>;

/** A handler returns the body (type-checked against the response schema) or the reply it sent on. */
export type EndpointHandler<N extends EndpointName> = (
  request: EndpointRequest<N>,
  reply: EndpointReply<N>,
) => Promise<Sent<ResponseOf<(typeof endpoints)[N]>> | EndpointReply<N>>;

/** What a route may add to the table's entry: more preHandlers (rate limits), a body limit, its own config. */
export interface RouteExtras {
  preHandler?: RouteShorthandOptions['preHandler'];
  bodyLimit?: number;
  config?: Record<string, unknown>;
}

/** The response schemas Fastify serializes by: JSON successes, and the error shape for 4xx and 5xx. */
function serializedResponses(e: Endpoint): Record<string, TSchema> {
  const out: Record<string, TSchema> = {};
  for (const [status, schema] of Object.entries(e.responses)) {
    if (!isBinary(schema) && !isNoContent(schema)) out[status] = schema;
  }
  const errors = e.errors ?? ErrorResponse;
  out['4xx'] = errors;
  out['5xx'] = errors;
  return out;
}

export function route<N extends EndpointName>(app: GridhallApp, name: N, handler: NoInfer<EndpointHandler<N>>, extras: RouteExtras = {}): void {
  const e: Endpoint = endpoints[name];
  const preHandler = [];
  if (e.access !== 'public') preHandler.push(authorize(e.access === 'signed-in' ? undefined : e.access));
  if (extras.preHandler) preHandler.push(...[extras.preHandler].flat());
  // hide: /api/openapi.json writes this route from the table, not from @fastify/swagger.
  const schema: Record<string, unknown> = { response: serializedResponses(e), hide: true };
  if (e.params) schema.params = e.params;
  if (e.query) schema.querystring = e.query;
  if (e.body && (e.bodyKind ?? 'json') !== 'multipart' && e.bodyKind !== 'raw') schema.body = e.body;
  app.route({
    method: e.method,
    url: e.path,
    schema,
    preHandler,
    ...(extras.bodyLimit !== undefined ? { bodyLimit: extras.bodyLimit } : {}),
    config: { ...extras.config, endpoint: name },
    handler: handler as never,
  });
}

/**
 * A WebSocket endpoint of the table. Browsers cannot send headers on a WebSocket, so the handler
 * checks the user itself and closes with 4401 (or its own codes), as the table's `access` says.
 */
export function socketRoute<N extends EndpointName>(
  app: GridhallApp,
  name: N,
  handler: NoInfer<(socket: WebSocket, request: EndpointRequest<N>) => void>,
): void {
  const e: Endpoint = endpoints[name];
  const schema: Record<string, unknown> = { hide: true };
  if (e.params) schema.params = e.params;
  if (e.query) schema.querystring = e.query;
  app.route({ method: 'GET', url: e.path, schema, websocket: true, config: { endpoint: name }, handler: handler as never });
}
