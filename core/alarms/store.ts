// 告警中心's SQL: the alarms table (migration 0720), with the names of who saw and handled each
// and the case number it is about.
import type { Db } from '../db/database.js';
import type { AlarmSeverity, AlarmState } from '../contract/alarms.js';

export interface AlarmRow {
  id: number;
  kind: string;
  severity: AlarmSeverity;
  title: string;
  titleEn: string | null;
  detail: string | null;
  detailEn: string | null;
  sourceKey: string | null;
  state: AlarmState;
  raisedAt: number;
  lastAt: number;
  repeats: number;
  clearedAt: number | null;
  seenAt: number | null;
  seenBy: number | null;
  handledAt: number | null;
  handledBy: number | null;
  handledNote: string | null;
  caseId: number | null;
  departmentId: number | null;
  deviceKind: string | null;
  deviceId: number | null;
  deviceCode: string | null;
  lon: number | null;
  lat: number | null;
  gridCode: string | null;
  /** JSON */
  data: string | null;
}

/** A row as listed: with the names of the people and the case number. */
export interface AlarmListRow extends AlarmRow {
  seenByName: string | null;
  handledByName: string | null;
  caseNo: string | null;
}

export type NewAlarmRow = Omit<AlarmRow, 'id' | 'state' | 'repeats' | 'clearedAt' | 'seenAt' | 'seenBy' | 'handledAt' | 'handledBy' | 'handledNote'>;

const SELECT = `SELECT a.id, a.kind, a.severity, a.title, a.title_en AS titleEn, a.detail, a.detail_en AS detailEn,
  a.source_key AS sourceKey, a.state, a.raised_at AS raisedAt, a.last_at AS lastAt, a.repeats, a.cleared_at AS clearedAt,
  a.seen_at AS seenAt, a.seen_by AS seenBy, a.handled_at AS handledAt, a.handled_by AS handledBy, a.handled_note AS handledNote,
  a.case_id AS caseId, a.department_id AS departmentId, a.device_kind AS deviceKind, a.device_id AS deviceId, a.device_code AS deviceCode,
  a.lon, a.lat, a.grid_code AS gridCode, a.data,
  su.display_name AS seenByName, hu.display_name AS handledByName, c.case_no AS caseNo
FROM alarms a
LEFT JOIN users su ON su.id = a.seen_by
LEFT JOIN users hu ON hu.id = a.handled_by
LEFT JOIN cases c ON c.id = a.case_id`;

export interface AlarmFilter {
  /** `only`: the listed kinds; `except`: every kind but the listed ones (kinds not yet named in the rules included). */
  mode: 'only' | 'except';
  kinds: readonly string[];
  /** A department reader also sees these kinds for its own department. */
  departmentOnly: { kinds: readonly string[]; departmentId: number | null } | null;
  states: readonly AlarmState[];
  before: number | null;
  limit: number;
}

export class AlarmStore {
  constructor(private readonly db: Db) {}

  async insert(row: NewAlarmRow): Promise<number> {
    const result = await this.db
      .statement(
        'alarms.insert',
        `INSERT INTO alarms (kind, severity, title, title_en, detail, detail_en, source_key, raised_at, last_at, case_id, department_id,
           device_kind, device_id, device_code, lon, lat, grid_code, data)
         VALUES (@kind, @severity, @title, @titleEn, @detail, @detailEn, @sourceKey, @raisedAt, @lastAt, @caseId, @departmentId,
           @deviceKind, @deviceId, @deviceCode, @lon, @lat, @gridCode, @data)`,
      )
      .run(row);
    return Number(result.lastInsertRowid);
  }

  async get(id: number): Promise<AlarmListRow | undefined> {
    return await this.db.statement<AlarmListRow>('alarms.get', `${SELECT} WHERE a.id = ?`).get([id]);
  }

  /** The alarm not yet handled that carries this key, if any. */
  async openByKey(key: string): Promise<AlarmRow | undefined> {
    return await this.db
      .statement<AlarmRow>('alarms.openByKey', `${SELECT} WHERE a.source_key = ? AND a.state <> 'handled' ORDER BY a.id DESC LIMIT 1`)
      .get([key]);
  }

