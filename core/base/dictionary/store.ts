// The classification dictionary (部件/事件分类), versioned by standard.
import type { Db } from '../../db/database.js';
import { TableMap } from '../../db/table.js';

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

  constructor(private readonly db: Db) {
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
  async insertStandards(rows: Iterable<ClassStandardRow>): Promise<number> {
    return await this.standards.insertMany(rows);
  }

  /** Call inside a transaction. */
  async insertMany(rows: Iterable<ClassRow>): Promise<number> {
    return await this.classes.insertMany(rows);
  }

  async listStandards(): Promise<ClassStandardRow[]> {
    return await this.standards.many('list', 'ORDER BY id');
  }

  /** The standard new components and cases are coded under. */
  async activeStandard(): Promise<ClassStandardRow | undefined> {
    return await this.standards.one('active', 'active = 1 ORDER BY id LIMIT 1');
  }

  async list(standardId: string, kind?: ClassKind): Promise<ClassRow[]> {
    if (kind === undefined) return await this.classes.many('listAll', 'WHERE standard_id = ? ORDER BY kind, sort, code', [standardId]);
    return await this.classes.many('listKind', 'WHERE standard_id = ? AND kind = ? ORDER BY sort, code', [standardId, kind]);
  }

  async get(standardId: string, kind: ClassKind, code: string): Promise<ClassRow | undefined> {
    return await this.classes.one('get', 'standard_id = ? AND kind = ? AND code = ?', [standardId, kind, code]);
  }

  async count(): Promise<number> {
    return await this.classes.count();
  }

  /** Adds or renames a class (应用维护); the code and its level stay as keyed. */
  async upsert(row: ClassRow): Promise<void> {
    await this.db
      .statement(
        'classes.upsert',
        `INSERT INTO classes (standard_id, kind, code, level, big_code, name, name_en, local_extension, sort) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (standard_id, kind, code) DO UPDATE SET name = excluded.name, name_en = excluded.name_en,
           local_extension = excluded.local_extension, sort = excluded.sort`,
      )
      .run([row.standardId, row.kind, row.code, row.level, row.bigCode, row.name, row.nameEn, row.localExtension ? 1 : 0, row.sort]);
  }

  /** How many components and cases use a class: a used class cannot be removed. */
  async usage(standardId: string, kind: ClassKind, code: string): Promise<number> {
    const components = kind === 'component'
      ? ((await this.db.statement<{ n: number }>('classes.usageComponents', 'SELECT count(*) AS n FROM components WHERE standard_id = ? AND class_code = ?').get([standardId, code]))?.n ?? 0)
      : 0;
    const cases = (await this.db.statement<{ n: number }>('classes.usageCases', 'SELECT count(*) AS n FROM cases WHERE standard_id = ? AND kind = ? AND class_code = ?').get([standardId, kind, code]))?.n ?? 0;
    const children = (await this.db.statement<{ n: number }>('classes.children', "SELECT count(*) AS n FROM classes WHERE standard_id = ? AND kind = ? AND level = 'small' AND big_code = ? AND code <> big_code").get([standardId, kind, code]))?.n ?? 0;
    return components + cases + children;
  }

  async remove(standardId: string, kind: ClassKind, code: string): Promise<boolean> {
    return (await this.db.statement('classes.remove', 'DELETE FROM classes WHERE standard_id = ? AND kind = ? AND code = ?').run([standardId, kind, code])).changes === 1;
  }

  async setActive(standardId: string): Promise<void> {
    await this.db.statement('classStandards.setActive', 'UPDATE class_standards SET active = (id = ?)').run([standardId]);
  }

  async mappings(fromStandard: string, toStandard: string): Promise<ClassMapping[]> {
    return await this.db
      .statement<ClassMapping>(
        'classMappings.list',
        `SELECT from_standard AS fromStandard, kind, from_code AS fromCode, to_standard AS toStandard, to_kind AS toKind, to_code AS toCode, note
         FROM class_mappings WHERE from_standard = ? AND to_standard = ? ORDER BY kind, from_code`,
      )
      .all([fromStandard, toStandard]);
  }

  async mapping(fromStandard: string, kind: ClassKind, fromCode: string, toStandard: string): Promise<ClassMapping | undefined> {
    return await this.db
      .statement<ClassMapping>(
        'classMappings.get',
        `SELECT from_standard AS fromStandard, kind, from_code AS fromCode, to_standard AS toStandard, to_kind AS toKind, to_code AS toCode, note
         FROM class_mappings WHERE from_standard = ? AND kind = ? AND from_code = ? AND to_standard = ?`,
      )
      .get([fromStandard, kind, fromCode, toStandard]);
  }

  async setMapping(m: ClassMapping): Promise<void> {
    await this.db
      .statement(
        'classMappings.set',
        `INSERT INTO class_mappings (from_standard, kind, from_code, to_standard, to_kind, to_code, note) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (from_standard, kind, from_code, to_standard) DO UPDATE SET to_kind = excluded.to_kind, to_code = excluded.to_code, note = excluded.note`,
      )
      .run([m.fromStandard, m.kind, m.fromCode, m.toStandard, m.toKind, m.toCode, m.note]);
  }

  async removeMapping(fromStandard: string, kind: ClassKind, fromCode: string, toStandard: string): Promise<boolean> {
    return (
      (await this.db.statement('classMappings.remove', 'DELETE FROM class_mappings WHERE from_standard = ? AND kind = ? AND from_code = ? AND to_standard = ?')
        .run([fromStandard, kind, fromCode, toStandard])).changes === 1
    );
  }

  async countMappings(): Promise<number> {
    return (await this.db.statement<{ n: number }>('classMappings.count', 'SELECT count(*) AS n FROM class_mappings').get())?.n ?? 0;
  }
}

/** One old class and the class it became under the newer standard. */
export interface ClassMapping {
  fromStandard: string;
  kind: ClassKind;
  fromCode: string;
  toStandard: string;
  toKind: ClassKind;
  toCode: string;
  note: string | null;
}
