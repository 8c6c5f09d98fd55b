// Time-limit rows (处置时限 and per-step limits) per standard, kind and class.
import type { Db } from '../../db/database.js';
import type { LimitRow, Stage } from './defaults.js';

export interface StoredLimit extends LimitRow {
  id: number;
  standardId: string;
}

interface Raw {
  id: number;
  standard_id: string;
  kind: LimitRow['kind'];
  class_code: string;
  stage: Stage;
  value: number;
  unit: LimitRow['unit'];
  urgent_value: number | null;
  urgent_unit: 'hours' | 'days' | null;
  filing_condition: string | null;
  closing_condition: string | null;
}

function toLimit(r: Raw): StoredLimit {
  const limit: StoredLimit = { id: r.id, standardId: r.standard_id, kind: r.kind, classCode: r.class_code, stage: r.stage, value: r.value, unit: r.unit };
  if (r.urgent_value !== null && r.urgent_unit !== null) {
    limit.urgentValue = r.urgent_value;
    limit.urgentUnit = r.urgent_unit;
  }
  if (r.filing_condition) limit.filingCondition = r.filing_condition;
  if (r.closing_condition) limit.closingCondition = r.closing_condition;
  return limit;
}

const COLUMNS = 'id, standard_id, kind, class_code, stage, value, unit, urgent_value, urgent_unit, filing_condition, closing_condition';

export class LimitsStore {
  constructor(private readonly db: Db) {}

  async all(standardId: string): Promise<StoredLimit[]> {
    return (await this.db
      .statement<Raw>('limits.all', `SELECT ${COLUMNS} FROM time_limits WHERE standard_id = ? ORDER BY stage, kind, class_code`)
      .all([standardId]))
      .map(toLimit);
  }

  async upsert(standardId: string, row: LimitRow): Promise<void> {
    await this.db
      .statement(
        'limits.upsert',
        `INSERT INTO time_limits (standard_id, kind, class_code, stage, value, unit, urgent_value, urgent_unit, filing_condition, closing_condition)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (standard_id, kind, class_code, stage) DO UPDATE SET
           value = excluded.value, unit = excluded.unit, urgent_value = excluded.urgent_value, urgent_unit = excluded.urgent_unit,
           filing_condition = excluded.filing_condition, closing_condition = excluded.closing_condition`,
      )
      .run([
        standardId, row.kind, row.classCode, row.stage, row.value, row.unit,
        row.urgentValue ?? null, row.urgentUnit ?? null, row.filingCondition ?? null, row.closingCondition ?? null,
      ]);
  }

  async get(standardId: string, kind: LimitRow['kind'], classCode: string, stage: Stage): Promise<StoredLimit | undefined> {
    const r = await this.db
      .statement<Raw>('limits.get', `SELECT ${COLUMNS} FROM time_limits WHERE standard_id = ? AND kind = ? AND class_code = ? AND stage = ?`)
      .get([standardId, kind, classCode, stage]);
    return r && toLimit(r);
  }

  async remove(standardId: string, kind: LimitRow['kind'], classCode: string, stage: Stage): Promise<boolean> {
    return (
      (await this.db.statement('limits.remove', 'DELETE FROM time_limits WHERE standard_id = ? AND kind = ? AND class_code = ? AND stage = ?')
        .run([standardId, kind, classCode, stage])).changes === 1
    );
  }

  async count(): Promise<number> {
    return (await this.db.statement<{ n: number }>('limits.count', 'SELECT count(*) AS n FROM time_limits').get() ?? { n: 0 }).n;
  }
}
