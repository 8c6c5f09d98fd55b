// The contract check (on in the API tests): every answer of a route from the endpoint table is
// validated against the table's schema for its status before it is serialized. Fastify's
// serializer would silently drop a property the schema lacks, so here a property the schema does
// not name is an error too; and a status the table does not declare is one.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { TSchema } from 'typebox';
import { endpoints } from '../contract/endpoints.js';
import { ErrorResponse, isBinary, isNoContent, type Endpoint } from '../contract/endpoint.js';
import type { GridhallApp } from './authorize.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export interface ContractMismatch {
  endpoint: string;
  method: string;
  url: string;
  status: number;
  problem: string;
}

export type ContractObserver = (mismatch: ContractMismatch) => void;

/** A copy of the schema where every object lists all its properties (no others allowed). */
export function closedSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closedSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = key === 'allOf' ? value : closedSchema(value);
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined && out.patternProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

export function installContractCheck(app: GridhallApp, observe: ContractObserver): void {
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: false, useDefaults: false });
  addFormats(ajv);
  const compiled = new Map<TSchema, ValidateFunction>();
  const validator = (schema: TSchema): ValidateFunction => {
    let v = compiled.get(schema);
    if (!v) compiled.set(schema, (v = ajv.compile(closedSchema(JSON.parse(JSON.stringify(schema))) as object)));
    return v;
  };
  const expected = (e: Endpoint, status: number): TSchema | undefined => (status >= 400 ? (e.errors ?? ErrorResponse) : e.responses[status]);
  const seen = new WeakSet<object>();

  app.addHook('preSerialization', async (request, reply, payload) => {
    const name = request.routeOptions.config.endpoint;
    if (!name) return payload;
    seen.add(request);
    const e: Endpoint = endpoints[name as keyof typeof endpoints];
    const report = (problem: string) => observe({ endpoint: name, method: request.method, url: request.url, status: reply.statusCode, problem });
    const schema = expected(e, reply.statusCode);
    if (!schema) report(`status ${reply.statusCode} is not in the table`);
    else if (isBinary(schema) || isNoContent(schema)) report(`answered JSON where the table declares ${isBinary(schema) ? 'a file' : 'no content'}`);
    else {
      // What goes on the wire without a schema (Dates as strings, toJSON applied).
      const wire: unknown = payload === undefined ? undefined : JSON.parse(JSON.stringify(payload));
      const validate = validator(schema);
      if (!validate(wire)) {
        report((validate.errors ?? []).slice(0, 5).map((err) => `${err.instancePath || '/'} ${err.message}${err.params && 'additionalProperty' in err.params ? ` (${String(err.params.additionalProperty)})` : ''}`).join('; '));
      }
    }
    return payload;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const name = request.routeOptions.config.endpoint;
    if (!name || seen.has(request)) return payload;
    const e: Endpoint = endpoints[name as keyof typeof endpoints];
    if (e.websocket) return payload;
    const schema = expected(e, reply.statusCode);
    const report = (problem: string) => observe({ endpoint: name, method: request.method, url: request.url, status: reply.statusCode, problem });
    if (!schema) report(`status ${reply.statusCode} is not in the table`);
    else if (reply.statusCode < 300 && !isBinary(schema) && !isNoContent(schema)) report('sent text or bytes where the table declares JSON');
    return payload;
  });
}
