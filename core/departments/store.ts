// 专业部门 and the centre: who owns, maintains and disposes.
import type { Db } from '../db/database.js';
import { TableStore } from '../db/table.js';

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
  constructor(db: Db) {
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

  getByCode(code: string): DepartmentRow | undefined {
    return this.table.one('getByCode', 'code = ?', [code]);
  }
}
