// GET /api/admin/backup: a full backup (database + attachments) made while the county keeps
// working, kept in <data>/backups and sent as a download. Restoring is done with the server
// stopped: `gridhall restore FILE --data <new folder>`.
import { createReadStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { zonedDateTime } from '../../runtime/zone.js';
import { route } from '../../server/route.js';
import { conflict } from '../../runtime/errors.js';

export function backupRoutes(app: GridhallApp, ctx: CountyContext): void {
  route(app, 'admin.backup', async (request, reply) => {
    if (ctx.backups.busy) throw conflict('a backup is being made: wait for it');
    const dir = await ctx.backupSchedule.folder();
    mkdirSync(dir, { recursive: true });
    const stamp = zonedDateTime(ctx.clock.now(), (await ctx.settings.get('calendar')).timeZone).slice(0, 16).replace(/[-: ]/g, '');
    const file = path.join(dir, `gridhall-backup-${stamp}.zip`);
    const manifest = await ctx.backups.write(file, (f) => ctx.events.publish('backup.progress', { fraction: f }));
    const user = request.user!;
    await ctx.audit.record({ id: user.id, username: user.username }, 'backup', path.basename(file), 'backup', undefined, { counts: manifest.counts, attachments: manifest.attachments, sha256: manifest.database.sha256 }, ctx.clock.now(), request.ip);
    void reply.header('content-type', 'application/zip').header('content-disposition', `attachment; filename="${path.basename(file)}"`);
    return reply.send(createReadStream(file));
  });

  // 安全策略 → 数据备份: the schedule, its runs, the restore drill.
  route(app, 'security.backups.get', async () => ctx.backupSchedule.status());
  route(app, 'security.backups.put', async (request) => {
    const user = request.user!;
    await ctx.admin.setSetting({ id: user.id, username: user.username }, 'backups', request.body);
    return { ok: true };
  });
  route(app, 'security.backups.drill', async (request) => {
    const user = request.user!;
    return ctx.backupSchedule.drill({ id: user.id, username: user.username }, request.ip);
  });
}
