// 部件: city components as a survey found them, each under its 16- (or 17-) digit ID.
import type { Db } from '../../db/database.js';
import { TableStore } from '../../db/table.js';

/** OBJSTATE: 完好 / 破损 / 丢失 / 占用. */
export type ComponentState = 'intact' | 'damaged' | 'lost' | 'occupied';

export interface ComponentRow {
  id: string;
  standardId: string;
  classCode: string;
  /** OBJNAME, the standard name. */
  name: string | null;
  state: ComponentState;
  /** 主管/权属 department. */
  ownerDeptId: number | null;
  /** 养护 department. */
  maintainerDeptId: number | null;
  gridCode: string | null;
  lon: number;
  lat: number;
  /** DATASOURCE: 实测 / 地形图 / 其它. */
  dataSource: string | null;
  note: string | null;
  /** ORDATE, YYYY-MM-DD. */
  createdDate: string | null;
  /** CHDATE, YYYY-MM-DD. */
  changedDate: string | null;
}

/** List with any of `{ bbox, gridCode, classCode, state }`. */
export class ComponentStore extends TableStore<ComponentRow, 'gridCode' | 'classCode' | 'state'> {
  constructor(private readonly db: Db) {
    super(db, {
      prefix: 'components',
      table: 'components',
      key: 'id',
      extent: { lon: 'lon', lat: 'lat' },
      filters: { gridCode: 'grid_code', classCode: 'class_code', state: 'state' },
      columns: {
        id: 'id',
        standardId: 'standard_id',
        classCode: 'class_code',
        name: 'name',
        state: 'state',
        ownerDeptId: 'owner_dept_id',
        maintainerDeptId: 'maintainer_dept_id',
        gridCode: 'grid_code',
        lon: 'lon',
        lat: 'lat',
        dataSource: 'data_source',
        note: 'note',
        createdDate: 'created_date',
        changedDate: 'changed_date',
      },
    });
  }

  async countByClass(): Promise<{ classCode: string; count: number }[]> {
    return await this.db
      .statement<{ classCode: string; count: number }>(
        'components.countByClass',
        'SELECT class_code AS classCode, count(*) AS count FROM components GROUP BY class_code ORDER BY class_code',
      )
      .all();
  }

  /** The highest serial used for a class in this county: the next survey continues after it. */
  async maxSerial(adminCode: string, classCode: string): Promise<number> {
    const row = await this.db
      .statement<{ id: string | null }>('components.maxIdOfClass', 'SELECT max(id) AS id FROM components WHERE class_code = ? AND id LIKE ?')
      .get([classCode, `${adminCode}${classCode}%`]);
    return row?.id ? Number(row.id.slice(adminCode.length + classCode.length)) : 0;
  }
}
