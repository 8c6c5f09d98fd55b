// The server itself: health, signing in and out, the event stream, the OpenAPI document.
import { Type } from 'typebox';
import { HealthResponse, LoginResponse, SessionUser } from '../common.js';
import { endpoint, NoContent } from '../endpoint.js';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export const ChangePasswordBody = Type.Object(
  { current: Type.String({ minLength: 1, maxLength: 256 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

export const systemEndpoints = {
  'health.get': endpoint({
    method: 'GET', path: '/api/health', access: 'public', tag: 'health', summary: 'Server status and the county it serves',
    responses: { 200: HealthResponse },
  }),
  'auth.login': endpoint({
    method: 'POST', path: '/api/auth/login', access: 'public', tag: 'auth', summary: 'Sign in; returns a bearer token',
    body: LoginBody,
    responses: { 200: LoginResponse },
  }),
  'auth.me': endpoint({
    method: 'GET', path: '/api/auth/me', access: 'signed-in', tag: 'auth', summary: 'The signed-in user',
    responses: { 200: SessionUser },
  }),
  'auth.password': endpoint({
    method: 'POST', path: '/api/auth/password', access: 'signed-in', tag: 'auth',
    summary: 'Change your own password (the generated first one, or an expired one, must be changed before anything else)',
    body: ChangePasswordBody,
    responses: { 200: SessionUser },
  }),
  'auth.logout': endpoint({
    method: 'POST', path: '/api/auth/logout', access: 'signed-in', tag: 'auth', summary: 'End this session',
    responses: { 204: NoContent },
  }),
  'events.stream': endpoint({
    method: 'GET', path: '/api/events', access: 'signed-in', tag: 'events', websocket: true,
    summary: 'WebSocket of live events (case changes, alarms, devices); browsers pass ?token=. Messages are EventMessage',
    query: Type.Object({ token: Type.Optional(Type.String()) }),
    responses: { 101: NoContent },
  }),
  'openapi.get': endpoint({
    method: 'GET', path: '/api/openapi.json', access: 'public', tag: 'health', summary: 'This API as an OpenAPI 3.1 document',
    responses: { 200: Type.Record(Type.String(), Type.Unknown()) },
  }),
};
