// 专业部门 and the centre: who owns, maintains and disposes.
import type { Db } from '../../db/database.js';
import { TableStore } from '../../db/table.js';

export type DepartmentKind = 'centre' | 'department' | 'street' | 'enterprise';

export interface DepartmentRow {
  id: number;
  code: string;
  name: string;
  kind: DepartmentKind;
  parentId: number | null;
  /** 1: county-level unit; 2: second-level (street/town) unit (二级处置). */
  level: 1 | 2;
  phone: string | null;
  active: boolean;
}

/** Insert parents before children. List with `{ kind }`. */
export class DepartmentStore extends TableStore<DepartmentRow, 'kind'> {
  constructor(private readonly db: Db) {
    super(db, {
      prefix: 'departments',
      table: 'departments',
      key: 'id',
      filters: { kind: 'kind' },
      columns: {
        id: 'id',
        code: 'code',
        name: 'name',
        kind: 'kind',
        parentId: 'parent_id',
        level: 'level',
        phone: 'phone',
        active: { column: 'active', bool: true },
      },
    });
  }

  async getByCode(code: string): Promise<DepartmentRow | undefined> {
    return await this.table.one('getByCode', 'code = ?', [code]);
  }

  /** A new department (administration, imports); returns its id. `changedDate` is 变更日期. */
  async create(d: Omit<DepartmentRow, 'id'>, changedDate: string | null): Promise<number> {
    return Number(
      (await this.db
        .statement(
          'departments.create',
          'INSERT INTO departments (code, name, kind, parent_id, level, phone, active, changed_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run([d.code, d.name, d.kind, d.parentId, d.level, d.phone, d.active ? 1 : 0, changedDate])).lastInsertRowid,
    );
  }

  async update(id: number, d: Omit<DepartmentRow, 'id' | 'code'>, changedDate: string | null): Promise<void> {
    await this.db
      .statement(
        'departments.update',
        'UPDATE departments SET name = ?, kind = ?, parent_id = ?, level = ?, phone = ?, active = ?, changed_date = ? WHERE id = ?',
      )
      .run([d.name, d.kind, d.parentId, d.level, d.phone, d.active ? 1 : 0, changedDate, id]);
  }
}
