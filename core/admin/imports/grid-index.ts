// Point -> unit grid for a whole import at once: grid boxes in a Flatbush index, then an
// exact point-in-polygon test on the few candidates.
import Flatbush from 'flatbush';
import { pointInPolygon, type Ring } from '../../base/geo/index.js';

export interface IndexedGrid {
  code: string;
  rings: Ring[];
  box: [number, number, number, number];
}

export class GridIndex {
  private readonly index: Flatbush | undefined;

  constructor(readonly grids: IndexedGrid[]) {
    if (grids.length === 0) return;
    this.index = new Flatbush(grids.length);
    for (const g of grids) this.index.add(...g.box);
    this.index.finish();
  }

  static fromRows(rows: { code: string; geometry: string; west: number; south: number; east: number; north: number }[]): GridIndex {
    return new GridIndex(
      rows.map((r) => ({ code: r.code, rings: (JSON.parse(r.geometry) as { coordinates: Ring[] }).coordinates, box: [r.west, r.south, r.east, r.north] })),
    );
  }

  get size(): number {
    return this.grids.length;
  }

  gridAt(lon: number, lat: number): string | undefined {
    if (!this.index) return undefined;
    for (const k of this.index.search(lon, lat, lon, lat)) {
      const g = this.grids[k]!;
      if (pointInPolygon(lon, lat, g.rings)) return g.code;
    }
    return undefined;
  }
}
