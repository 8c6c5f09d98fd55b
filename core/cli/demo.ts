// gridhall demo: create the demo county (synthetic, 青禾县) in a data folder.
import { existsSync } from 'node:fs';
import { openCounty, databasePath } from '../app/index.js';
import { HealthStore } from '../server/health/index.js';
import { createLogger } from '../runtime/log.js';
import type { CliCommand } from './kit.js';

export const demoCommand: CliCommand = (program, kit) => {
  program
    .command('demo')
    .description('create the demo county (synthetic data) in a new data folder')
    .option('--data <dir>', 'data folder (env GRIDHALL_DATA)')
    .option('--size <size>', 'full (~20 km², 170,000 components, a year of cases) or small', 'full')
    .option('--seed <n>', 'seed; the same seed makes the same county')
    .action(async (opts: { data?: string; size: string; seed?: string }) => {
      const config = kit.configFrom({ data: opts.data, demoSize: opts.size, seed: opts.seed });
      if (config.demoSize === 'none') throw new Error('--size must be full or small');
      if (existsSync(databasePath(config.dataDir))) throw new Error(`${databasePath(config.dataDir)} exists already: choose a new data folder`);
      const bar = kit.progressBar();
      const started = performance.now();
      const county = await openCounty(config, { log: createLogger('warn'), onProgress: (s, f) => bar.update(s, f) });
      try {
        bar.done();
        const counts = await new HealthStore(county.db).counts();
        process.stdout.write(
          `Demo county (synthetic) created in ${config.dataDir} in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
            `${counts.grids.toLocaleString('en')} grids, ${counts.components.toLocaleString('en')} components, ${counts.cases.toLocaleString('en')} cases\n`,
        );
        const password = county.generatedAdminPassword ?? county.demoPassword;
        if (password) process.stdout.write(`Sign in as "admin" (or any demo staff account) with password ${password} (shown once)\n`);
      } finally {
        await county.close();
      }
    });
};
