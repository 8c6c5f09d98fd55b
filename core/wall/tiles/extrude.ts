// Building footprints extruded into triangles: walls with outward normals and a flat roof
// (earcut), placed exactly on the ellipsoid (ECEF) relative to a tile origin, so buildings at
// the edge of a 5 km county do not float above the curved ground of a flat local plane.
import earcut from 'earcut';
import { ecef, enuBasis, type Vec3 } from '../../base/geo/index.js';
import { localFrame } from '../../base/geo/index.js';
import { signedRingArea, type Ring } from '../../base/geo/index.js';

export interface BuildingFootprint {
  id: number;
  /** GeoJSON Polygon coordinates in lon/lat degrees: the outer ring, then holes. */
  rings: Ring[];
  heightM: number;
  centerLon: number;
  centerLat: number;
}

/** Growing vertex and index arrays of one tile's mesh. */
export class MeshBuffers {
  readonly positions: number[] = [];
  readonly normals: number[] = [];
  readonly colors: number[] = [];
  /** Facade coordinates (TEXCOORD_0): bays along a wall and floors up it; (-1, -1) on roofs. */
  readonly uvs: number[] = [];
  readonly indices: number[] = [];
  /** Which building each vertex belongs to (index into `buildingIds`): feature IDs for picking. */
  readonly features: number[] = [];
  readonly buildingIds: number[] = [];

  get vertexCount(): number {
    return this.positions.length / 3;
  }
}

/**
 * glTF is y-up and Cesium turns y-up content to z-up (x, y, z) -> (x, -z, y) when it loads
 * a tile. Writing ECEF (X, Y, Z) as (X, Z, -Y) makes that turn land it back in ECEF.
 */
export function toGltfAxes(v: Vec3): Vec3 {
  return [v[0], v[2], -v[1]];
}

/** Drops a repeated closing point; GeoJSON rings repeat the first point last. */
function openRing(ring: Ring): Ring {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return first && last && ring.length > 1 && first[0] === last[0] && first[1] === last[1] ? ring.slice(0, -1) : ring;
}

/** A facade bay (one window) is about this wide, a storey this high: the wall's shader draws windows per bay and floor. */
export const BAY_M = 3.3;
export const STOREY_M = 3;

/** A colour per building: low blocks a cool blue-grey, towers brighter, so height reads at a glance. */
export function buildingColour(heightM: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, (heightM - 10) / 90));
  return [Math.round(120 + 90 * t), Math.round(150 + 80 * t), Math.round(190 + 60 * t)];
}

/** Appends one building to `mesh`, relative to `origin` (ECEF metres). Returns false for a degenerate footprint. */
export function extrudeBuilding(mesh: MeshBuffers, building: BuildingFootprint, origin: Vec3): boolean {
  const frame = localFrame(building.centerLon, building.centerLat);
  const basis = enuBasis(building.centerLon, building.centerLat);
  const feature = mesh.buildingIds.length;
  // Local metres, outer ring counter-clockwise and holes clockwise: outward is then always to the right.
  const rings = building.rings.map((ring, k) => {
    const local = openRing(ring).map(([lon, lat]) => [frame.x(lon), frame.y(lat)] as [number, number]);
    const ccw = signedRingArea(local) > 0;
    return (k === 0) === ccw ? local : local.reverse();
  });
  const outer = rings[0];
  if (!outer || outer.length < 3 || Math.abs(signedRingArea(outer)) < 0.5) return false;
  mesh.buildingIds.push(building.id);
  const lonLat = (x: number, y: number) => [frame.lon(x), frame.lat(y)] as const;
  const [r, g, b] = buildingColour(building.heightM);
  const roofShade = 1.12;
  const put = (x: number, y: number, h: number, normal: Vec3, shade: number, u = -1, v = -1) => {
    const [lon, lat] = lonLat(x, y);
    const p = ecef(lon, lat, h);
    const rel = toGltfAxes([p[0] - origin[0], p[1] - origin[1], p[2] - origin[2]]);
    mesh.positions.push(rel[0], rel[1], rel[2]);
    const n = toGltfAxes(normal);
    mesh.normals.push(n[0], n[1], n[2]);
    mesh.colors.push(Math.min(255, Math.round(r * shade)), Math.min(255, Math.round(g * shade)), Math.min(255, Math.round(b * shade)), 255);
    mesh.features.push(feature);
    mesh.uvs.push(u, v);
    return mesh.vertexCount - 1;
  };
  const toEcefDir = (e: number, n: number, u: number): Vec3 => [
    basis.east[0] * e + basis.north[0] * n + basis.up[0] * u,
    basis.east[1] * e + basis.north[1] * n + basis.up[1] * u,
    basis.east[2] * e + basis.north[2] * n + basis.up[2] * u,
  ];

  // Walls: a quad per edge, normal to the right of the edge's direction.
  for (const ring of rings) {
    for (let k = 0; k < ring.length; k++) {
      const [ax, ay] = ring[k]!;
      const [bx, by] = ring[(k + 1) % ring.length]!;
      const len = Math.hypot(bx - ax, by - ay);
      if (len < 1e-3) continue;
      const normal = toEcefDir((by - ay) / len, -(bx - ax) / len, 0);
      const shade = 0.78 + 0.18 * Math.abs((by - ay) / len); // east/west faces lighter than north/south
      // Whole bays and storeys per wall, so windows sit evenly between its corners.
      const bays = Math.max(1, Math.round(len / BAY_M));
      const storeys = Math.max(1, Math.round(building.heightM / STOREY_M));
      const a0 = put(ax, ay, 0, normal, shade, 0, 0);
      const b0 = put(bx, by, 0, normal, shade, bays, 0);
      const b1 = put(bx, by, building.heightM, normal, shade, bays, storeys);
      const a1 = put(ax, ay, building.heightM, normal, shade, 0, storeys);
      mesh.indices.push(a0, b0, b1, a0, b1, a1);
    }
  }

  // Roof: earcut over the outer ring and holes, every triangle turned to face up.
  const flat: number[] = [];
  const holes: number[] = [];
  for (const [k, ring] of rings.entries()) {
    if (k > 0) holes.push(flat.length / 2);
    for (const [x, y] of ring) flat.push(x, y);
  }
  const triangles = earcut(flat, holes, 2);
  const up = toEcefDir(0, 0, 1);
  const base = mesh.vertexCount;
  for (let k = 0; k < flat.length; k += 2) put(flat[k]!, flat[k + 1]!, building.heightM, up, roofShade);
  for (let k = 0; k < triangles.length; k += 3) {
    const i = triangles[k]!;
    const j = triangles[k + 1]!;
    const l = triangles[k + 2]!;
    const cross = (flat[2 * j]! - flat[2 * i]!) * (flat[2 * l + 1]! - flat[2 * i + 1]!) - (flat[2 * j + 1]! - flat[2 * i + 1]!) * (flat[2 * l]! - flat[2 * i]!);
    if (cross >= 0) mesh.indices.push(base + i, base + j, base + l);
    else mesh.indices.push(base + i, base + l, base + j);
  }
  return true;
}
