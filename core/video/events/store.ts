// Camera-event rules and what they did (migration 0320): the SQL of video/events.
import type { Db } from '../../db/database.js';

export interface EventRuleRow {
  id: number;
  name: string;
  topic: string;
  /** JSON text of number[]; [] = every camera. */
  cameraIds: string;
  action: 'alarm' | 'case';
  caseKind: 'component' | 'event' | null;
  classCode: string | null;
  fromTime: string;
  toTime: string;
  dedupS: number;
  preS: number;
  postS: number;
  enabled: boolean;
  updatedBy: number | null;
  updatedAt: number;
}

export interface EventHitRow {
  id: number;
  ruleId: number;
  cameraId: number;
  topic: string;
  at: number;
  repeats: number;
  caseId: number | null;
  alarmId: number | null;
  clipId: number | null;
  note: string | null;
}

const RULE = `id, name, topic, camera_ids AS cameraIds, action, case_kind AS caseKind, class_code AS classCode, from_time AS fromTime, to_time AS toTime,
  dedup_s AS dedupS, pre_s AS preS, post_s AS postS, enabled, updated_by AS updatedBy, updated_at AS updatedAt`;
const HIT = `id, rule_id AS ruleId, camera_id AS cameraId, topic, at, repeats, case_id AS caseId, alarm_id AS alarmId, clip_id AS clipId, note`;
type RawRule = Omit<EventRuleRow, 'enabled'> & { enabled: number };
const rule = (r: RawRule): EventRuleRow => ({ ...r, enabled: r.enabled === 1 });

export class CameraEventStore {
  constructor(private readonly db: Db) {}

  async rules(): Promise<EventRuleRow[]> {
    return (await this.db.statement<RawRule>('cameraEvents.rules.all', `SELECT ${RULE} FROM camera_event_rules ORDER BY id`).all()).map(rule);
  }

  async rule(id: number): Promise<EventRuleRow | undefined> {
    const row = await this.db.statement<RawRule>('cameraEvents.rules.get', `SELECT ${RULE} FROM camera_event_rules WHERE id = ?`).get([id]);
    return row && rule(row);
  }

  async saveRule(r: Omit<EventRuleRow, 'id'> & { id?: number }): Promise<number> {
    const values = { ...r, enabled: r.enabled ? 1 : 0 };
    if (r.id === undefined) {
      return Number(
        (await this.db
          .statement(
            'cameraEvents.rules.insert',
            `INSERT INTO camera_event_rules (name, topic, camera_ids, action, case_kind, class_code, from_time, to_time, dedup_s, pre_s, post_s, enabled, updated_by, updated_at)
             VALUES (@name, @topic, @cameraIds, @action, @caseKind, @classCode, @fromTime, @toTime, @dedupS, @preS, @postS, @enabled, @updatedBy, @updatedAt)`,
          )
          .run(values)).lastInsertRowid,
      );
    }
    await this.db
      .statement(
        'cameraEvents.rules.update',
        `UPDATE camera_event_rules SET name = @name, topic = @topic, camera_ids = @cameraIds, action = @action, case_kind = @caseKind, class_code = @classCode,
           from_time = @fromTime, to_time = @toTime, dedup_s = @dedupS, pre_s = @preS, post_s = @postS, enabled = @enabled, updated_by = @updatedBy, updated_at = @updatedAt WHERE id = @id`,
      )
      .run(values);
    return r.id;
  }

  async deleteRule(id: number): Promise<boolean> {
    return (await this.db.statement('cameraEvents.rules.delete', 'DELETE FROM camera_event_rules WHERE id = ?').run([id])).changes > 0;
  }

  /** The newest hit of a rule on a camera at or after `since` (the de-duplication window). */
  async lastHit(ruleId: number, cameraId: number, since: number): Promise<EventHitRow | undefined> {
    return this.db
      .statement<EventHitRow>('cameraEvents.hits.last', `SELECT ${HIT} FROM camera_event_hits WHERE rule_id = ? AND camera_id = ? AND at >= ? ORDER BY at DESC LIMIT 1`)
      .get([ruleId, cameraId, since]);
  }

  async addHit(h: { ruleId: number; cameraId: number; topic: string; at: number }): Promise<number> {
    return Number((await this.db.statement('cameraEvents.hits.add', 'INSERT INTO camera_event_hits (rule_id, camera_id, topic, at) VALUES (@ruleId, @cameraId, @topic, @at)').run(h)).lastInsertRowid);
  }

  async repeat(id: number): Promise<void> {
    await this.db.statement('cameraEvents.hits.repeat', 'UPDATE camera_event_hits SET repeats = repeats + 1 WHERE id = ?').run([id]);
  }

  async setHitOutcome(id: number, o: { caseId?: number | null; alarmId?: number | null; clipId?: number | null; note?: string | null }): Promise<void> {
    await this.db
      .statement(
        'cameraEvents.hits.outcome',
        `UPDATE camera_event_hits SET case_id = COALESCE(@caseId, case_id), alarm_id = COALESCE(@alarmId, alarm_id), clip_id = COALESCE(@clipId, clip_id),
           note = COALESCE(@note, note) WHERE id = @id`,
      )
      .run({ id, caseId: o.caseId ?? null, alarmId: o.alarmId ?? null, clipId: o.clipId ?? null, note: o.note ?? null });
  }

  async hits(limit: number): Promise<EventHitRow[]> {
    return this.db.statement<EventHitRow>('cameraEvents.hits.recent', `SELECT ${HIT} FROM camera_event_hits ORDER BY at DESC, id DESC LIMIT ?`).all([limit]);
  }
}
