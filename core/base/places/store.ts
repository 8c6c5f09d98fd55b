// 地理编码 base data: place names (streets, estates, points of interest) and door plates
// (门牌), each with a point and its grid, so a typed address can be found on the map.
import type { Db } from '../../db/database.js';
import { TableStore, pageOf } from '../../db/table.js';

export type PlaceKind = 'doorplate' | 'poi' | 'estate' | 'street';

export interface PlaceRow {
  id: number;
  kind: PlaceKind;
  /** The full name as people say it: `青禾大道128号`, `青禾县人民医院`. */
  name: string;
  streetName: string | null;
  /** `128号` for door plates. */
  houseNo: string | null;
  lon: number;
  lat: number;
  gridCode: string | null;
}

/** LIKE pattern for text typed by a person: % and _ lose their wildcard meaning. */
function likeContaining(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** List with `{ bbox }` and/or `{ kind }`; find with `doorplate` and `search`. */
export class PlaceStore extends TableStore<PlaceRow, 'kind'> {
  constructor(db: Db) {
    super(db, {
      prefix: 'places',
      table: 'places',
      key: 'id',
      extent: { lon: 'lon', lat: 'lat' },
      filters: { kind: 'kind' },
      columns: {
        id: 'id',
        kind: 'kind',
        name: 'name',
        streetName: 'street_name',
        houseNo: 'house_no',
        lon: 'lon',
        lat: 'lat',
        gridCode: 'grid_code',
      },
    });
  }

  /** The door plate `<street> <houseNo>` exactly, e.g. ('青禾大道', '128号'). */
  async doorplate(streetName: string, houseNo: string): Promise<PlaceRow | undefined> {
    return await this.table.one('doorplate', "kind = 'doorplate' AND street_name = ? AND house_no = ?", [streetName, houseNo]);
  }

  /** Places whose name contains the text: named places first, then door plates, shortest first. */
  async search(text: string, limit = 20): Promise<PlaceRow[]> {
    return await this.table.many(
      'search',
      "WHERE name LIKE ? ESCAPE '\\' ORDER BY kind = 'doorplate', length(name), id LIMIT ?",
      [likeContaining(text), pageOf({ limit }).limit],
    );
  }
}
