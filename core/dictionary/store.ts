// The classification dictionary (部件/事件分类), versioned by standard.
import type { Db } from '../db/database.js';
import { TableMap } from '../db/table.js';

export type ClassKind = 'component' | 'event';
export type ClassLevel = 'big' | 'small';

export interface ClassStandardRow {
  id: string;
  name: string;
  /** 2 under GB/T 30428.2-2013 (4-digit class codes), 3 under GB/T 47678.5-2026 (5-digit). */
  smallCodeDigits: 2 | 3;
  componentIdDigits: 16 | 17;
  active: boolean;
}

export interface ClassRow {
  standardId: string;
  kind: ClassKind;
  code: string;
  level: ClassLevel;
  bigCode: string;
  name: string;
  nameEn: string | null;
  /** A county's own addition (e.g. 21xx), not a national code. */
  localExtension: boolean;
  sort: number;
}

export class DictionaryStore {
  private readonly standards: TableMap<ClassStandardRow>;
  private readonly classes: TableMap<ClassRow>;

  constructor(db: Db) {
    this.standards = new TableMap<ClassStandardRow>(db, 'classStandards', 'class_standards', {
      id: 'id',
      name: 'name',
      smallCodeDigits: 'small_code_digits',
      componentIdDigits: 'component_id_digits',
      active: { column: 'active', bool: true },
    });
    this.classes = new TableMap<ClassRow>(db, 'classes', 'classes', {
      standardId: 'standard_id',
      kind: 'kind',
      code: 'code',
      level: 'level',
      bigCode: 'big_code',
      name: 'name',
      nameEn: 'name_en',
      localExtension: { column: 'local_extension', bool: true },
      sort: 'sort',
    });
  }

  /** Call inside a transaction, standards before their classes. */
  insertStandards(rows: Iterable<ClassStandardRow>): number {
    return this.standards.insertMany(rows);
  }

  /** Call inside a transaction. */
  insertMany(rows: Iterable<ClassRow>): number {
    return this.classes.insertMany(rows);
  }

  listStandards(): ClassStandardRow[] {
    return this.standards.many('list', 'ORDER BY id');
  }

  /** The standard new components and cases are coded under. */
  activeStandard(): ClassStandardRow | undefined {
    return this.standards.one('active', 'active = 1 ORDER BY id LIMIT 1');
  }

  list(standardId: string, kind?: ClassKind): ClassRow[] {
    if (kind === undefined) return this.classes.many('listAll', 'WHERE standard_id = ? ORDER BY kind, sort, code', [standardId]);
    return this.classes.many('listKind', 'WHERE standard_id = ? AND kind = ? ORDER BY sort, code', [standardId, kind]);
  }

  get(standardId: string, kind: ClassKind, code: string): ClassRow | undefined {
    return this.classes.one('get', 'standard_id = ? AND kind = ? AND code = ?', [standardId, kind, code]);
  }

  count(): number {
    return this.classes.count();
  }
}
