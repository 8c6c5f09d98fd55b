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

  plans(): PlanRow[] {
    return this.db.statement<PlanRow>('recording.plans.all', `SELECT ${PLAN} FROM recording_plans ORDER BY camera_id`).all();
  }

  plan(cameraId: number): PlanRow | undefined {
    return this.db.statement<PlanRow>('recording.plans.get', `SELECT ${PLAN} FROM recording_plans WHERE camera_id = ?`).get([cameraId]);
  }

  savePlan(p: PlanRow): void {
    this.db
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

  openSegment(s: Omit<SegmentRow, 'id'>): number {
    const result = this.db
      .statement(
        'recording.segments.open',
        `INSERT INTO recording_segments (camera_id, stream, started_at, ended_at, file, bytes, codec, width, height, kept)
         VALUES (@cameraId, @stream, @startedAt, @endedAt, @file, @bytes, @codec, @width, @height, @kept)`,
      )
      .run({ ...s, kept: s.kept ? 1 : 0 });
    return Number(result.lastInsertRowid);
  }

  /** How far a segment has been written (its end and size so far). */
  extendSegment(id: number, endedAt: number, bytes: number): void {
    this.db.statement('recording.segments.extend', 'UPDATE recording_segments SET ended_at = ?, bytes = ? WHERE id = ?').run([endedAt, bytes, id]);
  }

  /** Segments of a camera overlapping [from, to), oldest first. */
  segments(cameraId: number, from: number, to: number): SegmentRow[] {
    return this.db
      .statement<RawSegment>(
        'recording.segments.between',
        `SELECT ${SEGMENT} FROM recording_segments WHERE camera_id = @cameraId AND started_at < @to AND ended_at > @from ORDER BY started_at`,
      )
      .all({ cameraId, from, to })
      .map(segment);
  }

  segment(id: number): SegmentRow | undefined {
    const row = this.db.statement<RawSegment>('recording.segments.get', `SELECT ${SEGMENT} FROM recording_segments WHERE id = ?`).get([id]);
    return row && segment(row);
  }

  /** Marks the segments of a camera overlapping [from, to) as kept (an event's window). */
  keep(cameraId: number, from: number, to: number): number {
    return this.db
      .statement('recording.segments.keep', 'UPDATE recording_segments SET kept = 1 WHERE camera_id = @cameraId AND started_at < @to AND ended_at > @from AND kept = 0')
      .run({ cameraId, from, to }).changes;
  }

  totalBytes(): number {
    return this.db.statement<{ n: number | null }>('recording.segments.totalBytes', 'SELECT SUM(bytes) AS n FROM recording_segments').get()?.n ?? 0;
  }

  /** The oldest segments of all cameras, for the quota. */
  oldest(limit: number): SegmentRow[] {
    return this.db.statement<RawSegment>('recording.segments.oldest', `SELECT ${SEGMENT} FROM recording_segments ORDER BY ended_at LIMIT ?`).all([limit]).map(segment);
  }

  /** Segments of a camera that ended before a time (retention), a batch at a time. */
  expired(cameraId: number, before: number, limit: number): SegmentRow[] {
    return this.db
      .statement<RawSegment>('recording.segments.expired', `SELECT ${SEGMENT} FROM recording_segments WHERE camera_id = ? AND ended_at < ? ORDER BY started_at LIMIT ?`)
      .all([cameraId, before, limit])
      .map(segment);
  }

  /** Unkept segments (events mode) that ended before a time. */
  unkept(before: number, limit: number): SegmentRow[] {
    return this.db
      .statement<RawSegment>('recording.segments.unkept', `SELECT ${SEGMENT} FROM recording_segments WHERE kept = 0 AND ended_at < ? ORDER BY ended_at LIMIT ?`)
      .all([before, limit])
      .map(segment);
  }

  /** Cameras that have recordings but no plan any more (removed cameras), for retention. */
  camerasWithSegments(): number[] {
    return this.db.statement<{ id: number }>('recording.segments.cameras', 'SELECT DISTINCT camera_id AS id FROM recording_segments').all().map((r) => r.id);
  }

  deleteSegments(ids: number[]): void {
    const del = this.db.statement('recording.segments.delete', 'DELETE FROM recording_segments WHERE id = ?');
    this.db.transaction(() => {
      for (const id of ids) del.run([id]);
    });
  }

  // Events

  addEvent(e: Omit<EventRow, 'id'>): number {
    return Number(this.db.statement('recording.events.add', 'INSERT INTO recording_events (camera_id, at, topic, source) VALUES (@cameraId, @at, @topic, @source)').run({ ...e }).lastInsertRowid);
  }

  events(cameraId: number, from: number, to: number): EventRow[] {
    return this.db
      .statement<EventRow>('recording.events.between', 'SELECT id, camera_id AS cameraId, at, topic, source FROM recording_events WHERE camera_id = ? AND at >= ? AND at < ? ORDER BY at')
      .all([cameraId, from, to]);
  }

  /** Cases reported in a camera's grid in [from, to): marked on its timeline. */
  casesNear(gridCode: string, from: number, to: number): { id: number; number: string; reportedAt: number; description: string }[] {
    return this.db
      .statement<{ id: number; number: string; reportedAt: number; description: string }>(
        'recording.cases.near',
        'SELECT id, case_no AS number, reported_at AS reportedAt, description FROM cases WHERE grid_code = ? AND reported_at >= ? AND reported_at < ? ORDER BY reported_at LIMIT 200',
      )
      .all([gridCode, from, to]);
  }

  // Clips

  addClip(c: Omit<ClipRow, 'id'>): ClipRow {
    const id = Number(
      this.db
        .statement(
          'recording.clips.add',
          `INSERT INTO video_clips (camera_id, asked_from, asked_to, started_at, ended_at, file, bytes, sha256, case_id, reason, created_by, created_at)
           VALUES (@cameraId, @askedFrom, @askedTo, @startedAt, @endedAt, @file, @bytes, @sha256, @caseId, @reason, @createdBy, @createdAt)`,
        )
        .run({ ...c }).lastInsertRowid,
    );
    return { id, ...c };
  }

  clip(id: number): ClipRow | undefined {
    return this.db.statement<ClipRow>('recording.clips.get', `SELECT ${CLIP} FROM video_clips WHERE id = ?`).get([id]);
  }

  clipsOfCase(caseId: number): ClipRow[] {
    return this.db.statement<ClipRow>('recording.clips.ofCase', `SELECT ${CLIP} FROM video_clips WHERE case_id = ? ORDER BY id`).all([caseId]);
  }

  setClipCase(id: number, caseId: number): void {
    this.db.statement('recording.clips.setCase', 'UPDATE video_clips SET case_id = ? WHERE id = ?').run([caseId, id]);
  }
}
