// The demo county's simulated devices: vehicles stay on the streets and keep moving at their
// kind's pace, turning at junctions; a sensor episode climbs over the threshold and ebbs back.
import { describe, expect, it } from 'vitest';
import type { SensorRow, VehicleRow } from '../../core/base/devices/store.js';
import { silentLogger } from '../../core/runtime/log.js';
import { DEFAULT_SETTINGS } from '../../core/workflow/settings/defaults.js';
import { sensorValue } from '../../core/demo/sim/sensors.js';
import { VehicleSimulator } from '../../core/demo/sim/vehicles.js';

function seeded(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1664525 + 1013904223) % 4294967296) / 4294967296);
}

const streets = [
  { kind: 'main' as const, geometry: JSON.stringify({ type: 'LineString', coordinates: [[118.09, 28.4], [118.1, 28.4], [118.11, 28.4]] }) },
  { kind: 'secondary' as const, geometry: JSON.stringify({ type: 'LineString', coordinates: [[118.1, 28.39], [118.1, 28.4], [118.1, 28.41]] }) },
];
const vehicle = (code: string, kind: VehicleRow['kind']): VehicleRow => ({ id: 1, code, plate: code, kind, departmentId: null, lon: 118.1, lat: 28.4, headingDeg: null, seenAt: null });

describe('simulated vehicles', () => {
  it('drive along the streets at their pace and turn at the crossing', () => {
    const sim = new VehicleSimulator({ vehicles: [vehicle('SW01', 'sweeper'), vehicle('EN01', 'enforcement')], streets, key: 'k', serverUrl: 'http://127.0.0.1:1', log: silentLogger, random: seeded(7) });
    let last = sim.step(0);
    const seen = new Set<string>();
    for (let k = 0; k < 400; k++) {
      const now = sim.step(5);
      for (const [i, r] of now.entries()) {
        // On one of the two streets (within a centimetre).
        expect(Math.abs(r.lat - 28.4) < 1e-7 || Math.abs(r.lon - 118.1) < 1e-7).toBe(true);
        const moved = Math.hypot((r.lon - last[i]!.lon) * 97_900, (r.lat - last[i]!.lat) * 111_000);
        const pace = i === 0 ? 8 : 30;
        expect(moved).toBeLessThanOrEqual(((pace * 1.2) / 3.6) * 5 + 1);
        seen.add(Math.abs(r.lat - 28.4) < 1e-7 ? 'east-west' : 'north-south');
      }
      last = now;
    }
    expect(seen).toEqual(new Set(['east-west', 'north-south']));
  });
});

describe('simulated sensors', () => {
  it('an episode of a water gauge rises over the alarm level and falls below the clear level', () => {
    const sensor = { kind: 'water_level', code: 'WL1' } as SensorRow;
    const gauge = { sensor, left: 20, length: 20, peak: 0.3 };
    const values = Array.from({ length: 24 }, () => sensorValue(gauge, seeded(3)));
    const { alarmAbove, clearBelow } = DEFAULT_SETTINGS.iot.water_level;
    expect(Math.max(...values)).toBeGreaterThan(alarmAbove);
    expect(values.at(-1)!).toBeLessThan(clearBelow);
    expect(values[0]!).toBeLessThan(clearBelow);
  });
});
