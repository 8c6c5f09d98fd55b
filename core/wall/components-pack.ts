// Every component of the county in one binary answer, shaped for drawing: typed arrays the
// wall hands straight to Cesium, not 170,000 JSON objects. The layout is fixed (little-endian):
//
//   0  'GHC1'                     magic and version
//   4  uint32 count
//   8  float64 originLon, originLat   positions are float32 offsets from here (sub-millimetre)
//  24  uint16 classCount, uint16 0
//  28  classCount × 8 bytes       class codes, ASCII, NUL-padded (index = position in this list)
//   …  padding to 4 bytes
//      float32 dLon[count], float32 dLat[count]
//      uint32 serial[count]       GB/T 30428.2: ID = county(6) + class + serial(6)
//      uint16 classIndex[count]
//      uint8 state[count]         index into COMPONENT_STATES
export const COMPONENTS_MAGIC = 'GHC1';
export const COMPONENT_STATES = ['intact', 'damaged', 'lost', 'occupied'] as const;
/** A serial that does not follow the ID rule (never expected: the schema enforces it). */
export const NO_SERIAL = 0xffffffff;

export interface PackInput {
  adminCode: string;
  originLon: number;
  originLat: number;
  /** [id, classCode, state, lon, lat] rows. */
  rows: readonly (readonly [string, string, string, number, number])[];
}

export function packComponents(input: PackInput): Buffer {
  const { rows } = input;
  const count = rows.length;
  const classes = [...new Set(rows.map((r) => r[1]))].sort();
  const classIndex = new Map(classes.map((c, k) => [c, k]));
  const headerBytes = 28 + classes.length * 8;
  const arraysStart = Math.ceil(headerBytes / 4) * 4;
  const total = arraysStart + count * (4 + 4 + 4 + 2 + 1);
  const buffer = Buffer.alloc(total);
  buffer.write(COMPONENTS_MAGIC, 0, 'ascii');
  buffer.writeUInt32LE(count, 4);
  buffer.writeDoubleLE(input.originLon, 8);
  buffer.writeDoubleLE(input.originLat, 16);
  buffer.writeUInt16LE(classes.length, 24);
  classes.forEach((code, k) => buffer.write(code.slice(0, 8), 28 + k * 8, 'ascii'));
  const ab = buffer.buffer;
  const base = buffer.byteOffset + arraysStart;
  const dLon = new Float32Array(ab, base, count);
  const dLat = new Float32Array(ab, base + count * 4, count);
  const serial = new Uint32Array(ab, base + count * 8, count);
  const cls = new Uint16Array(ab, base + count * 12, count);
  const state = new Uint8Array(ab, base + count * 14, count);
  const prefixLength = input.adminCode.length;
  for (let k = 0; k < count; k++) {
    const [id, classCode, s, lon, lat] = rows[k]!;
    dLon[k] = lon - input.originLon;
    dLat[k] = lat - input.originLat;
    const rest = id.slice(prefixLength + classCode.length);
    serial[k] = id.startsWith(input.adminCode) && id.slice(prefixLength, prefixLength + classCode.length) === classCode && rest.length === 6 ? Number(rest) : NO_SERIAL;
    cls[k] = classIndex.get(classCode)!;
    const stateIndex = COMPONENT_STATES.indexOf(s as (typeof COMPONENT_STATES)[number]);
    state[k] = stateIndex < 0 ? 0 : stateIndex;
  }
  return buffer;
}
