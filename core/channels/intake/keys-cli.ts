// gridhall keys create NAME [--scope open311|sensors|vehicles] | revoke NAME | list
// Works on the county database directly (WAL lets it run beside a running server); a revoked
// key is refused by the server at its next request, as the server checks the table each time.
import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { ConfigError } from '../../runtime/config.js';
import { databasePath } from '../../app/index.js';
import { systemClock } from '../../runtime/clock.js';
import { SqliteDb } from '../../db/sqlite.js';
import { applyMigrations } from '../../db/migrate.js';
import { createLogger } from '../../runtime/log.js';
import type { CliCommand } from '../../cli/index.js';
import { ChannelKeyService, keyView } from './keys.js';
import { IntakeStore, KEY_SCOPES, type KeyScope } from './store.js';

async function withKeys<T>(dataDir: string, fn: (keys: ChannelKeyService) => T): Promise<T> {
  const file = databasePath(dataDir);
  if (!existsSync(file)) throw new ConfigError(`No county database at ${file}; start the server once first`);
  const db = new SqliteDb(file, createLogger('warn'));
  try {
    await applyMigrations(db);
    return fn(new ChannelKeyService(new IntakeStore(db), systemClock));
  } finally {
    await db.close();
  }
}

export const keysCommand: CliCommand = (program: Command, kit) => {
  const keys = program.command('keys').description('channel keys for Open311 clients, sensor gateways and vehicle terminals');
  const dataOption = () => new Option('--data <dir>', 'data folder (env GRIDHALL_DATA)');

  keys
    .command('create <name>')
    .description('make a key and print it once (only its hash is kept)')
    .addOption(new Option('--scope <scope>', 'what the key may do').choices([...KEY_SCOPES]).default('open311'))
    .addOption(dataOption())
    .action(async (name: string, opts: { scope: KeyScope; data?: string }) => {
      const { key, row } = await withKeys(kit.configFrom(opts).dataDir, async (k) => await k.create(name, opts.scope, null));
      process.stdout.write(`${key}\n`);
      process.stderr.write(`Key "${row.name}" (${row.scope}) made. It is shown only this once: keep it now.\n`);
    });

  keys
    .command('revoke <name>')
    .description('revoke the live key of that name; it stops working at once')
    .addOption(dataOption())
    .action(async (name: string, opts: { data?: string }) => {
      const row = await withKeys(kit.configFrom(opts).dataDir, async (k) => await k.revokeByName(name));
      process.stdout.write(`Key "${row.name}" (${row.scope}, ${row.keyHint}…) revoked.\n`);
    });

  keys
    .command('list')
    .description('list keys (names, scopes, hints, use)')
    .addOption(dataOption())
    .action(async (opts: { data?: string }) => {
      const rows = await withKeys(kit.configFrom(opts).dataDir, async (k) => (await k.list()).map(keyView));
      for (const r of rows) {
        process.stdout.write(`${r.name}\t${r.scope}\t${r.hint}\t${r.revokedAt ? `revoked ${r.revokedAt}` : 'live'}\tused ${r.useCount}×\n`);
      }
      if (rows.length === 0) process.stdout.write('No channel keys yet: gridhall keys create NAME\n');
    });
};
