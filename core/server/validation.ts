// JSON-schema validation for routes (Ajv, as Fastify uses). Bodies are validated strictly:
// a number where a string belongs is an error, not something to coerce. Query strings,
// path parameters and headers arrive as text, so there types are coerced.
//
// A validator is compiled when its route is first called, not when the route is registered:
// compiling the ~1,000 schemas of every route took about 2 s of each cold start before the
// port answered (issue 20). warmValidators() compiles the rest once the server answers, a few
// at a time between requests.
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifySchemaCompiler } from 'fastify';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(extra: Options): Ajv {
  const ajv = new Ajv({ allErrors: false, useDefaults: true, removeAdditional: false, strict: false, ...extra });
  addFormats(ajv);
  return ajv;
}

let strict: Ajv | undefined;
let coercing: Ajv | undefined;
/** Validators and serializers not compiled yet (each compiles on first use, or in warmValidators). */
const pending = new Set<() => unknown>();

type Validate = ((data: unknown) => boolean) & { errors?: ValidateFunction['errors'] };

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  let compiled: ValidateFunction | undefined;
  const compile = () => {
    if (compiled) return compiled;
    const ajv = httpPart === 'body' ? (strict ??= makeAjv({ coerceTypes: false })) : (coercing ??= makeAjv({ coerceTypes: 'array' }));
    compiled = ajv.compile(schema);
    pending.delete(compile);
    return compiled;
  };
  pending.add(compile);
  // Fastify reads .errors from the function it was given, after calling it.
  const validate: Validate = (data) => {
    const fn = compile();
    const ok = fn(data);
    validate.errors = fn.errors;
    return ok;
  };
  return validate as ReturnType<FastifySchemaCompiler<object>>;
};

/**
 * Compiles the validators no request has needed yet, a few per turn of the event loop, so
 * requests meanwhile wait for one small step at most. Resolves when all are compiled.
 */
export async function warmValidators(perTurn = 8): Promise<void> {
  while (pending.size > 0) {
    let n = 0;
    for (const compile of pending) {
      compile();
      if (++n >= perTurn) break;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Fastify's own serializer factory (fast-json-stringify), made lazy the same way: a route's
 * response serializer is built when it first answers with that status, not at registration
 * (building them all took about 1.5 s of each cold start).
 */
export function lazySerializers(): (externalSchemas: unknown, serializerOpts: unknown) => (route: { schema: unknown }) => (data: unknown) => string {
  const factory = SerializerSelector();
  return (externalSchemas, serializerOpts) => {
    const build = factory(externalSchemas as Record<string, unknown>, serializerOpts as Record<string, unknown>) as (route: { schema: unknown }) => (data: unknown) => string;
    return (route) => {
      let serialize: ((data: unknown) => string) | undefined;
      const compile = () => {
        serialize ??= build(route);
        pending.delete(compile);
      };
      pending.add(compile);
      return (data) => {
        compile();
        return serialize!(data);
      };
    };
  };
}
