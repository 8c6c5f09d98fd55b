// Reads the component pack of GET /api/wall/components.bin (layout in core/wall/components-pack.ts)
// into typed arrays: no object per component, so 170,000 of them cost a few megabytes.
export interface ComponentPack {
  count: number;
  originLon: number;
  originLat: number;
  /** Class codes; classIndex values point into this list. */
  classes: string[];
  dLon: Float32Array;
  dLat: Float32Array;
  serial: Uint32Array;
  classIndex: Uint16Array;
  state: Uint8Array;
}

export const COMPONENT_STATES = ['intact', 'damaged', 'lost', 'occupied'] as const;
const NO_SERIAL = 0xffffffff;

export function decodeComponentPack(buffer: ArrayBuffer): ComponentPack {
  const view = new DataView(buffer);
  const magic = String.fromCharCode(view.getUint8(0), view.getUint8(1), view.getUint8(2), view.getUint8(3));
  if (magic !== 'GHC1') throw new Error(`not a component pack (magic "${magic}")`);
  const count = view.getUint32(4, true);
  const originLon = view.getFloat64(8, true);
  const originLat = view.getFloat64(16, true);
  const classCount = view.getUint16(24, true);
  const classes: string[] = [];
  for (let k = 0; k < classCount; k++) {
    let code = '';
    for (let b = 0; b < 8; b++) {
      const c = view.getUint8(28 + k * 8 + b);
      if (c === 0) break;
      code += String.fromCharCode(c);
    }
    classes.push(code);
  }
  const base = Math.ceil((28 + classCount * 8) / 4) * 4;
  return {
    count,
    originLon,
    originLat,
    classes,
    dLon: new Float32Array(buffer, base, count),
    dLat: new Float32Array(buffer, base + count * 4, count),
    serial: new Uint32Array(buffer, base + count * 8, count),
    classIndex: new Uint16Array(buffer, base + count * 12, count),
    state: new Uint8Array(buffer, base + count * 14, count),
  };
}

/** GB/T 30428.2: the 16-digit ID is county(6) + class(4) + serial(6) (17 digits with a 5-digit class). */
export function componentId(pack: ComponentPack, adminCode: string, index: number): string | null {
  const serial = pack.serial[index]!;
  if (serial === NO_SERIAL) return null;
  return `${adminCode}${pack.classes[pack.classIndex[index]!]}${String(serial).padStart(6, '0')}`;
}

export function componentPosition(pack: ComponentPack, index: number): { lon: number; lat: number } {
  return { lon: pack.originLon + pack.dLon[index]!, lat: pack.originLat + pack.dLat[index]! };
}

/** One cluster of components: where (the mean of its members), how many, how many need attention. */
export interface ComponentCluster {
  lon: number;
  lat: number;
  count: number;
  /** Damaged, lost or occupied members. */
  alarms: number;
  /** Index into pack.classes of the most common class's big class (first two digits) among members. */
  bigClass: string;
}

/**
 * Components gathered into square cells of `cellM` metres (a grid on the county's local frame):
 * at county scale the map shows a few hundred clusters with counts instead of 170,000 dots.
 */
export function clusterComponents(pack: ComponentPack, cellM: number): ComponentCluster[] {
  const mPerDegLat = 111_320;
  const mPerDegLon = 111_320 * Math.cos((pack.originLat * Math.PI) / 180);
  const cells = new Map<number, { lon: number; lat: number; count: number; alarms: number; big: Map<string, number> }>();
  for (let k = 0; k < pack.count; k++) {
    const dLon = pack.dLon[k]!;
    const dLat = pack.dLat[k]!;
    const key = Math.floor((dLon * mPerDegLon) / cellM) * 100_003 + Math.floor((dLat * mPerDegLat) / cellM);
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { lon: 0, lat: 0, count: 0, alarms: 0, big: new Map() }));
    cell.lon += dLon;
    cell.lat += dLat;
    cell.count++;
    if (pack.state[k] !== 0) cell.alarms++;
    const big = pack.classes[pack.classIndex[k]!]!.slice(0, 2);
    cell.big.set(big, (cell.big.get(big) ?? 0) + 1);
  }
  return [...cells.values()].map((c) => ({
    lon: pack.originLon + c.lon / c.count,
    lat: pack.originLat + c.lat / c.count,
    count: c.count,
    alarms: c.alarms,
    bigClass: [...c.big.entries()].sort((a, b) => b[1] - a[1])[0]![0],
  }));
}
