// 地理编码 (GB/T 30428.3 style): an address typed by a hotline operator -> a point and a grid,
// and a GPS point -> its grid, community, street and the nearest door plate.
import { badRequest } from '../../runtime/errors.js';
import type { GridStore } from '../grids/index.js';
import type { PlaceRow, PlaceStore } from '../places/index.js';

export interface Located {
  lon: number;
  lat: number;
  gridCode: string | null;
  communityCode: string | null;
  streetCode: string | null;
  /** The place the address matched, or the nearest door plate for a point. */
  address: string | null;
  matchedKind: PlaceRow['kind'] | 'point';
}

const FULL_WIDTH_DIGITS = /[０-９]/g;

/** Trims, folds full-width digits and spaces, and drops the county's own name in front. */
export function normalizeAddress(text: string, countyNames: string[] = []): string {
  let s = text.replace(FULL_WIDTH_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/\s+/g, '');
  for (const name of countyNames) if (name && s.startsWith(name)) s = s.slice(name.length);
  return s.replace(/號/g, '号');
}

/** "青禾大道128号" -> street "青禾大道", house "128号"; also "青禾大道128" and "青禾大道128号附近". */
export function splitDoorplate(text: string): { street: string; houseNo: string } | undefined {
  const m = /^(.*?[^\d-])(\d+(?:-\d+)?)号?(?:附近|旁边|门口|对面|前)?$/.exec(text);
  if (!m) return undefined;
  return { street: m[1]!, houseNo: `${m[2]}号` };
}

export function areaCodesOfGrid(gridCode: string | null): { communityCode: string | null; streetCode: string | null } {
  if (!gridCode) return { communityCode: null, streetCode: null };
  return { communityCode: gridCode.slice(0, 12), streetCode: gridCode.slice(0, 9) };
}

export class Geocoder {
  constructor(
    private readonly grids: GridStore,
    private readonly places: PlaceStore,
    private readonly countyNames: () => Promise<string[]> = async () => [],
  ) {}

  /** Forward geocoding; throws 400 naming the field when the address cannot be found. */
  async forward(text: string, field = 'address'): Promise<Located> {
    const s = normalizeAddress(text, await this.countyNames());
    if (s.length < 2) throw badRequest('The address is too short to find (地址过短，无法定位)', field);
    const place = await this.findPlace(s);
    if (!place) throw badRequest(`The address "${text.trim()}" does not match any street, door plate or place of the county (地址无法匹配，请在地图上选点)`, field);
    return await this.locatePlace(place);
  }

  private async findPlace(s: string): Promise<PlaceRow | undefined> {
    const door = splitDoorplate(s);
    if (door) {
      // The street name may carry a community or area before it: try shorter and shorter tails.
      for (let cut = 0; cut < door.street.length - 1; cut++) {
        const hit = await this.places.doorplate(door.street.slice(cut), door.houseNo);
        if (hit) return hit;
      }
    }
    const named = await this.places.search(s, 5);
    if (named.length) return named[0];
    if (door) {
      for (let cut = 0; cut < door.street.length - 1; cut++) {
        const street = await this.places.search(door.street.slice(cut), 1);
        if (street.length) return street[0];
      }
    }
    return undefined;
  }

  private async locatePlace(place: PlaceRow): Promise<Located> {
    const gridCode = place.gridCode ?? (await this.grids.gridAt(place.lon, place.lat))?.code ?? null;
    return { lon: place.lon, lat: place.lat, gridCode, ...areaCodesOfGrid(gridCode), address: place.name, matchedKind: place.kind };
  }

  /** Reverse geocoding of a GPS point: its grid and the nearest door plate within about 150 m. */
  async reverse(lon: number, lat: number): Promise<Located> {
    const grid = await this.grids.gridAt(lon, lat);
    const d = 0.0015;
    const near = await this.places.list({ bbox: { west: lon - d, south: lat - d, east: lon + d, north: lat + d }, kind: 'doorplate', limit: 200 });
    let best: PlaceRow | undefined;
    let bestDist = Infinity;
    const k = Math.cos((lat * Math.PI) / 180);
    for (const p of near) {
      const dist = ((p.lon - lon) * k) ** 2 + (p.lat - lat) ** 2;
      if (dist < bestDist) {
        best = p;
        bestDist = dist;
      }
    }
    const gridCode = grid?.code ?? null;
    return { lon, lat, gridCode, ...areaCodesOfGrid(gridCode), address: best ? `${best.name}附近` : null, matchedKind: 'point' };
  }
}
