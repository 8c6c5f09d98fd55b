// gridhall import buildings FILE.geojson: check every footprint, write all or nothing, then make
// the buildings tileset again. gridhall tileset add|list|remove: tileset folders (实景三维)
// the wall shows beside or instead of the buildings.
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { parseBuildingsGeoJson, writeBuildings } from '../base/buildings/index.js';
import { BuildingStore } from '../base/buildings/index.js';
import { systemClock } from '../runtime/clock.js';
import type { GridhallConfig } from '../runtime/config.js';
import { CountyStore } from '../base/county/index.js';
import { databasePath } from '../app/index.js';
import { SqliteDb } from '../db/sqlite.js';
import { applyMigrations } from '../db/migrate.js';
import { GridStore } from '../base/grids/index.js';
import { createLogger } from '../runtime/log.js';
import { TilesetService } from '../wall/tiles/index.js';
import { TilesetStore } from '../wall/tiles/index.js';
import type { CliCommand } from './kit.js';

/** Problems printed before "and N more": enough to see the pattern, not a wall of text. */
const SHOWN_PROBLEMS = 30;

async function openData(config: GridhallConfig) {
  const file = databasePath(config.dataDir);
  if (!existsSync(file)) throw new Error(`No county database at ${file}: start the server once (gridhall serve) or give --data`);
  const db = new SqliteDb(file, createLogger('warn'));
  await applyMigrations(db);
  const buildings = new BuildingStore(db);
  const tilesets = new TilesetService(new TilesetStore(db), buildings, config.dataDir, systemClock);
  return { db, buildings, tilesets, grids: new GridStore(db), county: new CountyStore(db) };
}

/** The `import` command group; the data-administration importers add their kinds beside buildings. */
function importGroup(program: Command): Command {
  return program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('import the county\'s own data');
}

export const modelsCommand: CliCommand = (program, kit) => {
  importGroup(program)
    .command('buildings <file>')
    .description('import building footprints and heights from GeoJSON and make the 3D buildings tileset')
    .option('--data <dir>', 'data folder (env GRIDHALL_DATA)')
    .option('--replace', 'replace every building of the county (default: add to them)')
    .option('--height-field <name>', 'property with the height in metres (default: height, height_m, 高度, or floors × storey height)')
    .option('--floor-height <m>', 'storey height for a floor count', '3')
    .option('--dry-run', 'check the file and report, write nothing')
    .action(async (file: string, _opts: unknown, command: Command) => {
      // The data-import command this sits under declares --data (and --dry-run) too: read the options of both.
      const opts = command.optsWithGlobals<{ data?: string; replace?: boolean; heightField?: string; floorHeight: string; dryRun?: boolean }>();
      if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`No such file: ${file}`);
      const floorHeightM = Number(opts.floorHeight);
      if (!(floorHeightM > 0 && floorHeightM < 20)) throw new Error(`--floor-height must be a number of metres, got "${opts.floorHeight}"`);
      const config = kit.configFrom(opts);
      const data = await openData(config);
      try {
        const bar = kit.progressBar();
        bar.update('reading and checking footprints', 0);
        const county = await data.county.get();
        const parsed = parseBuildingsGeoJson(readFileSync(file, 'utf8'), { heightField: opts.heightField, floorHeightM, bounds: county ?? undefined });
        bar.done();
        if (parsed.problems.length) {
          for (const p of parsed.problems.slice(0, SHOWN_PROBLEMS)) process.stdout.write(`  ${p.feature ? `feature ${p.feature}` : file}: ${p.message}\n`);
          if (parsed.problems.length > SHOWN_PROBLEMS) process.stdout.write(`  ... and ${parsed.problems.length - SHOWN_PROBLEMS} more\n`);
          process.stdout.write(`Nothing was imported: ${parsed.problems.length} problem(s) in ${parsed.features} feature(s). Fix the file and run again. (未导入任何数据)\n`);
          process.exitCode = 1;
          return;
        }
        process.stdout.write(`Checked ${parsed.features} feature(s): ${parsed.buildings.length} building(s), no problems.\n`);
        if (opts.dryRun) return;
        const written = await writeBuildings(data, parsed.buildings, { replace: opts.replace, onProgress: (f) => bar.update('writing buildings', f) });
        bar.done();
        process.stdout.write(`Wrote ${written.written} building(s)${opts.replace ? `, replacing ${written.removed}` : ''}.\n`);
        const started = performance.now();
        const row = await data.tilesets.ensureBuildings((f) => bar.update('making the 3D tileset', f));
        bar.done();
        process.stdout.write(row ? `3D tileset: ${row.tiles} tile(s), ${((row.bytes ?? 0) / 1e6).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s\n` : 'No buildings: no 3D tileset.\n');
      } finally {
        await data.db.close();
      }
    });

  const tileset = program.command('tileset').description('3D tilesets shown on the command wall (实景三维)');
  tileset
    .command('add <folder>')
    .description('register a 3D Tiles folder (with tileset.json) by path; core serves it to the wall')
    .option('--data <dir>', 'data folder (env GRIDHALL_DATA)')
    .option('--name <name>', 'name shown on the wall')
    .option('--hidden', 'register it hidden')
    .action(async (folder: string, opts: { data?: string; name?: string; hidden?: boolean }) => {
      const data = await openData(kit.configFrom(opts));
      try {
        const view = await data.tilesets.register({ folder, name: opts.name, visible: !opts.hidden });
        process.stdout.write(`Registered tileset ${view.id} "${view.name}" from ${view.folder}\n`);
      } finally {
        await data.db.close();
      }
    });
  tileset
    .command('list')
    .description('the tilesets the wall shows')
    .option('--data <dir>', 'data folder (env GRIDHALL_DATA)')
    .action(async (opts: { data?: string }) => {
      const data = await openData(kit.configFrom(opts));
      try {
        for (const t of await data.tilesets.list()) {
          process.stdout.write(`${String(t.id).padStart(3)}  ${t.kind.padEnd(9)} ${t.visible ? 'shown ' : 'hidden'}  ${t.name}  ${t.folder}\n`);
        }
      } finally {
        await data.db.close();
      }
    });
  tileset
    .command('remove <id>')
    .description('unregister a tileset folder (its files stay where they are)')
    .option('--data <dir>', 'data folder (env GRIDHALL_DATA)')
    .action(async (id: string, opts: { data?: string }) => {
      const data = await openData(kit.configFrom(opts));
      try {
        await data.tilesets.unregister(Number(id));
        process.stdout.write(`Unregistered tileset ${id}\n`);
      } finally {
        await data.db.close();
      }
    });
};
