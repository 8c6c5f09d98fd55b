// /api/openapi.json, written from the endpoint table: every endpoint with its parameters, body,
// success responses (JSON schema, or the file types it sends) and the error shape.
import type { TSchema } from 'typebox';
import { endpoints } from '../contract/endpoints.js';
import { binaryTypes, ErrorResponse, isBinary, isNoContent, type Endpoint } from '../contract/endpoint.js';

type Json = Record<string, unknown>;

/** The schema as plain JSON (TypeBox's own markers are not part of it). */
function plain(schema: TSchema): Json {
  return JSON.parse(JSON.stringify(schema)) as Json;
}

function parameters(schema: TSchema | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const s = plain(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (s.required ?? []).includes(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

function responseOf(schema: TSchema): Json {
  if (isNoContent(schema)) return { description: 'No content' };
  if (isBinary(schema)) {
    const content: Json = {};
    for (const mime of binaryTypes(schema)) content[mime] = { schema: { type: 'string', format: 'binary' } };
    return { description: 'A file', content };
  }
  return { description: 'Success', content: { 'application/json': { schema: plain(schema) } } };
}

const BODY_TYPES = { json: 'application/json', multipart: 'multipart/form-data', form: 'application/x-www-form-urlencoded', raw: 'application/octet-stream' };

function operation(name: string, e: Endpoint): Json {
  const responses: Json = {};
  for (const [status, schema] of Object.entries(e.responses)) responses[status] = responseOf(schema);
  const error = { description: 'Error', content: { 'application/json': { schema: plain(e.errors ?? ErrorResponse) } } };
  responses['4XX'] = error;
  responses['5XX'] = error;
  const op: Json = {
    operationId: name,
    tags: [e.tag],
    summary: e.summary,
    parameters: [...parameters(e.params, 'path'), ...parameters(e.query, 'query')],
    responses,
  };
  if (e.access !== 'public') {
    op.security = [{ bearer: [] }];
    if (Array.isArray(e.access)) op.description = `Roles: ${e.access.join(', ')}.`;
  }
  if (e.body) op.requestBody = { required: true, content: { [BODY_TYPES[e.bodyKind ?? 'json']]: { schema: plain(e.body) } } };
  return op;
}

export function openApiDocument(version: string): Json {
  const paths: Record<string, Json> = {};
  for (const [name, e] of Object.entries(endpoints) as [string, Endpoint][]) {
    if (e.websocket) continue; // OpenAPI 3.1 has no words for a WebSocket
    const path = e.path.replace(/:([A-Za-z_]+)/g, '{$1}').replace(/\*$/, '{path}');
    (paths[path] ??= {})[e.method.toLowerCase()] = operation(name, e);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gridhall county server API',
      description: 'The county server of Gridhall (网格指挥厅): base data, cases, video, analytics and intake.',
      version,
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
