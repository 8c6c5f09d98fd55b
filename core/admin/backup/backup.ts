// A full backup of a county: one .zip holding a consistent copy of the database (SQLite's
// online backup, so the county keeps working while it is taken), every attachment (photos,
// snapshots), and a manifest saying what it is. Restore checks all of that before it writes
// a byte, and writes only into a new data folder: a running server is never touched.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { DB_FILE } from '../../db/files.js';
import type { Db } from '../../db/database.js';
import { SqliteDb as Database, asSqlite } from '../../db/sqlite.js';
import { migrations } from '../../db/migrations/index.js';
import { unzipTo } from '../formats/index.js';
import { BackupStore } from './store.js';
import { createLogger } from '../../runtime/log.js';
import { version } from '../../runtime/version.js';
import { conflict } from '../../runtime/errors.js';

export const MANIFEST = 'gridhall-backup.json';
export const BACKUP_FORMAT = 1;

export interface BackupManifest {
  format: number;
  gridhallVersion: string;
  createdAt: string;
  schema: number;
  county: { adminCode: string; name: string } | null;
  counts: Record<string, number>;
  database: { file: string; bytes: number; sha256: string };
  attachments: number;
}

export class BackupError extends Error {}

/** The SHA-256 of a file, read as a stream. */
export function sha256Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file).on('data', (c) => hash.update(c)).on('end', () => resolve(hash.digest('hex'))).on('error', reject);
  });
}

function listFiles(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(full, base) : e.isFile() ? [path.relative(base, full)] : [];
  });
}

async function describe(db: Db): Promise<Pick<BackupManifest, 'schema' | 'county' | 'counts'>> {
  return await new BackupStore(db).describe();
}

/**
 * Writes a full backup of the county whose database is `db` and whose data folder is
 * `dataDir` to `target` (.zip). `onProgress` gets the share of the database copied.
 */
export async function writeBackup(db: Db, dataDir: string, target: string, onProgress?: (fraction: number) => void): Promise<BackupManifest> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'gridhall-backup-'));
  try {
    const copy = path.join(scratch, DB_FILE);
    await asSqlite(db, 'backup').backupTo(copy, (f) => onProgress?.(f * 0.8));
    const snapshot = new Database(copy, createLogger('warn'), { readonly: true });
    const facts = await (async () => {
      try {
        return await describe(snapshot);
      } finally {
        await snapshot.close();
      }
    })();
    const attachments = listFiles(path.join(dataDir, 'attachments'));
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT, gridhallVersion: version, createdAt: new Date().toISOString(), ...facts,
      database: { file: DB_FILE, bytes: statSync(copy).size, sha256: await sha256Of(copy) }, attachments: attachments.length,
    };
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2)), MANIFEST);
    zip.addFile(copy, DB_FILE);
    for (const rel of attachments) zip.addFile(path.join(dataDir, 'attachments', rel), `attachments/${rel.split(path.sep).join('/')}`, { compress: false });
    zip.end();
    const partial = `${target}.partial`;
    await pipeline(zip.outputStream, createWriteStream(partial));
    renameSync(partial, target);
    onProgress?.(1);
    return manifest;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Reads and checks a backup without writing anywhere but a scratch folder. */
export async function inspectBackup(file: string, scratch: string): Promise<{ manifest: BackupManifest; dir: string }> {
  if (!existsSync(file)) throw new BackupError(`no such file: ${file}`);
  const dir = path.join(scratch, 'unpacked');
  // The zip is flattened by unzipTo; attachments are restored from their own listing below.
  await unzipBackup(file, dir);
  const manifestPath = path.join(dir, MANIFEST);
  if (!existsSync(manifestPath)) throw new BackupError(`${path.basename(file)} is not a Gridhall backup (no ${MANIFEST})`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BackupManifest;
  } catch {
    throw new BackupError(`the backup's ${MANIFEST} is not readable`);
  }
  if (manifest.format !== BACKUP_FORMAT) throw new BackupError(`backup format ${manifest.format} is not one this Gridhall reads (${BACKUP_FORMAT})`);
  const dbFile = path.join(dir, DB_FILE);
  if (!existsSync(dbFile)) throw new BackupError('the backup holds no database');
  if ((await sha256Of(dbFile)) !== manifest.database.sha256) throw new BackupError('the backup\'s database does not match its checksum: the file is damaged');
  const newest = Math.max(...migrations.map((m) => m.id));
  if (manifest.schema > newest) {
    throw new BackupError(`the backup comes from a newer Gridhall (schema ${manifest.schema}, this one knows up to ${newest}): upgrade first`);
  }
  const db = new Database(dbFile, createLogger('warn'), { readonly: true });
  try {
    const check = db.pragma('quick_check') as { quick_check: string }[];
    if (check[0]?.quick_check !== 'ok') throw new BackupError(`the backup's database fails SQLite's check: ${check[0]?.quick_check ?? 'no answer'}`);
    const facts = await describe(db);
    if (JSON.stringify(facts.counts) !== JSON.stringify(manifest.counts)) throw new BackupError('the backup\'s database does not hold what its manifest says');
  } finally {
    await db.close();
  }
  const present = listFiles(path.join(dir, 'attachments')).length;
  if (present !== manifest.attachments) throw new BackupError(`the backup lists ${manifest.attachments} attachments but holds ${present}`);
  return { manifest, dir };
}

/** Unpacks keeping the attachments/ tree (only that one folder level is trusted). */
async function unzipBackup(file: string, dir: string): Promise<void> {
  const flat = path.join(dir, '.flat');
  const written = await unzipTo(file, flat, 64 * 1024 ** 3, { keepPaths: true });
  mkdirSync(dir, { recursive: true });
  for (const f of written) {
    const rel = path.relative(flat, f);
    const target = path.join(dir, rel);
    mkdirSync(path.dirname(target), { recursive: true });
    renameSync(f, target);
  }
  rmSync(flat, { recursive: true, force: true });
}

/**
 * Restores a backup into `dataDir`, which must not hold a county yet (a new folder, or an
 * empty one). Stop the server, restore into a new folder, then start the server on it.
 */
export async function restoreBackup(file: string, dataDir: string): Promise<BackupManifest> {
  if (existsSync(path.join(dataDir, DB_FILE))) {
    throw new BackupError(
      `${dataDir} already holds a county. Restore into a new data folder (--data <new folder>), then start the server on it; the current county stays untouched`,
    );
  }
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'gridhall-restore-'));
  try {
    const { manifest, dir } = await inspectBackup(file, scratch);
    mkdirSync(dataDir, { recursive: true });
    const attachments = path.join(dir, 'attachments');
    if (existsSync(attachments)) renameSync(attachments, path.join(dataDir, 'attachments'));
    // The database lands last, under its final name: a folder with gridhall.db is a whole county.
    renameSync(path.join(dir, DB_FILE), path.join(dataDir, `${DB_FILE}.restoring`));
    renameSync(path.join(dataDir, `${DB_FILE}.restoring`), path.join(dataDir, DB_FILE));
    return manifest;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** This county's backups, for the routes and the schedule: the database and the data folder are the county's own. */
export class BackupService {
  private running = 0;

  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
  ) {}

  /** Whether a backup is being written (one at a time: the console's and the schedule's). */
  get busy(): boolean {
    return this.running > 0;
  }

  async write(target: string, onProgress?: (fraction: number) => void): Promise<BackupManifest> {
    if (this.running > 0) throw conflict('a backup is being made: wait for it (正在备份，请稍候)');
    this.running++;
    try {
      return await writeBackup(this.db, this.dataDir, target, onProgress);
    } finally {
      this.running--;
    }
  }
}
