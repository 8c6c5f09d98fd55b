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
