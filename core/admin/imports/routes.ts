// The import API (系统维护 → 数据导入), for administrators: upload, preview with a field
// mapping, start (dry run or for real), follow a job. The service lives as long as the
// server: it owns the worker threads and the uploads folder.
import { tooLarge } from '../../runtime/errors.js';
import { MAX_IMPORT_BYTES } from '../formats/index.js';
import type { GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { route } from '../../server/route.js';
import { IMPORT_TARGETS, TARGETS } from './targets.js';

export async function importRoutes(app: GridhallApp, ctx: CountyContext): Promise<void> {
  const service = ctx.imports;
  await service.recover();
  app.addHook('onClose', async () => service.close());

  route(app, 'imports.targets', async () => ({
    targets: IMPORT_TARGETS.map((t) => ({ target: t, geometry: TARGETS[t].geometry, key: TARGETS[t].key, fields: TARGETS[t].fields.map((f) => ({ key: f.key, required: f.required ?? false })) })),
    maxBytes: MAX_IMPORT_BYTES,
  }));

  route(app, 'imports.upload', async (request) => service.saveUpload(request.files({ limits: { fileSize: MAX_IMPORT_BYTES, files: 8 } })), {
    preHandler: async (request) => {
      const declared = Number(request.headers['content-length'] ?? 0);
      // Refused before a byte of the body is read.
      if (declared > MAX_IMPORT_BYTES + 1024 * 1024) {
        throw tooLarge(`the upload is ${(declared / 1073741824).toFixed(1)} GB; an import takes at most ${Math.round(MAX_IMPORT_BYTES / 1048576)} MB`);
      }
    },
  });

  route(app, 'imports.preview', async (request) => {
    const { uploadId, ...options } = request.body;
    return service.preview(uploadId, options);
  });

  route(app, 'imports.start', async (request, reply) => {
    const { uploadId, ...options } = request.body;
    return reply.status(202).send(await service.start(uploadId, options, request.user!.id));
  });

  route(app, 'imports.cancel', async (request, reply) => reply.status(202).send(await service.cancel(request.params.id)));

  route(app, 'imports.list', async () => ({ items: await service.jobs() }));

  route(app, 'imports.get', async (request) => service.job(request.params.id, request.user!.id));

  route(app, 'imports.changes', async (request) => ({ items: await service.changesOf(request.params.entity, request.params.key) }));
}