  /** A repeat: the latest time, the count, the newer wording, and a cleared alarm stands again. */
  async repeat(id: number, at: number, title: string, titleEn: string | null, detail: string | null, detailEn: string | null, data: string | null): Promise<void> {
    await this.db
      .statement(
        'alarms.repeat',
        `UPDATE alarms SET last_at = max(last_at, ?), repeats = repeats + 1, title = ?, title_en = ?, detail = ?, detail_en = ?,
           data = coalesce(?, data), cleared_at = NULL WHERE id = ?`,
      )
      .run([at, title, titleEn, detail, detailEn, data, id]);
  }

  async markSeen(id: number, userId: number, at: number): Promise<boolean> {
    return (await this.db.statement('alarms.seen', `UPDATE alarms SET state = 'seen', seen_at = ?, seen_by = ? WHERE id = ? AND state = 'new'`).run([at, userId, id])).changes > 0;
  }

  async markHandled(id: number, userId: number, at: number, note: string | null): Promise<boolean> {
    return (
      (await this.db
        .statement(
          'alarms.handled',
          `UPDATE alarms SET state = 'handled', handled_at = ?, handled_by = ?, handled_note = ?,
             seen_at = coalesce(seen_at, ?), seen_by = coalesce(seen_by, ?) WHERE id = ? AND state <> 'handled'`,
        )
        .run([at, userId, note, at, userId, id])).changes > 0
    );
  }

  async markCleared(id: number, at: number): Promise<void> {
    await this.db.statement('alarms.cleared', 'UPDATE alarms SET cleared_at = ? WHERE id = ? AND cleared_at IS NULL').run([at, id]);
  }

  async list(filter: AlarmFilter): Promise<AlarmListRow[]> {
    const { where, params } = whereOf(filter);
    if (where === null) return [];
    const sql = `${SELECT} WHERE ${[...where, 'a.id < @before'].join(' AND ')} ORDER BY a.id DESC LIMIT @limit`;
    return await this.db.statement<AlarmListRow>(`alarms.list[${filterName(filter)}]`, sql).all({ ...params, before: filter.before ?? Number.MAX_SAFE_INTEGER, limit: filter.limit });
  }

  async countByState(filter: Omit<AlarmFilter, 'states' | 'before' | 'limit'>): Promise<Record<AlarmState, number>> {
    const counts: Record<AlarmState, number> = { new: 0, seen: 0, handled: 0 };
    const { where, params } = whereOf({ ...filter, states: [] });
    if (where === null) return counts;
    const sql = `SELECT a.state AS state, count(*) AS n FROM alarms a WHERE ${where.join(' AND ')} GROUP BY a.state`;
    const rows = await this.db.statement<{ state: AlarmState; n: number }>(`alarms.countByState[${filterName({ ...filter, states: [] })}]`, sql).all(params);
    for (const r of rows) counts[r.state] = r.n;
    return counts;
  }
}

/**
 * The WHERE of a reader's view. Kinds and states are bound as JSON arrays (`json_each`), so
 * one statement serves any list; null when the reader may see nothing.
 */
function whereOf(filter: Pick<AlarmFilter, 'mode' | 'kinds' | 'departmentOnly' | 'states'>): { where: string[] | null; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = { kinds: JSON.stringify(filter.kinds) };
  const dept = filter.departmentOnly;
  if (filter.mode === 'only' && filter.kinds.length === 0 && !dept) return { where: null, params };
  const byKind = `a.kind ${filter.mode === 'only' ? 'IN' : 'NOT IN'} (SELECT value FROM json_each(@kinds))`;
  if (dept) {
    where.push(`(${byKind} OR (a.kind IN (SELECT value FROM json_each(@departmentKinds)) AND a.department_id = @departmentId))`);
    params.departmentKinds = JSON.stringify(dept.kinds);
    params.departmentId = dept.departmentId ?? -1;
  } else where.push(byKind);
  if (filter.states.length > 0) {
    where.push('a.state IN (SELECT value FROM json_each(@states))');
    params.states = JSON.stringify(filter.states);
  }
  return { where, params };
}

function filterName(filter: Pick<AlarmFilter, 'mode' | 'departmentOnly' | 'states'>): string {
  return [filter.mode, filter.departmentOnly ? 'dept' : '', filter.states.length > 0 ? 'states' : ''].filter(Boolean).join(',');
}
