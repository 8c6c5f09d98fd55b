// Photos and snapshots kept as evidence: checked by their bytes (not their name), stored once
// per content in the data folder, recorded in SQLite.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AttachmentRow, CaseStore } from '../cases/index.js';
import type { Clock } from '../../runtime/clock.js';
import { AppError, tooLarge } from '../../runtime/errors.js';
import { imageDamage } from './image-check.js';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const SIGNATURES: { mime: string; ext: string; test: (b: Buffer) => boolean }[] = [
  { mime: 'image/jpeg', ext: 'jpg', test: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/png', ext: 'png', test: (b) => b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mime: 'image/webp', ext: 'webp', test: (b) => b.length > 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP' },
];

/** The image type the bytes really are, or undefined. */
export function sniffImage(bytes: Buffer): { mime: string; ext: string } | undefined {
  const hit = SIGNATURES.find((s) => s.test(bytes));
  return hit && { mime: hit.mime, ext: hit.ext };
}

export interface AttachmentMeta {
  kind: AttachmentRow['kind'];
  originalName: string | null;
  uploadedBy: number | null;
}

export interface PreparedFile {
  bytes: Buffer;
  type: { mime: string; ext: string };
  sha256: string;
  relative: string;
  full: string;
}

export class AttachmentService {
  constructor(
    private readonly dataDir: string,
    private readonly cases: CaseStore,
    private readonly clock: Clock,
  ) {}

  async save(bytes: Buffer, meta: AttachmentMeta): Promise<AttachmentRow> {
    const file = this.prepare(bytes);
    if (!existsSync(file.full)) {
      mkdirSync(path.dirname(file.full), { recursive: true });
      writeFileSync(file.full, bytes);
    }
    return await this.record(file, meta);
  }

  /**
   * Checks the bytes (size, real image type) and names their file, without writing anything:
   * channels that take many photos at once write the files off the event loop (`writeFile`),
   * then `record` the rows in their own transaction.
   */
  prepare(bytes: Buffer): PreparedFile {
    if (bytes.length === 0) throw new AppError('bad_request', 'The file is empty', 'file');
    if (bytes.length > MAX_ATTACHMENT_BYTES) throw tooLarge(`Photos may be at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`, 'file');
    const type = sniffImage(bytes);
    if (!type) throw new AppError('unsupported_media_type', 'Only JPEG, PNG or WebP photos are accepted (仅支持 JPEG/PNG/WebP 图片)', 'file');
    const damage = imageDamage(bytes, type.mime);
    if (damage) throw new AppError('bad_request', `The photo cannot be used: ${damage} (图片已损坏或不完整)`, 'file');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const relative = path.join('attachments', sha256.slice(0, 2), `${sha256}.${type.ext}`);
    return { bytes, type, sha256, relative, full: path.join(this.dataDir, relative) };
  }

  /** Writes the file unless the same content is kept already; true when it made a new file. */
  async writeFile(file: PreparedFile): Promise<boolean> {
    if (existsSync(file.full)) return false;
    await mkdir(path.dirname(file.full), { recursive: true });
    await writeFile(file.full, file.bytes);
    return true;
  }

  /** The attachment row of a prepared (and written) file. */
  async record(file: PreparedFile, meta: AttachmentMeta): Promise<AttachmentRow> {
    const row: Omit<AttachmentRow, 'id'> = {
      caseId: null,
      eventId: null,
      kind: meta.kind,
      mime: file.type.mime,
      bytes: file.bytes.length,
      sha256: file.sha256,
      file: file.relative,
      originalName: meta.originalName,
      uploadedBy: meta.uploadedBy,
      createdAt: this.clock.now(),
    };
    return { id: await this.cases.insertAttachment(row), ...row };
  }

  pathOf(row: AttachmentRow): string {
    return path.join(this.dataDir, row.file);
  }
}
