// The county's HTTP + WebSocket server (Fastify): JSON-schema validation on every route
// (TypeBox schemas, which also feed /api/openapi.json), one error shape, bearer-token auth.
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifyWebsocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyRequest, type RouteOptions } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { authRoutes } from '../base/people/routes.js';
import { authorize, isAuthorizeHook, type GridhallApp } from './authorize.js';
import { healthRoutes } from './health/routes.js';
import type { CountyContext } from './context.js';
import { CONSOLE_CSP } from './csp.js';
import { installErrorHandler } from './errors.js';
import { eventRoutes } from './event-routes.js';
import { route } from './route.js';
import { routeModules } from './modules.js';
import { installContractCheck, type ContractObserver } from './contract-check.js';
import { openApiDocument } from './openapi.js';
import { lazySerializers, validatorCompiler } from './validation.js';

export type { GridhallApp } from './authorize.js';

/** JSON bodies above this are refused with 413; uploads have their own limits. */
export const JSON_BODY_LIMIT = 1024 * 1024;

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
  // Browsers cannot set headers on a WebSocket; the event stream takes ?token= instead.
  if (request.url.startsWith('/api/events')) {
    const token = new URL(request.url, 'http://x').searchParams.get('token');
    return token || null;
  }
  return null;
}

const requireUser = authorize();

type Hooks = RouteOptions['preHandler'] | RouteOptions['onRequest'];
const asList = (hooks: Hooks) => (hooks === undefined ? [] : Array.isArray(hooks) ? [...(hooks as unknown[])] : [hooks]);

/**
 * Authentication before anything else (等保: no validation errors, no body parsing for
 * strangers). A route that declares bearer security, or names `authorize` among its
 * preHandlers, gets the check as its first onRequest hook: a request without a valid token
 * (or without the role) is answered 401 (403) before its body is read, so neither a 1 MB body
 * nor a bad one costs anything, and validation cannot tell a stranger what fields exist.
 */
function authenticateFirst(route: RouteOptions): void {
  const pre = asList(route.preHandler);
  const checks = pre.filter(isAuthorizeHook);
  const security = (route.schema as { security?: Record<string, unknown>[] } | undefined)?.security;
  const bearer = security?.some((s) => 'bearer' in s) ?? false;
  if (checks.length === 0 && !bearer) return;
  route.preHandler = pre.filter((h) => !isAuthorizeHook(h)) as RouteOptions['preHandler'];
  route.onRequest = [...(checks.length ? checks : [requireUser]), ...asList(route.onRequest)] as RouteOptions['onRequest'];
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A route as registered: its method, path, and the endpoint of the table it came from (if any). */
export interface RegisteredRoute {
  method: string;
  path: string;
  endpoint: string | undefined;
}

export interface BuildAppOptions {
  /** Validate every answer of a table route against its schema (the API tests' contract check). */
  checkContract?: ContractObserver;
}

export async function buildApp(ctx: CountyContext, options: BuildAppOptions = {}): Promise<{ app: GridhallApp; routes: RegisteredRoute[] }> {
  // HTTPS when the county has a certificate (gridhall tls init, or its own): the citizen
  // page's geolocation and any sign-in off this machine need it.
  const https = ctx.config.tlsCert && ctx.config.tlsKey ? { cert: readFileSync(ctx.config.tlsCert), key: readFileSync(ctx.config.tlsKey) } : null;
  const app = (Fastify as unknown as (options: object) => GridhallApp)({
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: JSON_BODY_LIMIT,
    logController: new LogController({ disableRequestLogging: true }),
    // Response serializers are built on first use, validators too (validation.ts): not before the port answers.
    schemaController: { compilersFactory: { buildSerializer: lazySerializers() } },
    ...(https ? { https } : {}),
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);

  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, path: route.url, endpoint: route.config?.endpoint });
    }
  });
  if (options.checkContract) installContractCheck(app as unknown as GridhallApp, options.checkContract);

  installErrorHandler(app);
  app.addHook('onRoute', authenticateFirst);
  app.decorateRequest('user', null);
  app.decorateRequest('authToken', null);
  app.addHook('onRequest', async (request) => {
    const token = bearerToken(request);
    if (token) {
      request.authToken = token;
      request.user = await ctx.auth.authenticate(token) ?? null;
    }
  });
  // While an import applies its staged rows (a few hundred ms for a county), requests that
  // may write wait here, off the event loop, instead of blocking it on SQLite's write lock.
  app.addHook('onRequest', async (request) => {
    if (ctx.db.writesHeld && !READ_METHODS.has(request.method)) await ctx.db.whenWritable();
  });
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 500 || reply.elapsedTime > 1000) {
      request.log.info({ url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    }
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gridhall county server API',
        description: 'The county server of Gridhall (网格指挥厅): base data, cases, video, analytics and intake.',
        version: ctx.version,
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(fastifyFormbody, { bodyLimit: JSON_BODY_LIMIT });
  await app.register(fastifyMultipart, { limits: { fileSize: 10 * 1024 * 1024, files: 6, fields: 40 } });

  await app.register(async (api) => {
    const scoped = api as unknown as GridhallApp;
    healthRoutes(scoped, ctx);
    authRoutes(scoped, ctx);
    eventRoutes(scoped, ctx);
    for (const register of routeModules) await register(scoped, ctx);
    // Written from the endpoint table; routes not yet in the table come from their own schemas.
    route(scoped, 'openapi.get', async () => {
      const fromRoutes = app.swagger() as { paths?: Record<string, unknown> };
      const fromTable = openApiDocument(ctx.version) as { paths: Record<string, Record<string, unknown>> };
      for (const [path, ops] of Object.entries(fromTable.paths)) fromTable.paths[path] = { ...(fromRoutes.paths?.[path] as object), ...ops };
      return { ...fromTable, paths: { ...fromRoutes.paths, ...fromTable.paths } };
    });
  });

  const rendererDir = ctx.config.rendererDir;
  const hasConsole = rendererDir !== undefined && existsSync(path.join(rendererDir, 'index.html'));
  if (hasConsole) {
    await app.register(fastifyStatic, {
      root: rendererDir,
      prefix: '/',
      wildcard: false,
      setHeaders: (reply, file) => {
        void reply.header('Content-Security-Policy', CONSOLE_CSP);
        void reply.header('X-Content-Type-Options', 'nosniff');
        if (file.includes(`${path.sep}cesium${path.sep}`) || file.includes(`${path.sep}assets${path.sep}`)) {
          void reply.header('Cache-Control', 'public, max-age=86400');
        }
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    const wantsPage = request.method === 'GET' && !url.startsWith('/api/') && !path.extname(url);
    if (hasConsole && wantsPage) {
      void reply.header('Content-Security-Policy', CONSOLE_CSP).type('text/html').sendFile('index.html');
      return;
    }
    void reply.status(404).send({ error: 'not_found', message: `No such route: ${request.method} ${url}` });
  });
  return { app, routes };
}
