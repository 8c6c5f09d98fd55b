// POST /api/attachments (multipart photo upload), GET /api/attachments/:id
import { createReadStream, existsSync } from 'node:fs';
import { attachmentView } from '../cases/index.js';
import { badRequest, notFound, tooLarge } from '../../runtime/errors.js';
import type { GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { route } from '../../server/route.js';
import { MAX_ATTACHMENT_BYTES } from './service.js';

export function attachmentRoutes(app: GridhallApp, ctx: CountyContext): void {
  const service = ctx.attachments;

  route(app, 'attachments.upload', async (request, reply) => {
    if (!request.isMultipart()) throw badRequest('Send the photo as multipart/form-data in the field "file"', 'file');
    const file = await request.file({ limits: { fileSize: MAX_ATTACHMENT_BYTES } });
    if (!file) throw badRequest('No file in the upload', 'file');
    const bytes = await file.toBuffer();
    if (file.file.truncated) throw tooLarge(`Photos may be at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`, 'file');
    const row = await service.save(bytes, { kind: 'photo', originalName: file.filename?.slice(0, 200) ?? null, uploadedBy: request.user!.id });
    return reply.status(201).send(attachmentView(row));
  });

  route(app, 'attachments.get', async (request, reply) => {
    const { id } = request.params;
    const row = await ctx.cases.attachment(id);
    const file = row && service.pathOf(row);
    if (!row || !file || !existsSync(file)) throw notFound(`No attachment ${id}`);
    return reply
      .type(row.mime)
      .header('Cache-Control', 'private, max-age=31536000, immutable')
      .header('X-Content-Type-Options', 'nosniff')
      .send(createReadStream(file));
  });
}
