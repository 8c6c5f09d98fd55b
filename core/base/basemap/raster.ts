// Draws one web-mercator (XYZ) tile of the county base map: water, green space, plazas,
// building blocks, streets with their real widths, unit-grid lines and street names, in the
// command hall's dark style. Skia through @napi-rs/canvas does the drawing (see docs/WALL.md).
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';

export const TILE_SIZE = 256;

export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

export interface Extent {
  west: number;
  south: number;
  east: number;
  north: number;
}

type Line = readonly (readonly [number, number])[];

export type LandKind = 'water' | 'green' | 'plaza' | 'residential' | 'commercial' | 'industrial' | 'public' | 'construction';

export interface MapFeatures {
  /** Water, green, plazas and land use: each polygon with its kind and name. */
  land: { kind: LandKind; name: string | null; rings: Line[] }[];
  /** Building footprints: the blocks of the city at street level. */
  blocks: Line[][];
  streets: { kind: 'main' | 'secondary' | 'lane'; widthM: number; name: string; line: Line }[];
  grids: Line[][];
}

/**
 * The hall's map colours: a navy night map that still reads as a town. Land use in muted tints
 * of its own (housing slate, commerce violet, industry olive, public services rose, building
 * sites ochre), green and water clearly green and blue, streets lighter than everything they
 * cross, names in near-white with a dark halo.
 */
export const MAP_STYLE = {
  ground: '#0e1c2e',
  land: {
    residential: '#1b2c44',
    commercial: '#2c2850',
    industrial: '#2b3024',
    public: '#3a2438',
    construction: '#3a2f1a',
    plaza: '#2a3b58',
    green: '#1c5a3c',
    water: '#1a5d92',
  },
  waterEdge: '#4fa3d9',
  greenEdge: '#2f7d54',
  block: '#34507a',
  blockEdge: '#5577a6',
  casing: '#08121f',
  street: { main: '#7190ba', secondary: '#5e799f', lane: '#465f82' },
  grid: 'rgba(34, 211, 238, 0.30)',
  label: '#eef4ff',
  areaLabel: { green: '#9fe3bd', water: '#a9d8ff', public: '#f1c1e0', commercial: '#d3c8ff', other: '#c9d6ea' },
  labelHalo: '#07111f',
} as const;

/** Changes whenever the drawing changes, so cached tiles of an older style are not served. */
export const STYLE_VERSION = 5;

/** Drawing order: land use first, then green and plazas, water on top. */
const LAND_ORDER: readonly LandKind[] = ['residential', 'commercial', 'industrial', 'public', 'construction', 'green', 'plaza', 'water'];

export function tileExtent({ z, x, y }: TileAddress): Extent {
  const n = 2 ** z;
  const lon = (px: number) => (px / n) * 360 - 180;
  const lat = (py: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * py) / n))) * 180) / Math.PI;
  return { west: lon(x), east: lon(x + 1), north: lat(y), south: lat(y + 1) };
}

/** Ground metres per pixel at a latitude and zoom (WGS84 equator length / pixels around). */
export function metresPerPixel(z: number, lat: number): number {
  return (40075016.686 * Math.cos((lat * Math.PI) / 180)) / (TILE_SIZE * 2 ** z);
}

const labelFont = (() => {
  const families = new Set(GlobalFonts.families.map((f) => f.family));
  const cjk = ['Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK JP'].find((f) => families.has(f));
  return cjk ?? null;
})();

export function renderTile(address: TileAddress, features: MapFeatures): Buffer {
  const { z, x, y } = address;
  const canvas = createCanvas(TILE_SIZE, TILE_SIZE);
  const g = canvas.getContext('2d');
  const n = 2 ** z * TILE_SIZE;
  const px = (lon: number) => ((lon + 180) / 360) * n - x * TILE_SIZE;
  const py = (lat: number) => {
    const s = Math.sin((lat * Math.PI) / 180);
    return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n - y * TILE_SIZE;
  };
  const extent = tileExtent(address);
  const mpp = metresPerPixel(z, (extent.north + extent.south) / 2);

  const path = (line: Line, close: boolean) => {
    line.forEach(([lon, lat], k) => (k === 0 ? g.moveTo(px(lon), py(lat)) : g.lineTo(px(lon), py(lat))));
    if (close) g.closePath();
  };
  const fillPolygons = (polygons: Line[][], fill: string, stroke?: string) => {
    if (!polygons.length) return;
    g.beginPath();
    for (const rings of polygons) for (const ring of rings) path(ring, true);
    g.fillStyle = fill;
    g.fill('evenodd');
    if (stroke) {
      g.strokeStyle = stroke;
      g.lineWidth = 1;
      g.stroke();
    }
  };

  g.fillStyle = MAP_STYLE.ground;
  g.fillRect(0, 0, TILE_SIZE, TILE_SIZE);
  for (const kind of LAND_ORDER) {
    const polygons = features.land.filter((f) => f.kind === kind).map((f) => f.rings);
    fillPolygons(polygons, MAP_STYLE.land[kind], kind === 'water' ? MAP_STYLE.waterEdge : kind === 'green' && z >= 15 ? MAP_STYLE.greenEdge : undefined);
  }
  if (z >= 15) fillPolygons(features.blocks, MAP_STYLE.block, z >= 16 ? MAP_STYLE.blockEdge : undefined);

  // Streets at their red-line width (never thinner than a hairline), casing first.
  g.lineCap = 'round';
  g.lineJoin = 'round';
  const order = ['lane', 'secondary', 'main'] as const;
  const widthOf = (s: MapFeatures['streets'][number]) => Math.max(s.kind === 'main' ? 1.6 : s.kind === 'secondary' ? 1 : 0.6, s.widthM / mpp);
  for (const kind of order) {
    const streets = features.streets.filter((s) => s.kind === kind);
    for (const s of streets) {
      g.beginPath();
      path(s.line, false);
      g.strokeStyle = MAP_STYLE.casing;
      g.lineWidth = widthOf(s) + 2;
      g.stroke();
    }
    for (const s of streets) {
      g.beginPath();
      path(s.line, false);
      g.strokeStyle = MAP_STYLE.street[kind];
      g.lineWidth = widthOf(s);
      g.stroke();
    }
  }

  // Unit-grid lines from street level in.
  if (z >= 15 && features.grids.length) {
    g.beginPath();
    for (const rings of features.grids) for (const ring of rings) path(ring, true);
    g.strokeStyle = MAP_STYLE.grid;
    g.lineWidth = z >= 17 ? 1.5 : 1;
    g.setLineDash(z >= 17 ? [6, 4] : [3, 3]);
    g.stroke();
    g.setLineDash([]);
  }

  if (labelFont && z >= 15) drawStreetNames(g, features.streets, px, py, mpp, z);
  if (labelFont && z >= 15) drawAreaNames(g, features.land, px, py, z);
  return canvas.toBuffer('image/png');
}

