// Recording's SQL: plans per camera, the segment index, events and clips (migration 0310).
import type { RecordingMode, StreamKind } from '../../contract/index.js';
import type { Db } from '../../db/database.js';

export interface PlanRow {
  cameraId: number;
  mode: RecordingMode;
  stream: StreamKind;
  /** JSON text of ScheduleSpan[]. */
  schedule: string;
  preS: number;
  postS: number;
  retainDays: number;
  priority: number;
  updatedBy: number | null;
  updatedAt: number;
}

export interface SegmentRow {
  id: number;
  cameraId: number;
  stream: StreamKind;
  startedAt: number;
  endedAt: number;
  file: string;
  bytes: number;
  codec: string | null;
  width: number | null;
  height: number | null;
  kept: boolean;
}

export interface EventRow {
  id: number;
  cameraId: number;
  at: number;
  topic: string;
  source: string;
}

export interface ClipRow {
  id: number;
  cameraId: number;
  askedFrom: number;
  askedTo: number;
  startedAt: number;
  endedAt: number;
  file: string;
  bytes: number;
  sha256: string;
  caseId: number | null;
  reason: string | null;
  createdBy: number | null;
  createdAt: number;
}

const PLAN = `camera_id AS cameraId, mode, stream, schedule, pre_s AS preS, post_s AS postS, retain_days AS retainDays, priority, updated_by AS updatedBy, updated_at AS updatedAt`;
const SEGMENT = `id, camera_id AS cameraId, stream, started_at AS startedAt, ended_at AS endedAt, file, bytes, codec, width, height, kept`;
const CLIP = `id, camera_id AS cameraId, asked_from AS askedFrom, asked_to AS askedTo, started_at AS startedAt, ended_at AS endedAt, file, bytes, sha256,
  case_id AS caseId, reason, created_by AS createdBy, created_at AS createdAt`;

type RawSegment = Omit<SegmentRow, 'kept'> & { kept: number };
const segment = (r: RawSegment): SegmentRow => ({ ...r, kept: r.kept === 1 });

export class RecordingStore {
  constructor(private readonly db: Db) {}

  // Plans

  async plans(): Promise<PlanRow[]> {
    return await this.db.statement<PlanRow>('recording.plans.all', `SELECT ${PLAN} FROM recording_plans ORDER BY camera_id`).all();
  }

  async plan(cameraId: number): Promise<PlanRow | undefined> {
    return await this.db.statement<PlanRow>('recording.plans.get', `SELECT ${PLAN} FROM recording_plans WHERE camera_id = ?`).get([cameraId]);
  }

