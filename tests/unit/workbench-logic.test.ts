// The workbench's pure pieces: working time in the browser (the countdown), the keys, the
// mini map's projection and label placement, and how durations are written.
import { describe, expect, it } from 'vitest';
import { splitRemaining } from '../../renderer/views/workbench/format.js';
import { commandFor, SHORTCUTS } from '../../renderer/views/workbench/keyboard.js';
import { boxOf, clipSegment, fitBox, labelPlacement, pan, project, unproject } from '../../renderer/views/workbench/map-view.js';
import { remainingAt, WorkingClock } from '../../renderer/views/workbench/working-time.js';

const HOUR = 3_600_000;
const at = (local: string) => Date.parse(`${local}+08:00`);
const clock = new WorkingClock({
  utcOffsetMinutes: 480,
  weekendDays: [0, 6],
  periods: [
    { startMin: 14 * 60, endMin: 18 * 60 },
    { startMin: 8 * 60, endMin: 12 * 60 },
  ],
  days: [
    { date: '2026-11-20', kind: 'holiday', name: '测试假日', source: 'local' }, // a Friday off
    { date: '2026-11-21', kind: 'workday', name: '调休', source: 'local' }, // a Saturday worked
  ],
});

describe('working time in the browser', () => {
  it('knows working periods, lunch, nights, weekends, holidays and make-up days', () => {
    expect(clock.isWorking(at('2026-11-18T09:00:00'))).toBe(true); // Wednesday morning
    expect(clock.isWorking(at('2026-11-18T12:30:00'))).toBe(false); // lunch
    expect(clock.isWorking(at('2026-11-18T17:59:59'))).toBe(true);
    expect(clock.isWorking(at('2026-11-18T18:00:00'))).toBe(false);
    expect(clock.isWorking(at('2026-11-20T10:00:00'))).toBe(false); // holiday
    expect(clock.isWorking(at('2026-11-21T10:00:00'))).toBe(true); // make-up Saturday
    expect(clock.isWorking(at('2026-11-22T10:00:00'))).toBe(false); // Sunday
    expect(clock.dayLengthMs).toBe(8 * HOUR);
  });

  it('counts only working time between two instants', () => {
    expect(clock.workingBetween(at('2026-11-18T11:00:00'), at('2026-11-18T15:00:00'))).toBe(2 * HOUR);
    // Wednesday 17:00 to Monday 09:00: 1 h Wed, 8 h Thu, Fri off, 8 h Sat (make-up), Sun off, 1 h Mon.
    expect(clock.workingBetween(at('2026-11-18T17:00:00'), at('2026-11-23T09:00:00'))).toBe(18 * HOUR);
    expect(clock.workingBetween(at('2026-11-18T15:00:00'), at('2026-11-18T11:00:00'))).toBe(-2 * HOUR);
  });

  it('counts a deadline down in working time, or clock time for urgent limits', () => {
    const read = at('2026-11-18T11:30:00');
    const later = at('2026-11-18T14:30:00'); // over lunch: one working hour passed
    expect(remainingAt(3 * HOUR, read, later, clock, false)).toBe(2 * HOUR);
    expect(remainingAt(3 * HOUR, read, later, clock, true)).toBe(0);
    expect(remainingAt(HOUR, read, at('2026-11-18T16:00:00'), clock, false)).toBe(-1.5 * HOUR);
  });
});

describe('durations', () => {
  it('splits into working days and H:MM:SS, keeping the sign apart', () => {
    expect(splitRemaining(9 * HOUR + 61_000, 8 * HOUR, false)).toEqual({ overdue: false, days: 1, rest: '1:01:01' });
    expect(splitRemaining(-(25 * HOUR), 8 * HOUR, true)).toEqual({ overdue: true, days: 1, rest: '1:00:00' });
    expect(splitRemaining(59_999, 8 * HOUR, false)).toEqual({ overdue: false, days: 0, rest: '0:00:59' });
  });
});

