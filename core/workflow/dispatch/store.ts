// 自动批转 rules: class (and optionally area or grid) -> the responsible department.
import type { Db } from '../../db/database.js';

export interface DispatchRule {
  id: number;
  kind: 'component' | 'event';
  classCode: string;
  areaCode: string | null;
  gridCode: string | null;
  departmentId: number;
  active: boolean;
  note: string | null;
}

const SELECT =
  'id, kind, class_code AS classCode, area_code AS areaCode, grid_code AS gridCode, department_id AS departmentId, active, note';

export class DispatchRuleStore {
  constructor(private readonly db: Db) {}

  async all(): Promise<DispatchRule[]> {
    return (await this.db
      .statement<Omit<DispatchRule, 'active'> & { active: number }>('dispatchRules.all', `SELECT ${SELECT} FROM dispatch_rules ORDER BY kind, class_code, id`)
      .all())
      .map((r) => ({ ...r, active: r.active === 1 }));
  }

  async get(id: number): Promise<DispatchRule | undefined> {
    const r = await this.db
      .statement<Omit<DispatchRule, 'active'> & { active: number }>('dispatchRules.get', `SELECT ${SELECT} FROM dispatch_rules WHERE id = ?`)
      .get([id]);
    return r && { ...r, active: r.active === 1 };
  }

  async insert(rule: Omit<DispatchRule, 'id'>): Promise<number> {
    return Number(
      (await this.db
        .statement(
          'dispatchRules.insert',
          'INSERT INTO dispatch_rules (kind, class_code, area_code, grid_code, department_id, active, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run([rule.kind, rule.classCode, rule.areaCode, rule.gridCode, rule.departmentId, rule.active ? 1 : 0, rule.note]))
        .lastInsertRowid,
    );
  }

  async update(rule: DispatchRule): Promise<boolean> {
    return (
      (await this.db
        .statement(
          'dispatchRules.update',
          'UPDATE dispatch_rules SET kind = ?, class_code = ?, area_code = ?, grid_code = ?, department_id = ?, active = ?, note = ? WHERE id = ?',
        )
        .run([rule.kind, rule.classCode, rule.areaCode, rule.gridCode, rule.departmentId, rule.active ? 1 : 0, rule.note, rule.id])).changes === 1
    );
  }

  async delete(id: number): Promise<boolean> {
    return (await this.db.statement('dispatchRules.delete', 'DELETE FROM dispatch_rules WHERE id = ?').run([id])).changes === 1;
  }

  async count(): Promise<number> {
    return (await this.db.statement<{ n: number }>('dispatchRules.count', 'SELECT count(*) AS n FROM dispatch_rules').get())?.n ?? 0;
  }
}
