// Pure parts of the demo generator: seeded randomness, working-time arithmetic, outlines.
import { describe, expect, it } from 'vitest';
import { traceCells } from '../../core/demo/areas.js';
import { HOUR, WorkCalendar, localHour } from '../../core/demo/history-clock.js';
import { buildLattice } from '../../core/demo/lattice.js';
import { chineseNumeral } from '../../core/demo/names.js';
import { Random, WeightedTable } from '../../core/demo/random.js';
import { SIZE_PROFILES } from '../../core/demo/sizes.js';
import { signedRingArea } from '../../core/base/geo/polygon.js';

/** Milliseconds of a China-time wall clock. */
const cst = (y: number, m: number, d: number, h: number, min = 0) => Date.UTC(y, m - 1, d, h - 8, min);

describe('seeded randomness', () => {
  it('repeats for a seed, differs between seeds, and forks independent streams', () => {
    const draw = (r: Random) => Array.from({ length: 5 }, () => r.next());
    expect(draw(new Random('a'))).toEqual(draw(new Random('a')));
    expect(draw(new Random('a'))).not.toEqual(draw(new Random('b')));
    const parent = new Random('a');
    const fork = draw(parent.fork('x'));
    parent.next();
    expect(draw(parent.fork('x'))).toEqual(fork);
  });

  it('draws weighted items in proportion', () => {
    const table = new WeightedTable(['a', 'b'], [3, 1]);
    const rng = new Random('w');
    let a = 0;
    for (let k = 0; k < 4000; k++) if (table.draw(rng) === 'a') a++;
    expect(a / 4000).toBeGreaterThan(0.72);
    expect(a / 4000).toBeLessThan(0.78);
  });
});

describe('working time for the demo history', () => {
  const calendar = new WorkCalendar();

  it('counts only 08-12 and 14-18 on working days', () => {
    // Tuesday 2026-03-03 11:00 + 2 working hours: one before lunch, one after.
    expect(calendar.addWorkingHours(cst(2026, 3, 3, 11), 2)).toBe(cst(2026, 3, 3, 15));
    // Friday 17:00 + 2 h -> Monday 09:00.
    expect(calendar.addWorkingHours(cst(2026, 3, 6, 17), 2)).toBe(cst(2026, 3, 9, 9));
    // Zero hours from a Saturday evening gives Monday 08:00.
    expect(calendar.addWorkingHours(cst(2026, 3, 7, 20), 0)).toBe(cst(2026, 3, 9, 8));
  });

  it('skips statutory holidays and works the make-up Saturday (调休)', () => {
    // National Day 2026: 1-7 October off; Thursday 30 September 17:00 + 2 h -> Thursday 8 October 09:00.
    expect(calendar.addWorkingHours(cst(2026, 9, 30, 17), 2)).toBe(cst(2026, 10, 8, 9));
    // Saturday 14 February 2026 is a make-up working day for the Spring Festival.
    expect(calendar.isWorkday(cst(2026, 2, 14, 0))).toBe(true);
    expect(calendar.holidayName(cst(2026, 2, 17, 0))).toMatch(/Spring Festival/);
    expect(localHour(cst(2026, 2, 17, 23) + HOUR)).toBe(0);
  });
});

describe('outlines traced along the lattice', () => {
  it('keeps an L of three cells as one ring with its area, and corner-touching cells apart', () => {
    const lattice = buildLattice(SIZE_PROFILES.small, new Random('t'), 118.1, 28.4);
    const cellArea = (i: number, j: number) => (lattice.xs[i + 1]! - lattice.xs[i]!) * (lattice.ys[j + 1]! - lattice.ys[j]!);
    const l = [lattice.cell(2, 2), lattice.cell(3, 2), lattice.cell(2, 3)];
    const rings = traceCells(lattice, l);
    expect(rings).toHaveLength(1);
    expect(signedRingArea(rings[0]!)).toBeCloseTo(cellArea(2, 2) + cellArea(3, 2) + cellArea(2, 3), 6);
    const diagonal = traceCells(lattice, [lattice.cell(2, 2), lattice.cell(3, 3)]);
    expect(diagonal).toHaveLength(2);
    expect(diagonal.every((ring) => signedRingArea(ring) > 0)).toBe(true);
    const ring = traceCells(lattice, [lattice.cell(5, 5), lattice.cell(6, 5), lattice.cell(7, 5), lattice.cell(5, 6), lattice.cell(7, 6), lattice.cell(5, 7), lattice.cell(6, 7), lattice.cell(7, 7)]);
    expect(ring.map((r) => Math.sign(signedRingArea(r))).sort()).toEqual([-1, 1]);
  });

  it('writes lane numbers the Chinese way', () => {
    expect([1, 10, 12, 20, 23].map(chineseNumeral)).toEqual(['一', '十', '十二', '二十', '二十三']);
  });
});