describe('keys', () => {
  const press = (key: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
    key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods,
  });

  it('moves, opens, pages, switches queues and takes numbered actions', () => {
    expect(commandFor(press('j'), { typing: false })).toEqual({ kind: 'next' });
    expect(commandFor(press('ArrowUp'), { typing: false })).toEqual({ kind: 'previous' });
    expect(commandFor(press('Enter'), { typing: false })).toEqual({ kind: 'open' });
    expect(commandFor(press(']'), { typing: false })).toEqual({ kind: 'nextQueue' });
    expect(commandFor(press('PageDown'), { typing: false })).toEqual({ kind: 'nextPage' });
    expect(commandFor(press('3'), { typing: false })).toEqual({ kind: 'action', index: 2 });
    expect(commandFor(press('0'), { typing: false })).toBeNull();
  });

  it('leaves letters and digits to text fields, but Esc and Ctrl+Enter always work', () => {
    expect(commandFor(press('j'), { typing: true })).toBeNull();
    expect(commandFor(press('1'), { typing: true })).toBeNull();
    expect(commandFor(press('Enter'), { typing: true })).toBeNull();
    expect(commandFor(press('Escape'), { typing: true })).toEqual({ kind: 'close' });
    expect(commandFor(press('Enter', { ctrlKey: true }), { typing: true })).toEqual({ kind: 'submit' });
    expect(commandFor(press('r', { ctrlKey: true }), { typing: false })).toBeNull(); // the browser's reload
  });

  it('lists every command in the legend', () => {
    expect(SHORTCUTS.map((s) => s.what)).toEqual(['move', 'open', 'action', 'queue', 'page', 'search', 'newCase', 'reload', 'submit', 'close']);
  });
});

describe('the mini map', () => {
  const box = { west: 118.1, south: 28.4, east: 118.101, north: 28.401 };

  it('fits a box into the view and projects back and forth', () => {
    const view = fitBox(box, 480, 300, 12);
    const shown = boxOf(view, 480, 300);
    expect(shown.west).toBeLessThan(box.west);
    expect(shown.east).toBeGreaterThan(box.east);
    expect(shown.south).toBeLessThan(box.south);
    expect(shown.north).toBeGreaterThan(box.north);
    const [x, y] = project(view, 480, 300, [118.1003, 28.4007]);
    const [lon, lat] = unproject(view, 480, 300, x, y);
    expect(lon).toBeCloseTo(118.1003, 9);
    expect(lat).toBeCloseTo(28.4007, 9);
    // North is up: a point further north is higher on screen.
    expect(project(view, 480, 300, [118.1, 28.401])[1]).toBeLessThan(project(view, 480, 300, [118.1, 28.4])[1]);
  });

  it('pans with the pointer: what was under it stays under it', () => {
    const view = fitBox(box, 480, 300);
    const before = unproject(view, 480, 300, 100, 100);
    const moved = pan(view, 30, -20);
    const [x, y] = project(moved, 480, 300, before);
    expect(x).toBeCloseTo(130, 2); // the scale east-west follows the latitude, a hair different after the move
    expect(y).toBeCloseTo(80, 2);
  });

  it('clips lines to the view and writes names clear of the case marker', () => {
    expect(clipSegment([-50, 50], [150, 50], 100, 100)).toEqual([
      [0, 50],
      [100, 50],
    ]);
    expect(clipSegment([-50, -50], [-10, -10], 100, 100)).toBeNull();
    const label = labelPlacement([[0, 150], [480, 150]], 480, 300, [[240, 150]]);
    expect(label).not.toBeNull();
    expect(Math.abs(label!.x - 240)).toBeGreaterThan(100);
    expect(label!.angle).toBe(0);
    // A street drawn right to left still reads left to right.
    expect(labelPlacement([[400, 100], [100, 100]], 480, 300)!.angle).toBe(0);
  });
});