/** Names of water (z ≥ 15), parks, schools, hospitals and markets (z ≥ 16) at the middle of their area. */
function drawAreaNames(g: SKRSContext2D, land: MapFeatures['land'], px: (lon: number) => number, py: (lat: number) => number, z: number): void {
  const seen = new Set<string>();
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  for (const f of land) {
    if (!f.name || seen.has(f.name)) continue;
    // Only area names worth reading at this zoom: water from 15, parks and the rest from 16.
    if (z < 16 && f.kind !== 'water') continue;
    const ring = f.rings[0];
    if (!ring || ring.length < 3) continue;
    let w = Infinity;
    let e = -Infinity;
    let s = Infinity;
    let n = -Infinity;
    for (const [lon, lat] of ring) {
      w = Math.min(w, lon);
      e = Math.max(e, lon);
      s = Math.min(s, lat);
      n = Math.max(n, lat);
    }
    const width = px(e) - px(w);
    // The river runs across the whole county: its name sits every few hundred pixels along it.
    const spots = f.kind === 'water' && width > 600 ? Array.from({ length: Math.floor(width / 600) }, (_, k) => w + ((k + 0.5) * (e - w)) / Math.floor(width / 600)) : [(w + e) / 2];
    const size = z >= 17 ? 15 : 13;
    g.font = `${f.kind === 'water' ? 'italic ' : ''}${size}px "${labelFont}"`;
    if (g.measureText(f.name).width > width * 1.2 && f.kind !== 'water') continue;
    const colour = f.kind in MAP_STYLE.areaLabel ? MAP_STYLE.areaLabel[f.kind as keyof typeof MAP_STYLE.areaLabel] : MAP_STYLE.areaLabel.other;
    for (const lon of spots) {
      const cx = px(lon);
      const cy = py((s + n) / 2);
      if (cx < -200 || cx > TILE_SIZE + 200 || cy < -200 || cy > TILE_SIZE + 200) continue;
      g.lineWidth = 3;
      g.strokeStyle = MAP_STYLE.labelHalo;
      g.strokeText(f.name, cx, cy);
      g.fillStyle = colour;
      g.fillText(f.name, cx, cy);
    }
    seen.add(f.name);
  }
}

/**
 * Street names at fixed distances along each street (every 600 m from its start), so every
 * tile a label touches draws the same label in the same place and it reads across tile edges.
 */
function drawStreetNames(
  g: SKRSContext2D,
  allStreets: MapFeatures['streets'],
  px: (lon: number) => number,
  py: (lat: number) => number,
  mpp: number,
  z: number,
): void {
  let streets = allStreets;
  if (z < 16) {
    // At 15 only the main roads are named, smaller.
    streets = streets.filter((s) => s.kind === 'main');
  }
  const size = z >= 18 ? 16 : z >= 16 ? 14 : 12;
  g.font = `${size}px "${labelFont}"`;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  const spacingPx = 600 / mpp;
  for (const street of streets) {
    if (street.kind === 'lane' && z < 17) continue;
    const points = street.line.map(([lon, lat]) => [px(lon), py(lat)] as const);
    let travelled = 0;
    let next = spacingPx * 0.42; // off the midpoint, so labels of crossing streets rarely meet
    for (let k = 0; k + 1 < points.length; k++) {
      const [ax, ay] = points[k]!;
      const [bx, by] = points[k + 1]!;
      const len = Math.hypot(bx - ax, by - ay);
      while (next <= travelled + len) {
        const t = (next - travelled) / len;
        const cx = ax + (bx - ax) * t;
        const cy = ay + (by - ay) * t;
        next += spacingPx;
        if (cx < -200 || cx > TILE_SIZE + 200 || cy < -200 || cy > TILE_SIZE + 200) continue;
        let angle = Math.atan2(by - ay, bx - ax);
        if (angle > Math.PI / 2) angle -= Math.PI;
        if (angle < -Math.PI / 2) angle += Math.PI;
        g.save();
        g.translate(cx, cy);
        g.rotate(angle);
        g.lineWidth = 3;
        g.strokeStyle = MAP_STYLE.labelHalo;
        g.strokeText(street.name, 0, 0);
        g.fillStyle = MAP_STYLE.label;
        g.fillText(street.name, 0, 0);
        g.restore();
      }
      travelled += len;
    }
  }
}
