// Turns every failure into the one error shape {error, message, field?} with the right status.
import type { FastifyError } from 'fastify';
import { AppError, type ErrorBody, statusOf } from '../runtime/errors.js';
import type { GridhallApp } from './authorize.js';

interface AjvLikeError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: { missingProperty?: string; additionalProperty?: string };
}

function fieldOf(e: AjvLikeError): string | undefined {
  if (e.params?.missingProperty) return [e.instancePath?.slice(1), e.params.missingProperty].filter(Boolean).join('.');
  if (e.params?.additionalProperty) return [e.instancePath?.slice(1), e.params.additionalProperty].filter(Boolean).join('.');
  const path = e.instancePath?.slice(1).replaceAll('/', '.');
  return path || undefined;
}

function describeValidation(e: AjvLikeError, field: string | undefined, where: string): string {
  const what = field ?? where;
  switch (e.keyword) {
    case 'required':
      return `${what} is required`;
    case 'additionalProperties':
      return `${what} is not a known field`;
    case 'type':
      return `${what} ${e.message ?? 'has the wrong type'}`;
    default:
      return `${what} ${e.message ?? 'is invalid'}`;
  }
}

// What busboy (under @fastify/multipart) throws for a body it cannot parse: plain Errors with
// these messages, and no code or status. They are the sender's fault, never the server's.
const MULTIPART_FAULTS = /^(Multipart: Boundary not found|Boundary required|Unexpected end of (multipart data|form)|Malformed part header|Unsupported Content-Type\.|Missing Content-Type-header\.)|terminated early due to unexpected end of multipart data/;

function isMalformedMultipart(e: { code?: string; statusCode?: number; message?: string }): boolean {
  if (e.code === 'FST_MP_PREMATURE_CLOSE' || e.code === 'FST_PROTO_VIOLATION') return true;
  return e.code === undefined && e.statusCode === undefined && typeof e.message === 'string' && MULTIPART_FAULTS.test(e.message);
}

export function toErrorBody(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof AppError) return { status: error.status, body: error.toBody() };
  const e = error as FastifyError & { validation?: AjvLikeError[]; validationContext?: string };
  if (e.validation && e.validation.length > 0) {
    const first = e.validation[0]!;
    const field = fieldOf(first);
    const body: ErrorBody = { error: 'bad_request', message: describeValidation(first, field, e.validationContext ?? 'request') };
    if (field) body.field = field;
    return { status: 400, body };
  }
  if (isMalformedMultipart(e)) {
    return { status: 400, body: { error: 'bad_request', message: 'The multipart/form-data body is malformed (no boundary, a wrong boundary, or cut off) (表单数据格式错误)', field: 'body' } };
  }
  switch (e.code) {
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return { status: 415, body: { error: 'unsupported_media_type', message: 'Send this as multipart/form-data' } };
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return { status: 413, body: { error: 'too_large', message: 'Too many files or fields in the upload (文件或字段过多)' } };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, body: { error: 'bad_request', message: 'The body is not valid JSON' } };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: { error: 'bad_request', message: 'The body is empty but declared as JSON' } };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return { status: 413, body: { error: 'too_large', message: 'The request body is too large' } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: { error: 'unsupported_media_type', message: 'This content type is not accepted here' } };
  }
  // A writer that waited the whole busy timeout for SQLite's write lock (another process, or
  // an import's apply that ran unusually long): nothing was written; trying again is right.
  if (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_BUSY_SNAPSHOT') {
    return { status: statusOf('unavailable'), body: { error: 'unavailable', message: 'The database is busy (a large import is being committed); nothing was saved: try again in a moment' } };
  }
  if (e.statusCode === 413) return { status: 413, body: { error: 'too_large', message: e.message } };
  if (e.statusCode === 429) return { status: 429, body: { error: 'too_many_requests', message: e.message } };
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, body: { error: e.statusCode === 404 ? 'not_found' : 'bad_request', message: e.message } };
  }
  return { status: statusOf('internal'), body: { error: 'internal', message: 'Internal error; the server log has details' } };
}

export function installErrorHandler(app: GridhallApp): void {
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = toErrorBody(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    void reply.status(status).type('application/json').send(body);
  });
}
