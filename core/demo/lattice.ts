// The town's lattice: columns and rows of blocks about 100 m apart, bent by a smooth warp
// (a river meander, a slight bow in the north-south roads) and turned a few degrees, then
// placed around the county centre. Every street, grid and component is laid out in lattice
// coordinates (metres before the warp) and mapped through here, so neighbouring polygons
// share exactly the same boundary points: no gaps, no overlaps.
import { localFrame, roundDeg, type LocalFrame } from '../base/geo/index.js';
import type { Point } from '../base/geo/index.js';
import type { Random } from './random.js';
import type { SizeProfile } from './sizes.js';

export interface WarpSpec {
  /** River meander: amplitude and wavelength (m), and how far north/south it fades (m). */
  meanderAmplitude: number;
  meanderWavelength: number;
  meanderPhase: number;
  meanderFade: number;
  riverY: number;
  /** Bow of the north-south roads. */
  bowAmplitude: number;
  bowWavelength: number;
  bowPhase: number;
  /** Turn of the whole town, radians anticlockwise. */
  rotation: number;
}

/** Sag allowed between a warped edge and its polyline, metres. */
const MAX_SAG_M = 0.1;

export class Lattice {
  readonly nx: number;
  readonly ny: number;
  private readonly cos: number;
  private readonly sin: number;
  private readonly samplesCache = new Map<number, number>();

  constructor(
    /** Column lines x[0..nx] and row lines y[0..ny], lattice metres, west->east and south->north. */
    readonly xs: Float64Array,
    readonly ys: Float64Array,
    /** The row the river runs in; the rows beside it are riverside park. */
    readonly riverRow: number,
    readonly warp: WarpSpec,
    readonly frame: LocalFrame,
  ) {
    this.nx = xs.length - 1;
    this.ny = ys.length - 1;
    this.cos = Math.cos(warp.rotation);
    this.sin = Math.sin(warp.rotation);
  }

  cell(i: number, j: number): number {
    return j * this.nx + i;
  }
  cellI(cell: number): number {
    return cell % this.nx;
  }
  cellJ(cell: number): number {
    return Math.floor(cell / this.nx);
  }
  cellCenter(cell: number): Point {
    const i = this.cellI(cell);
    const j = this.cellJ(cell);
    return [(this.xs[i]! + this.xs[i + 1]!) / 2, (this.ys[j]! + this.ys[j + 1]!) / 2];
  }

  /** Lattice metres -> local metres east/north of the county centre. */
  local(x: number, y: number): Point {
    const w = this.warp;
    const fade = Math.exp(-(((y - w.riverY) / w.meanderFade) ** 2));
    const wx = x + w.bowAmplitude * Math.sin((2 * Math.PI * y) / w.bowWavelength + w.bowPhase);
    const wy = y + w.meanderAmplitude * Math.sin((2 * Math.PI * x) / w.meanderWavelength + w.meanderPhase) * fade;
    return [wx * this.cos - wy * this.sin, wx * this.sin + wy * this.cos];
  }

  /** Lattice metres -> [lon, lat], rounded to 1 cm. */
  lonLat(x: number, y: number): Point {
    const [lx, ly] = this.local(x, y);
    return [roundDeg(this.frame.lon(lx)), roundDeg(this.frame.lat(ly))];
  }

  /** Bearing (degrees clockwise from north) of a lattice direction at a point. */
  bearing(x: number, y: number, dx: number, dy: number): number {
    const [ax, ay] = this.local(x, y);
    const [bx, by] = this.local(x + dx, y + dy);
    const deg = (Math.atan2(bx - ax, by - ay) * 180) / Math.PI;
    return Math.round(((deg + 360) % 360) * 10) / 10;
  }

