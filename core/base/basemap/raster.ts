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

export interface MapFeatures {
  water: Line[][];
  green: Line[][];
  plaza: Line[][];
  /** Building footprints: the blocks of the city at street level. */
  blocks: Line[][];
  streets: { kind: 'main' | 'secondary' | 'lane'; widthM: number; name: string; line: Line }[];
  grids: Line[][];
}

/** The hall's map colours: navy ground, cyan accents, roads a step lighter than the ground. */
export const MAP_STYLE = {
  ground: '#0b1b30',
  water: '#0e3a5e',
  waterEdge: '#1f6a9a',
  green: '#0f3b32',
  plaza: '#17304d',
  block: '#1a3050',
  blockEdge: '#2a4a72',
  casing: '#07111f',
  street: { main: '#4a6f9c', secondary: '#35567e', lane: '#2a4668' },
  grid: 'rgba(34, 211, 238, 0.32)',
  label: '#c9dcf5',
  labelHalo: '#07111f',
} as const;

/** Changes whenever the drawing changes, so cached tiles of an older style are not served. */
export const STYLE_VERSION = 3;

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
  fillPolygons(features.green, MAP_STYLE.green);
  fillPolygons(features.plaza, MAP_STYLE.plaza);
  fillPolygons(features.water, MAP_STYLE.water, MAP_STYLE.waterEdge);
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

  if (labelFont && z >= 16) drawStreetNames(g, features.streets, px, py, mpp, z);
  return canvas.toBuffer('image/png');
}

/**
 * Street names at fixed distances along each street (every 600 m from its start), so every
 * tile a label touches draws the same label in the same place and it reads across tile edges.
 */
function drawStreetNames(
  g: SKRSContext2D,
  streets: MapFeatures['streets'],
  px: (lon: number) => number,
  py: (lat: number) => number,
  mpp: number,
  z: number,
): void {
  const size = z >= 18 ? 15 : 13;
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
