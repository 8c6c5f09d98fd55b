// Filing a case from outside the centre: the photos, the case and the record of who sent it
// (channel, key or user, tracking code, fingerprints for the quotas) in ONE transaction, so a
// refusal at any step stores nothing: no case, no attachment row, no orphaned photo file.
import { unlinkSync } from 'node:fs';
import { type AttachmentService, MAX_ATTACHMENT_BYTES, sniffImage } from '../../workflow/attachments/index.js';
import type { CaseStore } from '../../workflow/cases/index.js';
import type { CaseChange, Actor } from '../../workflow/cases/index.js';
import type { Clock } from '../../runtime/clock.js';
import type { Db } from '../../db/database.js';
import { AppError, tooLarge } from '../../runtime/errors.js';
import type { SettingsStore } from '../../workflow/settings/index.js';
import type { CaseSource, IntakeInput, IntakeService } from './service.js';
import type { IntakeStore, SubmissionRow } from './store.js';
import { fingerprint, newTrackingCode } from './text.js';

export interface PhotoUpload {
  bytes: Buffer;
  name: string | null;
}

export interface SubmissionMeta {
  channel: CaseSource;
  keyId?: number | null;
  userId?: number | null;
  /** The client's idempotency reference: a retry with the same one returns the first case. */
  clientRef?: string | null;
  /** The raw device id and client address; only their salted fingerprints are kept. */
  device?: string | null;
  address?: string | null;
  /** Count this submission against the per-device and per-address quotas. */
  quota?: boolean;
  accountId?: string | null;
  email?: string | null;
  phone?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  mediaUrl?: string | null;
  attributes?: Record<string, string | string[]> | null;
}

export interface Submitted {
  change: CaseChange;
  submission: SubmissionRow;
  /** True when clientRef matched an earlier submission: nothing new was filed. */
  replay: boolean;
}

const HOUR = 3_600_000;

export const tooMany = (message: string) => new AppError('too_many_requests', message);

export class SubmissionService {
  private saltValue: string | undefined;

  constructor(
    private readonly db: Db,
    private readonly intake: IntakeService,
    private readonly cases: CaseStore,
    private readonly store: IntakeStore,
    private readonly attachments: AttachmentService,
    private readonly settings: SettingsStore,
    private readonly clock: Clock,
  ) {}

  private async salt(): Promise<string> {
    this.saltValue ??= await this.store.salt();
    return this.saltValue;
  }

  async fingerprint(value: string): Promise<string> {
    return fingerprint(value, await this.salt());
  }

  /** Throws 415/413 for a photo that is not a JPEG, PNG or WebP, or is too big. Stores nothing. */
  checkPhoto(bytes: Buffer, maxBytes = MAX_ATTACHMENT_BYTES): void {
    if (bytes.length > maxBytes) throw tooLarge(`Photos may be at most ${Math.round(maxBytes / 1024 / 1024)} MB (照片过大)`, 'photo');
    if (bytes.length === 0 || !sniffImage(bytes)) {
      throw new AppError('unsupported_media_type', 'Only JPEG, PNG or WebP photos are accepted (仅支持 JPEG/PNG/WebP 图片)', 'photo');
    }
  }

  /** Throws 429 when the device or the address has filed its share for the hour or the day. */
  async checkQuota(device: string | null | undefined, address: string | null | undefined): Promise<void> {
    const limits = await this.settings.get('intake');
    const now = this.clock.now();
    if (device) {
      const hash = await this.fingerprint(device);
      if (await this.store.countByDevice(hash, now - HOUR) >= limits.reportsPerDevicePerHour || await this.store.countByDevice(hash, now - 24 * HOUR) >= limits.reportsPerDevicePerDay) {
        throw tooMany('This phone has sent many reports already; please try again later (本设备上报过于频繁，请稍后再试)');
      }
    }
    if (address) {
      const hash = await this.fingerprint(address);
      if (await this.store.countByAddress(hash, now - HOUR) >= limits.reportsPerAddressPerHour || await this.store.countByAddress(hash, now - 24 * HOUR) >= limits.reportsPerAddressPerDay) {
        throw tooMany('Too many reports from this network; please try again later (当前网络上报过于频繁，请稍后再试)');
      }
    }
  }

  async submit(report: IntakeInput, photos: PhotoUpload[], meta: SubmissionMeta, actor: Actor): Promise<Submitted> {
    if (meta.clientRef) {
      const earlier = await this.store.submissionByClientRef(meta.channel, meta.userId ?? null, meta.keyId ?? null, meta.clientRef);
      if (earlier) return { change: { case: (await this.cases.get(earlier.caseId))!, events: [] }, submission: earlier, replay: true };
    }
    for (const photo of photos) this.checkPhoto(photo.bytes);
    if (meta.quota) await this.checkQuota(meta.device, meta.address);
    const files = photos.map((p) => this.attachments.prepare(p.bytes));
    const newFiles: string[] = [];
    try {
      // The files first, off the event loop (content-addressed: a file without a row is harmless
      // and is removed below if the case is refused); then every row in one transaction.
      for (const file of files) if (await this.attachments.writeFile(file)) newFiles.push(file.full);
      return await this.db.transaction(async () => {
        const photoIds: number[] = [];
        for (const [k, file] of files.entries()) photoIds.push((await this.attachments.record(file, { kind: 'photo', originalName: photos[k]!.name?.slice(0, 200) ?? null, uploadedBy: meta.userId ?? null })).id);
        const change = await this.intake.report({ ...report, photoIds: [...(report.photoIds ?? []), ...photoIds] }, actor);
        const submission: SubmissionRow = {
          caseId: change.case.id,
          channel: meta.channel,
          token: newTrackingCode(),
          keyId: meta.keyId ?? null,
          userId: meta.userId ?? null,
          clientRef: meta.clientRef ?? null,
          deviceHash: meta.device ? await this.fingerprint(meta.device) : null,
          addressHash: meta.address ? await this.fingerprint(meta.address) : null,
          accountId: meta.accountId ?? null,
          email: meta.email ?? null,
          phone: meta.phone ?? null,
          firstName: meta.firstName ?? null,
          lastName: meta.lastName ?? null,
          mediaUrl: meta.mediaUrl ?? null,
          attributes: meta.attributes && Object.keys(meta.attributes).length ? JSON.stringify(meta.attributes) : null,
          createdAt: this.clock.now(),
        };
        await this.store.insertSubmission(submission);
        return { change, submission, replay: false };
      });
    } catch (error) {
      for (const file of newFiles) {
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
      }
      throw error;
    }
  }
}
