// The tilesets the command wall shows: core's own buildings tileset and registered folders.
import type { Db } from '../../db/database.js';
import { TableStore } from '../../db/table.js';

export type TilesetKind = 'buildings' | 'external';

export interface TilesetRow {
  id: number;
  name: string;
  kind: TilesetKind;
  /** The folder holding tileset.json. */
  folder: string;
  visible: boolean;
  sourceRevision: string | null;
  tiles: number | null;
  bytes: number | null;
  generatedMs: number | null;
  createdAt: number;
  updatedAt: number;
}

export class TilesetStore extends TableStore<TilesetRow, 'kind'> {
  constructor(private readonly db: Db) {
    super(db, {
      prefix: 'tilesets',
      table: 'tilesets',
      key: 'id',
      filters: { kind: 'kind' },
      columns: {
        id: 'id',
        name: 'name',
        kind: 'kind',
        folder: 'folder',
        visible: { column: 'visible', bool: true },
        sourceRevision: 'source_revision',
        tiles: 'tiles',
        bytes: 'bytes',
        generatedMs: 'generated_ms',
        createdAt: 'created_at',
        updatedAt: 'updated_at',
      },
    });
  }

  async byFolder(folder: string): Promise<TilesetRow | undefined> {
    return await this.table.one('byFolder', 'folder = ?', [folder]);
  }

  async buildings(): Promise<TilesetRow | undefined> {
    return await this.table.one('buildings', "kind = 'buildings'");
  }

  async insert(row: Omit<TilesetRow, 'id'>): Promise<number> {
    const result = await this.db
      .statement(
        'tilesets.insertRow',
        `INSERT INTO tilesets (name, kind, folder, visible, source_revision, tiles, bytes, generated_ms, created_at, updated_at)
         VALUES (@name, @kind, @folder, @visible, @sourceRevision, @tiles, @bytes, @generatedMs, @createdAt, @updatedAt)`,
      )
      .run({ ...row, visible: row.visible ? 1 : 0 });
    return Number(result.lastInsertRowid);
  }

  /** Records a fresh generation of the buildings tileset. */
  async updateGenerated(id: number, values: { sourceRevision: string; tiles: number; bytes: number; generatedMs: number; updatedAt: number }): Promise<void> {
    await this.db
      .statement(
        'tilesets.updateGenerated',
        'UPDATE tilesets SET source_revision = @sourceRevision, tiles = @tiles, bytes = @bytes, generated_ms = @generatedMs, updated_at = @updatedAt WHERE id = @id',
      )
      .run({ ...values, id });
  }

  async setVisible(id: number, visible: boolean, at: number): Promise<boolean> {
    return (await this.db.statement('tilesets.setVisible', 'UPDATE tilesets SET visible = ?, updated_at = ? WHERE id = ?').run([visible ? 1 : 0, at, id])).changes === 1;
  }

  async remove(id: number): Promise<boolean> {
    return (await this.db.statement('tilesets.remove', 'DELETE FROM tilesets WHERE id = ?').run([id])).changes === 1;
  }
}