  async savePlan(p: PlanRow): Promise<void> {
    await this.db
      .statement(
        'recording.plans.save',
        `INSERT INTO recording_plans (camera_id, mode, stream, schedule, pre_s, post_s, retain_days, priority, updated_by, updated_at)
         VALUES (@cameraId, @mode, @stream, @schedule, @preS, @postS, @retainDays, @priority, @updatedBy, @updatedAt)
         ON CONFLICT(camera_id) DO UPDATE SET mode = excluded.mode, stream = excluded.stream, schedule = excluded.schedule, pre_s = excluded.pre_s,
           post_s = excluded.post_s, retain_days = excluded.retain_days, priority = excluded.priority, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run({ ...p });
  }

  // Segments

  async openSegment(s: Omit<SegmentRow, 'id'>): Promise<number> {
    const result = await this.db
      .statement(
        'recording.segments.open',
        `INSERT INTO recording_segments (camera_id, stream, started_at, ended_at, file, bytes, codec, width, height, kept)
         VALUES (@cameraId, @stream, @startedAt, @endedAt, @file, @bytes, @codec, @width, @height, @kept)`,
      )
      .run({ ...s, kept: s.kept ? 1 : 0 });
    return Number(result.lastInsertRowid);
  }

  /** How far a segment has been written (its end and size so far). */
  async extendSegment(id: number, endedAt: number, bytes: number): Promise<void> {
    await this.db.statement('recording.segments.extend', 'UPDATE recording_segments SET ended_at = ?, bytes = ? WHERE id = ?').run([endedAt, bytes, id]);
  }

  /** Segments of a camera overlapping [from, to), oldest first. */
  async segments(cameraId: number, from: number, to: number): Promise<SegmentRow[]> {
    return (await this.db
      .statement<RawSegment>(
        'recording.segments.between',
        `SELECT ${SEGMENT} FROM recording_segments WHERE camera_id = @cameraId AND started_at < @to AND ended_at > @from ORDER BY started_at`,
      )
      .all({ cameraId, from, to }))
      .map(segment);
  }

  async recordedUntil(cameraId: number): Promise<number> {
    return (await this.db.statement<{ until: number | null }>('recording.segments.until', 'SELECT MAX(ended_at) AS until FROM recording_segments WHERE camera_id = ?').get([cameraId]))?.until ?? 0;
  }

  async segment(id: number): Promise<SegmentRow | undefined> {
    const row = await this.db.statement<RawSegment>('recording.segments.get', `SELECT ${SEGMENT} FROM recording_segments WHERE id = ?`).get([id]);
    return row && segment(row);
  }

  /** Marks the segments of a camera overlapping [from, to) as kept (an event's window). */
  async keep(cameraId: number, from: number, to: number): Promise<number> {
    return (await this.db
      .statement('recording.segments.keep', 'UPDATE recording_segments SET kept = 1 WHERE camera_id = @cameraId AND started_at < @to AND ended_at > @from AND kept = 0')
      .run({ cameraId, from, to })).changes;
  }

  async totalBytes(): Promise<number> {
    return (await this.db.statement<{ n: number | null }>('recording.segments.totalBytes', 'SELECT SUM(bytes) AS n FROM recording_segments').get())?.n ?? 0;
  }

  /** The oldest segments of all cameras, for the quota. */
  async oldest(limit: number): Promise<SegmentRow[]> {
    return (await this.db.statement<RawSegment>('recording.segments.oldest', `SELECT ${SEGMENT} FROM recording_segments ORDER BY ended_at LIMIT ?`).all([limit])).map(segment);
  }

  /** Segments of a camera that ended before a time (retention), a batch at a time. */
  async expired(cameraId: number, before: number, limit: number): Promise<SegmentRow[]> {
    return (await this.db
      .statement<RawSegment>('recording.segments.expired', `SELECT ${SEGMENT} FROM recording_segments WHERE camera_id = ? AND ended_at < ? ORDER BY started_at LIMIT ?`)
      .all([cameraId, before, limit]))
      .map(segment);
  }

  /** Unkept segments (events mode) that ended before a time. */
  async unkept(before: number, limit: number): Promise<SegmentRow[]> {
    return (await this.db
      .statement<RawSegment>('recording.segments.unkept', `SELECT ${SEGMENT} FROM recording_segments WHERE kept = 0 AND ended_at < ? ORDER BY ended_at LIMIT ?`)
      .all([before, limit]))
      .map(segment);
  }

  /** Cameras that have recordings but no plan any more (removed cameras), for retention. */
  async camerasWithSegments(): Promise<number[]> {
    return (await this.db.statement<{ id: number }>('recording.segments.cameras', 'SELECT DISTINCT camera_id AS id FROM recording_segments').all()).map((r) => r.id);
  }

  async deleteSegments(ids: number[]): Promise<void> {
    const del = this.db.statement('recording.segments.delete', 'DELETE FROM recording_segments WHERE id = ?');
    await this.db.transaction(async () => {
      for (const id of ids) await del.run([id]);
    });
  }

  // Events

  async addEvent(e: Omit<EventRow, 'id'>): Promise<number> {
    return Number((await this.db.statement('recording.events.add', 'INSERT INTO recording_events (camera_id, at, topic, source) VALUES (@cameraId, @at, @topic, @source)').run({ ...e })).lastInsertRowid);
  }

  async events(cameraId: number, from: number, to: number): Promise<EventRow[]> {
    return await this.db
      .statement<EventRow>('recording.events.between', 'SELECT id, camera_id AS cameraId, at, topic, source FROM recording_events WHERE camera_id = ? AND at >= ? AND at < ? ORDER BY at')
      .all([cameraId, from, to]);
  }

  /** Cases reported in a camera's grid in [from, to): marked on its timeline. */
  async casesNear(gridCode: string, from: number, to: number): Promise<{ id: number; number: string; reportedAt: number; description: string }[]> {
    return await this.db
      .statement<{ id: number; number: string; reportedAt: number; description: string }>(
        'recording.cases.near',
        'SELECT id, case_no AS number, reported_at AS reportedAt, description FROM cases WHERE grid_code = ? AND reported_at >= ? AND reported_at < ? ORDER BY reported_at LIMIT 200',
      )
      .all([gridCode, from, to]);
  }

  // Clips

  async addClip(c: Omit<ClipRow, 'id'>): Promise<ClipRow> {
    const id = Number(
      (await this.db
        .statement(
          'recording.clips.add',
          `INSERT INTO video_clips (camera_id, asked_from, asked_to, started_at, ended_at, file, bytes, sha256, case_id, reason, created_by, created_at)
           VALUES (@cameraId, @askedFrom, @askedTo, @startedAt, @endedAt, @file, @bytes, @sha256, @caseId, @reason, @createdBy, @createdAt)`,
        )
        .run({ ...c })).lastInsertRowid,
    );
    return { id, ...c };
  }

  async clip(id: number): Promise<ClipRow | undefined> {
    return await this.db.statement<ClipRow>('recording.clips.get', `SELECT ${CLIP} FROM video_clips WHERE id = ?`).get([id]);
  }

  async clipsOfCase(caseId: number): Promise<ClipRow[]> {
    return await this.db.statement<ClipRow>('recording.clips.ofCase', `SELECT ${CLIP} FROM video_clips WHERE case_id = ? ORDER BY id`).all([caseId]);
  }

  async setClipCase(id: number, caseId: number): Promise<void> {
    await this.db.statement('recording.clips.setCase', 'UPDATE video_clips SET case_id = ? WHERE id = ?').run([caseId, id]);
  }
}
