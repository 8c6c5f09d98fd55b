// What one endpoint of the table says: method and path, who may call it, and the TypeBox schemas
// of its parameters, query, body and every response. core registers its routes from these
// (core/server/route.ts), /api/openapi.json is written from them, and the console's API client
// (renderer/api.ts) calls endpoints by name with the types they give.
import { Type, type Static, type TSchema } from 'typebox';
import { ErrorBody } from './common.js';
import type { RoleCode } from './roles.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call: anyone ('public'), any signed-in user ('signed-in'), or one of the roles given. */
export type Access = 'public' | 'signed-in' | readonly RoleCode[];

/** What the request body is, when it is not JSON (the schema then only documents it). */
export type BodyKind = 'json' | 'multipart' | 'form' | 'raw';

/** Success responses by status: a JSON schema, `Binary(...)` for files and streams, or `NoContent`. */
export type Responses = { [status: number]: TSchema };

export interface Endpoint {
  method: Method;
  /** Fastify style: `/api/cases/:id`. */
  path: string;
  access: Access;
  summary: string;
  tag: string;
  params?: TSchema;
  query?: TSchema;
  body?: TSchema;
  bodyKind?: BodyKind;
  /** Success responses (2xx, and 3xx redirects); the error shape is added for every 4xx and 5xx. */
  responses: Responses;
  /** Error responses in another shape than ErrorBody (Open311 has its own). */
  errors?: TSchema;
  /** A WebSocket: the schemas describe the upgrade request only. */
  websocket?: boolean;
}

/** A file or a stream (PNG tile, .bin pack, MP4, zip, xlsx, pdf, csv): sent as bytes, never serialized. */
export const Binary = (...mimes: string[]) => Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary', 'x-binary': mimes });

/** 204: no body. */
export const NoContent = Type.Unsafe<undefined>({ type: 'null', 'x-no-content': true });

export function isBinary(schema: TSchema): boolean {
  return Array.isArray((schema as { 'x-binary'?: unknown })['x-binary']);
}

export function binaryTypes(schema: TSchema): string[] {
  return ((schema as { 'x-binary'?: string[] })['x-binary'] ?? []).slice();
}

export function isNoContent(schema: TSchema): boolean {
  return (schema as { 'x-no-content'?: boolean })['x-no-content'] === true;
}

/** Declares one endpoint (the identity, kept for its type: `as const` inference of the schemas). */
export function endpoint<const E extends Endpoint>(e: E): E {
  return e;
}

/** The error body every endpoint may answer with (4xx, 5xx). */
export const ErrorResponse = ErrorBody;

/** The decoded inputs of an endpoint. */
export type ParamsOf<E> = E extends { params: infer S extends TSchema } ? Static<S> : Record<string, never>;
export type QueryOf<E> = E extends { query: infer S extends TSchema } ? Static<S> : Record<string, never>;
export type BodyOf<E> = E extends { body: infer S extends TSchema } ? Static<S> : undefined;

/** The body of a success response (the union over its statuses). */
export type ResponseOf<E extends Endpoint> = { [K in keyof E['responses']]: E['responses'][K] extends TSchema ? Static<E['responses'][K]> : never }[keyof E['responses']];

/** Arrays and objects as handlers may hold them (a readonly list is as good as a mutable one on the wire). */
export type Wire<T> = T extends Uint8Array
  ? T
  : T extends readonly (infer U)[]
    ? readonly Wire<U>[]
    : T extends object
      ? { readonly [K in keyof T]: Wire<T[K]> }
      : T;
