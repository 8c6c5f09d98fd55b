// The four sides of a block (cell) and the street, if any, along each: where kerb-side
// things stand, where buildings set back, where door plates hang. All in lattice metres.
import type { Point } from '../base/geo/index.js';
import type { Lattice } from './lattice.js';
import { hIndex, streetsAtNode, vIndex, type StreetNetwork, type StreetPlan } from './streets.js';

export type Side = 'south' | 'north' | 'west' | 'east';

export interface CellSide {
  cell: number;
  side: Side;
  street: StreetPlan | undefined;
  /** Start of the side (lattice metres) and the unit step along it (west->east or south->north). */
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  /** Unit normal pointing into the cell. */
  nx: number;
  ny: number;
  length: number;
  /** Keep this far from each end: half the crossing street and a little more. */
  startMargin: number;
  endMargin: number;
  /** Distance of the side's start from the start of its lattice line (for house numbers). */
  lineOffset: number;
}

/** The cell's sides in the order south, east, north, west. */
export function cellSides(lattice: Lattice, net: StreetNetwork, cell: number): CellSide[] {
  const i = lattice.cellI(cell);
  const j = lattice.cellJ(cell);
  const { xs, ys } = lattice;
  const crossHalf = (ni: number, nj: number, alongAxis: 'h' | 'v') => {
    const [west, east, south, north] = streetsAtNode(lattice, net, ni, nj);
    const crossing = alongAxis === 'h' ? [south, north] : [west, east];
    let half = 0;
    for (const id of crossing) if (id !== -1) half = Math.max(half, net.streets[id]!.widthM / 2);
    return half + 1.5;
  };
  const street = (id: number) => (id === -1 ? undefined : net.streets[id]);
  const horizontal = (side: Side, line: number, ny: number): CellSide => ({
    cell,
    side,
    street: street(net.hStreet[hIndex(lattice, i, line)]!),
    x0: xs[i]!,
    y0: ys[line]!,
    dx: 1,
    dy: 0,
    nx: 0,
    ny,
    length: xs[i + 1]! - xs[i]!,
    startMargin: crossHalf(i, line, 'h'),
    endMargin: crossHalf(i + 1, line, 'h'),
    lineOffset: xs[i]! - xs[0]!,
  });
  const vertical = (side: Side, line: number, nx: number): CellSide => ({
    cell,
    side,
    street: street(net.vStreet[vIndex(lattice, line, j)]!),
    x0: xs[line]!,
    y0: ys[j]!,
    dx: 0,
    dy: 1,
    nx,
    ny: 0,
    length: ys[j + 1]! - ys[j]!,
    startMargin: crossHalf(line, j, 'v'),
    endMargin: crossHalf(line, j + 1, 'v'),
    lineOffset: ys[j]! - ys[0]!,
  });
  return [horizontal('south', j, 1), vertical('east', i + 1, -1), horizontal('north', j + 1, -1), vertical('west', i, 1)];
}

/** A point `along` the side and `offset` metres into the cell. */
export function sidePoint(s: CellSide, along: number, offset: number): Point {
  return [s.x0 + s.dx * along + s.nx * offset, s.y0 + s.dy * along + s.ny * offset];
}

/** How far into the cell the street's half-width and a setback reach on this side. */
export function sideInset(s: CellSide, setback: number, wall: number): number {
  return s.street ? s.street.widthM / 2 + setback : wall;
}

/**
 * The box [west, south, east, north] (lattice metres) of the blocks [i0,i1) x [j0,j1) with the
 * streets around it cut away: each side steps in by the widest street along it plus `extra`.
 */
export function blockBox(lattice: Lattice, net: StreetNetwork, i0: number, j0: number, i1: number, j1: number, extra: number): [number, number, number, number] {
  let [w, s, e, n] = [0, 0, 0, 0];
  for (let j = j0; j < j1; j++) {
    for (let i = i0; i < i1; i++) {
      for (const side of cellSides(lattice, net, lattice.cell(i, j))) {
        const half = side.street ? side.street.widthM / 2 : 0;
        if (side.side === 'west' && i === i0) w = Math.max(w, half);
        if (side.side === 'east' && i === i1 - 1) e = Math.max(e, half);
        if (side.side === 'south' && j === j0) s = Math.max(s, half);
        if (side.side === 'north' && j === j1 - 1) n = Math.max(n, half);
      }
    }
  }
  return [lattice.xs[i0]! + w + extra, lattice.ys[j0]! + s + extra, lattice.xs[i1]! - e - extra, lattice.ys[j1]! - n - extra];
}
