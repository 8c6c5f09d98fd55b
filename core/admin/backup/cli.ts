// gridhall restore FILE: brings a county back from a full backup into a new data folder.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CliCommand } from '../../cli/index.js';
import { restoreBackup } from './backup.js';

export const restoreCommand: CliCommand = (program, kit) => {
  program
    .command('restore <file>')
    .description('restore a full backup (a .zip from the console, or from gridhall backup FILE.zip) into a new, empty data folder')
    .option('--data <dir>', 'the new data folder to restore into (env GRIDHALL_DATA); it must not hold a county yet')
    .action(async (file: string, opts: { data?: string }) => {
      const config = kit.configFrom(opts);
      if (!existsSync(file)) throw new Error(`no such file: ${file}`);
      const bar = kit.progressBar();
      bar.update('checking the backup', 0.2);
      const manifest = await restoreBackup(path.resolve(file), config.dataDir);
      bar.done();
      const c = manifest.counts;
      process.stdout.write(
        `Restored ${manifest.county ? `${manifest.county.name} (${manifest.county.adminCode})` : 'a county'} from ${manifest.createdAt}\n` +
          `  ${c.grids} grids, ${c.components} components, ${c.cases} cases, ${c.users} users, ${manifest.attachments} attachments\n` +
          `  into ${config.dataDir}\n  start it with: gridhall serve --data ${config.dataDir}\n`,
      );
    });
};