  /**
   * Points strictly between two adjacent lattice nodes, in lattice metres, from (i0,j0)
   * towards (i1,j1). Curved edges get enough points to keep the sag under MAX_SAG_M; both
   * cells beside an edge get the very same points.
   */
  edgeInterior(i0: number, j0: number, i1: number, j1: number): Point[] {
    const forward = i0 < i1 || j0 < j1;
    const [ai, aj, bi, bj] = forward ? [i0, j0, i1, j1] : [i1, j1, i0, j0];
    const n = this.samplesOf(ai, aj, bi, bj);
    if (n === 0) return [];
    const ax = this.xs[ai]!;
    const ay = this.ys[aj]!;
    const bx = this.xs[bi]!;
    const by = this.ys[bj]!;
    const points: Point[] = [];
    for (let k = 1; k <= n; k++) {
      const f = k / (n + 1);
      points.push([ax + (bx - ax) * f, ay + (by - ay) * f]);
    }
    return forward ? points : points.reverse();
  }

  /** The ring around the rectangle of cells [i0,i1) x [j0,j1), anticlockwise, lattice metres, open. */
  rectRing(i0: number, j0: number, i1: number, j1: number): Point[] {
    const ring: Point[] = [];
    const walk = (fi: number, fj: number, ti: number, tj: number) => {
      ring.push([this.xs[fi]!, this.ys[fj]!]);
      ring.push(...this.edgeInterior(fi, fj, ti, tj));
    };
    for (let i = i0; i < i1; i++) walk(i, j0, i + 1, j0);
    for (let j = j0; j < j1; j++) walk(i1, j, i1, j + 1);
    for (let i = i1; i > i0; i--) walk(i, j1, i - 1, j1);
    for (let j = j1; j > j0; j--) walk(i0, j, i0, j - 1);
    return ring;
  }

  private samplesOf(ai: number, aj: number, bi: number, bj: number): number {
    const key = (aj * (this.nx + 1) + ai) * 2 + (aj === bj ? 0 : 1);
    const cached = this.samplesCache.get(key);
    if (cached !== undefined) return cached;
    const ax = this.xs[ai]!;
    const ay = this.ys[aj]!;
    const bx = this.xs[bi]!;
    const by = this.ys[bj]!;
    const [pax, pay] = this.local(ax, ay);
    const [pbx, pby] = this.local(bx, by);
    const [pmx, pmy] = this.local((ax + bx) / 2, (ay + by) / 2);
    const sag = Math.hypot(pmx - (pax + pbx) / 2, pmy - (pay + pby) / 2);
    const n = sag <= MAX_SAG_M ? 0 : Math.min(4, Math.ceil(Math.sqrt(sag / MAX_SAG_M)) - 1);
    this.samplesCache.set(key, n);
    return n;
  }
}

/** Column widths and row heights around the river, drawn from the seed. */
export function buildLattice(profile: SizeProfile, rng: Random, centerLon: number, centerLat: number): Lattice {
  const { semiAxisX: ax, semiAxisY: ay, cellSize } = profile;
  const spacing = () => cellSize * rng.range(0.86, 1.14);
  const extentX = ax * 1.22;
  const extentY = ay * 1.22;

  const xs: number[] = [-extentX];
  while (xs[xs.length - 1]! < extentX) xs.push(xs[xs.length - 1]! + spacing());

  // Rows grow outwards from the river: river, a park strip each side, then blocks.
  const riverY = -0.3 * ay;
  const below: number[] = [riverY - profile.riverWidth / 2, riverY - profile.riverWidth / 2 - profile.riverParkDepth];
  while (below[below.length - 1]! > -extentY) below.push(below[below.length - 1]! - spacing());
  const above: number[] = [riverY + profile.riverWidth / 2, riverY + profile.riverWidth / 2 + profile.riverParkDepth];
  while (above[above.length - 1]! < extentY) above.push(above[above.length - 1]! + spacing());
  const ys = [...below.reverse(), ...above];
  const riverRow = below.length - 1;

  const warp: WarpSpec = {
    meanderAmplitude: 0.045 * ax,
    meanderWavelength: 1.3 * ax,
    meanderPhase: rng.range(0, 2 * Math.PI),
    meanderFade: 0.33 * ay,
    riverY,
    bowAmplitude: 0.012 * ay,
    bowWavelength: 2.2 * ay,
    bowPhase: rng.range(0, 2 * Math.PI),
    rotation: (rng.range(-9, -4) * Math.PI) / 180,
  };
  return new Lattice(Float64Array.from(xs), Float64Array.from(ys), riverRow, warp, localFrame(centerLon, centerLat));
}
