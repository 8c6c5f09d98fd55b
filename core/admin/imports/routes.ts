// The import API (系统维护 → 数据导入), for administrators: upload, preview with a field
// mapping, start (dry run or for real), follow a job. The service lives as long as the
// server: it owns the worker threads and the uploads folder.
import { Type, type Static } from 'typebox';
import { tooLarge } from '../../runtime/errors.js';
import { MAX_IMPORT_BYTES } from '../formats/index.js';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import { ADMINS } from '../../contract/roles.js';
import type { CountyContext } from '../../server/context.js';
import { ErrorResponses, withErrors } from '../../server/schemas.js';
import { IMPORT_TARGETS, TARGETS } from './targets.js';

const Options = {
  uploadId: Type.String({ pattern: '^[0-9a-f]{16}$' }),
  target: Type.Union(IMPORT_TARGETS.map((t) => Type.Literal(t))),
  crs: Type.Optional(Type.String({ maxLength: 40, description: 'wgs84, cgcs2000, gcj02, bd09, EPSG:<code>, gk3:<zone>, gk3-cm:<meridian>, gk6:<zone>, gk6-cm:<meridian>' })),
  swapAxes: Type.Optional(Type.Boolean()),
  mapping: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 120 }))),
};
const PreviewBody = Type.Object(Options, { additionalProperties: false });
const StartBody = Type.Object(
  { ...Options, dryRun: Type.Optional(Type.Boolean()), countyName: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })) },
  { additionalProperties: false },
);

export async function importRoutes(app: GridhallApp, ctx: CountyContext): Promise<void> {
  const service = ctx.imports;
  await service.recover();
  app.addHook('onClose', async () => service.close());
  const admin = authorize(ADMINS);
  const security = [{ bearer: [] }];

  app.get(
    '/api/imports/targets',
    { preHandler: admin, schema: { tags: ['data admin'], summary: 'What can be imported, with each target\'s fields', security } },
    async () => ({ targets: IMPORT_TARGETS.map((t) => ({ target: t, geometry: TARGETS[t].geometry, key: TARGETS[t].key, fields: TARGETS[t].fields.map((f) => ({ key: f.key, required: f.required ?? false })) })), maxBytes: MAX_IMPORT_BYTES }),
  );

  app.post(
    '/api/imports/uploads',
    {
      preHandler: [
        admin,
        async (request) => {
          const declared = Number(request.headers['content-length'] ?? 0);
          // Refused before a byte of the body is read.
          if (declared > MAX_IMPORT_BYTES + 1024 * 1024) {
            throw tooLarge(`the upload is ${(declared / 1073741824).toFixed(1)} GB; an import takes at most ${Math.round(MAX_IMPORT_BYTES / 1048576)} MB`);
          }
        },
      ],
      schema: { tags: ['data admin'], summary: 'Upload a file to import (multipart: one .zip/.csv/.xlsx/.geojson, or a Shapefile\'s parts)', security, response: withErrors(200) },
    },
    async (request) => service.saveUpload(request.files({ limits: { fileSize: MAX_IMPORT_BYTES, files: 8 } })),
  );

  app.post(
    '/api/imports/preview',
    { preHandler: admin, schema: { tags: ['data admin'], summary: 'How the file would be read: fields, mapping, coordinate system, first rows, features on a map', security, body: PreviewBody, response: withErrors(200) } },
    async (request) => {
      const { uploadId, ...options } = request.body as Static<typeof PreviewBody>;
      return service.preview(uploadId, options);
    },
  );

  app.post(
    '/api/imports',
    { preHandler: admin, schema: { tags: ['data admin'], summary: 'Start an import (or a dry run) of an upload; follow it at /api/imports/:id', security, body: StartBody, response: { 202: Type.Any(), ...ErrorResponses } } },
    async (request, reply) => {
      const { uploadId, ...options } = request.body as Static<typeof StartBody>;
      const job = await service.start(uploadId, options, request.user!.id);
      return reply.status(202).send(job);
    },
  );

  app.post(
    '/api/imports/:id/cancel',
    {
      preHandler: admin,
      schema: {
        tags: ['data admin'], summary: 'Cancel a running import: it stops at its next chunk and writes nothing', security,
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: { 202: Type.Any(), ...ErrorResponses },
      },
    },
    async (request, reply) => reply.status(202).send(await service.cancel((request.params as { id: number }).id)),
  );

  app.get('/api/imports', { preHandler: admin, schema: { tags: ['data admin'], summary: 'Recent import jobs', security } }, async () => ({ items: await service.jobs() }));

  app.get(
    '/api/imports/:id',
    { preHandler: admin, schema: { tags: ['data admin'], summary: 'An import job: progress while it runs, the report when done', security, params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: withErrors(200) } },
    async (request) => await service.job((request.params as { id: number }).id, request.user!.id),
  );

  app.get(
    '/api/imports/changes/:entity/:key',
    {
      preHandler: admin,
      schema: { tags: ['data admin'], summary: 'What imports changed in one row (变更记录)', security, params: Type.Object({ entity: Type.String({ maxLength: 20 }), key: Type.String({ maxLength: 40 }) }) },
    },
    async (request) => {
      const { entity, key } = request.params as { entity: string; key: string };
      return { items: await service.changesOf(entity, key) };
    },
  );
}
