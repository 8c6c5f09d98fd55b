// GET /api/admin/backup: a full backup (database + attachments) made while the county keeps
// working, kept in <data>/backups and sent as a download. Restoring is done with the server
// stopped: `gridhall restore FILE --data <new folder>`.
import { createReadStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import { ADMINS } from '../../contract/roles.js';
import type { CountyContext } from '../../server/context.js';
import { zonedDateTime } from '../../runtime/zone.js';

export function backupRoutes(app: GridhallApp, ctx: CountyContext): void {
  let running = false;
  app.get(
    '/api/admin/backup',
    { preHandler: authorize(ADMINS), schema: { tags: ['administration'], summary: 'Download a full backup (.zip: database and attachments)', security: [{ bearer: [] }] } },
    async (request, reply) => {
      if (running) return reply.status(409).send({ error: 'conflict', message: 'a backup is being made: wait for it' });
      running = true;
      try {
        const dir = path.join(ctx.config.dataDir, 'backups');
        mkdirSync(dir, { recursive: true });
        const stamp = zonedDateTime(ctx.clock.now(), (await ctx.settings.get('calendar')).timeZone).slice(0, 16).replace(/[-: ]/g, '');
        const file = path.join(dir, `gridhall-backup-${stamp}.zip`);
        const manifest = await ctx.backups.write(file, (f) => ctx.events.publish('backup.progress', { fraction: f }));
        const user = request.user!;
        await ctx.audit.record({ id: user.id, username: user.username }, 'backup', path.basename(file), 'backup', undefined, { counts: manifest.counts, attachments: manifest.attachments, sha256: manifest.database.sha256 }, ctx.clock.now(), request.ip);
        void reply.header('content-type', 'application/zip').header('content-disposition', `attachment; filename="${path.basename(file)}"`);
        return reply.send(createReadStream(file));
      } finally {
        running = false;
      }
    },
  );
}
