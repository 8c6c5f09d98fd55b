// The one way the console calls core: fetch + JSON, the session's bearer token, and the
// API's single error shape {error, message, field?} turned into a typed ApiError.
import type { ErrorBody } from '../../core/contract/index';
import { endpoints, type EndpointName, type Endpoints } from '../../core/contract/endpoints';
import type { BodyOf, ParamsOf, QueryOf, ResponseOf } from '../../core/contract/endpoint';
import type { TSchema } from 'typebox';
import { i18n } from '../i18n';
import { localSentence } from '../i18n/server-sentence';

/** The server answered with an error status and (normally) the API's error body. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** No answer at all: the server is down or the network is. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
}

/** How the client finds the session: set once by the session store. */
export interface ApiAuth {
  token(): string | null;
  /** A request that carried a token got 401: the session is over. */
  onUnauthorized(): void;
}

let auth: ApiAuth = { token: () => null, onUnauthorized: () => {} };

export function useApiAuth(next: ApiAuth): void {
  auth = next;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Send no token (the login call). */
  anonymous?: boolean;
  /** A multipart body (photo uploads) instead of JSON. */
  form?: FormData;
  /** Read the answer as bytes instead of JSON: a Blob (photos behind the bearer token) or an ArrayBuffer (the wall's component pack). */
  as?: 'json' | 'blob' | 'arrayBuffer';
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ErrorBody).error === 'string' && typeof (value as ErrorBody).message === 'string';
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON (a proxy's HTML page, an empty body): keep the status alone
  }
  return isErrorBody(body)
    ? new ApiError(response.status, body.error, body.message, body.field)
    : new ApiError(response.status, 'http_' + response.status, response.statusText);
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = options.as === 'blob' ? {} : { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  // fetch sets the multipart boundary itself when the body is FormData.
  const body = options.form ?? (options.body === undefined ? null : JSON.stringify(options.body));
  const token = options.anonymous ? null : auth.token();
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? (body === null ? 'GET' : 'POST'),
      headers,
      body,
      signal: options.signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new NetworkError(String(cause), { cause });
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (response.status === 401 && token) auth.onUnauthorized();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  if (options.as === 'blob') return (await response.blob()) as T;
  if (options.as === 'arrayBuffer') return (await response.arrayBuffer()) as T;
  return (await response.json()) as T;
}

/** The session's Authorization header, for requests the console does not make itself (Cesium's tiles). */
export function bearerHeaders(): Record<string, string> {
  const token = auth.token();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export const api = {
  call,
  bytes: callBytes,
  url: urlOf,
  get: <T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}) => request<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    request<T>(path, { ...options, method: 'POST', body }),
  upload: <T>(path: string, form: FormData, options: Omit<RequestOptions, 'method' | 'body' | 'form'> = {}) =>
    request<T>(path, { ...options, method: 'POST', form }),
  blob: (path: string, options: Omit<RequestOptions, 'method' | 'body' | 'as'> = {}) => request<Blob>(path, { ...options, method: 'GET', as: 'blob' }),
  rawBytes: (path: string, options: Omit<RequestOptions, 'method' | 'body' | 'as'> = {}) => request<ArrayBuffer>(path, { ...options, method: 'GET', as: 'arrayBuffer' }),
};

type Entry<N extends EndpointName> = Endpoints[N];
type Inputs<N extends EndpointName> = (Entry<N> extends { params: TSchema } ? { params: ParamsOf<Entry<N>> } : { params?: undefined }) &
  (Entry<N> extends { query: TSchema } ? { query?: QueryOf<Entry<N>> } : { query?: undefined }) &
  (Entry<N> extends { bodyKind: 'multipart' } ? { form: FormData } : Entry<N> extends { body: TSchema } ? { body: BodyOf<Entry<N>> } : { body?: undefined });

/** What a call of the endpoint gives: its JSON body's type, or a Blob for a file. */
export type Answer<N extends EndpointName> = ResponseOf<Endpoints[N]> extends Uint8Array ? Blob : ResponseOf<Endpoints[N]>;

/** The arguments of a call: params, query, body or form as the endpoint declares them, and fetch's signal. */
export type CallArgs<N extends EndpointName> = Inputs<N> & Pick<RequestOptions, 'signal' | 'anonymous'>;

type ArgsOf<N extends EndpointName> = Record<string, never> extends CallArgs<N> ? [args?: CallArgs<N>] : [args: CallArgs<N>];

/** The endpoint's path with its parameters filled in, and its query string. */
export function urlOf<N extends EndpointName>(name: N, args: { params?: object; query?: object } = {}): string {
  const e = endpoints[name];
  const params = (args.params ?? {}) as Record<string, string | number>;
  const path = e.path.replace(/:([A-Za-z_]+)/g, (_, key: string) => encodeURIComponent(String(params[key])));
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(args.query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    query.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const q = query.toString();
  return q ? `${path}?${q}` : path;
}

function isBinaryEndpoint(name: EndpointName): boolean {
  return Object.values(endpoints[name].responses).some((schema) => Array.isArray((schema as { 'x-binary'?: unknown })['x-binary']));
}

/** Calls an endpoint of the table by name: `call('cases.get', { params: { id } })`. */
export function call<N extends EndpointName>(name: N, ...[args]: ArgsOf<N>): Promise<Answer<N>> {
  const e = endpoints[name];
  const a = (args ?? {}) as { params?: object; query?: object; body?: unknown; form?: FormData; signal?: AbortSignal; anonymous?: boolean };
  return request<Answer<N>>(urlOf(name, a), {
    method: e.method,
    body: a.body,
    form: a.form,
    signal: a.signal,
    anonymous: a.anonymous,
    as: isBinaryEndpoint(name) ? 'blob' : 'json',
  });
}

/** A file endpoint's answer as bytes (the wall's component pack). */
export function callBytes<N extends EndpointName>(name: N, ...[args]: ArgsOf<N>): Promise<ArrayBuffer> {
  const a = (args ?? {}) as { params?: object; query?: object; signal?: AbortSignal };
  return request<ArrayBuffer>(urlOf(name, a), { method: endpoints[name].method, signal: a.signal, as: 'arrayBuffer' });
}

/** Where the error happened changes what a 401 or 403 means to the user. */
export type ErrorContext = 'login' | 'general';

const messageKeyByStatus: Record<number, string> = {
  400: 'errors.badRequest',
  401: 'errors.unauthorized',
  403: 'errors.forbidden',
  404: 'errors.notFound',
  409: 'errors.conflict',
  413: 'errors.tooLarge',
  415: 'errors.badRequest',
  429: 'errors.tooMany',
  503: 'errors.unavailable',
};

/** A sentence for the user, in the console's language, for any error a call can throw. */
export function errorMessage(error: unknown, context: ErrorContext = 'general'): string {
  const { t } = i18n.global;
  if (error instanceof NetworkError) return t('errors.network');
  if (!(error instanceof ApiError)) return t('errors.unknown');
  if (context === 'login' && error.status === 401) return t('errors.loginFailed');
  if (context === 'login' && error.status === 403) return t('errors.loginForbidden');
  if (error.status === 400 && error.field) return t('errors.badField', { field: error.field, message: localSentence(error.message) });
  const key = messageKeyByStatus[error.status] ?? (error.status >= 500 ? 'errors.internal' : 'errors.unknown');
  return t(key);
}
