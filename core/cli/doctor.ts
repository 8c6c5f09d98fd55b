// gridhall doctor: what this machine has and lacks for running a county.
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { GridhallConfig } from '../runtime/config.js';
import { packageRoot } from '../runtime/version.js';

const run = promisify(execFile);

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** Missing but optional: the county still runs. */
  optional?: boolean;
  fix?: string;
}

async function firstLine(cmd: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await run(cmd, args, { timeout: 10_000 });
    return (stdout || stderr).split('\n').find((l) => l.trim())?.trim();
  } catch {
    return undefined;
  }
}

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.GRIDHALL_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((c): c is string => !!c && existsSync(c));
}

export function electronBinary(root = packageRoot): string | undefined {
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  return path.join(root, 'node_modules', 'electron', 'dist');
}

function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export async function runChecks(config: GridhallConfig): Promise<Check[]> {
  const checks: Check[] = [];
  const major = Number(process.versions.node.split('.')[0]);
  checks.push({ name: 'node', ok: major >= 20, detail: `Node.js ${process.versions.node}`, fix: 'Install Node.js 20.19 or newer' });

  try {
    const { SqliteDb } = await import('../db/sqlite.js');
    const { silentLogger } = await import('../runtime/log.js');
    await new SqliteDb(':memory:', silentLogger).close();
    checks.push({ name: 'sqlite', ok: true, detail: 'better-sqlite3 loads' });
  } catch (error) {
    checks.push({ name: 'sqlite', ok: false, detail: String(error), fix: 'Run npm rebuild better-sqlite3 (needs python3 and g++)' });
  }

  const ffmpeg = await firstLine('ffmpeg', ['-hide_banner', '-version']);
  checks.push({
    name: 'ffmpeg',
    ok: ffmpeg !== undefined,
    detail: ffmpeg ?? 'not found on PATH',
    optional: true,
    fix: 'apt-get install ffmpeg (needed for the video wall)',
  });

  const chromium = findChromium();
  checks.push({
    name: 'chromium',
    ok: chromium !== undefined,
    detail: chromium ? `${chromium} (${(await firstLine(chromium, ['--version'])) ?? 'version unknown'})` : 'not found',
    optional: true,
    fix: 'apt-get install chromium (opens the console as an app window without Electron)',
  });

  const electron = electronBinary();
  checks.push({
    name: 'electron',
    ok: electron !== undefined,
    detail: electron ? `binary present in ${electron}` : 'binary not downloaded (npm start falls back to Chromium or prints the URL)',
    optional: true,
  });

  try {
    mkdirSync(config.dataDir, { recursive: true });
    accessSync(config.dataDir, constants.W_OK);
    checks.push({ name: 'data folder', ok: true, detail: `${config.dataDir} is writable` });
  } catch (error) {
    checks.push({ name: 'data folder', ok: false, detail: `${config.dataDir}: ${(error as Error).message}`, fix: 'Choose another folder with --data or GRIDHALL_DATA' });
  }

  const free = await portFree(config.port, config.host);
  checks.push({
    name: 'port',
    ok: free,
    detail: free ? `${config.host}:${config.port} is free` : `${config.host}:${config.port} is in use (a county may already be running there)`,
    optional: true,
    fix: 'Choose another port with --port or GRIDHALL_PORT',
  });
  return checks;
}

export function formatChecks(checks: Check[]): string {
  return checks
    .map((c) => {
      const mark = c.ok ? 'ok     ' : c.optional ? 'missing' : 'FAILED ';
      const fix = !c.ok && c.fix ? `\n          -> ${c.fix}` : '';
      return `  ${mark} ${c.name.padEnd(12)} ${c.detail}${fix}`;
    })
    .join('\n');
}

/**
 * The restore drill for `gridhall doctor --restore-drill`: the newest backup of the county's
 * backup folders restored into a temporary folder, opened, replayed, its hash chains verified
 * and its counts compared (core/admin/backup/drill.ts). Returns the text and whether it passed.
 */
export async function restoreDrillReport(config: GridhallConfig): Promise<{ ok: boolean; text: string }> {
  const { databasePath } = await import('../app/index.js');
  const { SqliteDb } = await import('../db/sqlite.js');
  const { silentLogger } = await import('../runtime/log.js');
  const { SettingsStore } = await import('../workflow/settings/index.js');
  const { restoreDrill, saveDrillReport } = await import('../admin/backup/index.js');
  const file = databasePath(config.dataDir);
  let folders = [path.join(config.dataDir, 'backups')];
  let live: InstanceType<typeof SqliteDb> | undefined;
  if (existsSync(file)) {
    live = new SqliteDb(file, silentLogger, { readonly: true });
    const s = await new SettingsStore(live).get('backups');
    folders = [s.folder || folders[0]!, s.secondFolder];
  }
  try {
    const report = await restoreDrill(folders, Date.now(), live);
    if (report.backup) saveDrillReport(folders[0]!, report);
    const lines = [`Restore drill (恢复演练) of ${report.backup ?? 'no backup'}${report.backupCreatedAt ? `, made ${report.backupCreatedAt}` : ''}`];
    for (const step of report.steps) lines.push(`  ${step.ok ? 'ok     ' : 'FAILED '} ${step.name.padEnd(12)} ${step.detail}`);
    if (report.counts.length > 0) {
      lines.push(`  ${'table'.padEnd(14)}${'backup'.padStart(10)}${'restored'.padStart(10)}${'live now'.padStart(10)}`);
      for (const c of report.counts) lines.push(`  ${c.table.padEnd(14)}${String(c.manifest).padStart(10)}${String(c.restored).padStart(10)}${String(c.live ?? '-').padStart(10)}`);
    }
    lines.push(
      report.ok ? `PASSED in ${(report.ms / 1000).toFixed(1)} s: the backup restores, opens and verifies`
        : report.backup ? 'FAILED: this backup would not bring the county back; make a new one and look at the backup alarms'
          : 'FAILED: there is no backup to restore; make one (系统维护 → 备份, or gridhall backup FILE.zip) and switch on the schedule',
    );
    return { ok: report.ok, text: lines.join('\n') };
  } finally {
    await live?.close();
  }
}
