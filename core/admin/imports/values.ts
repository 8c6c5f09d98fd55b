// Reading cell values the way deliveries write them: numbers as text, dates as 20240315,
// 2024-03-15 or 2024/3/15, states and kinds in Chinese or English.
export type Cell = string | number | boolean | null | undefined;

export function text(v: Cell): string | null {
  if (v === null || v === undefined) return null;
  const t = String(v).trim();
  return t === '' ? null : t;
}

/** A code column: numbers written by Excel lose nothing (no exponent, no ".0"). */
export function code(v: Cell): string | null {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v).toString() : String(v);
  const t = text(v);
  return t === null ? null : t.replace(/\.0+$/, '');
}

export function num(v: Cell): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const t = text(v);
  if (t === null) return null;
  const n = Number(t.replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
}

/** YYYY-MM-DD, or undefined when the value is not a date; null when empty. */
export function date(v: Cell): string | null | undefined {
  const t = text(v);
  if (t === null) return null;
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?(?:[ T].*)?$/.exec(t);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return undefined;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function bool(v: Cell): boolean | undefined {
  if (typeof v === 'boolean') return v;
  const t = text(v)?.toLowerCase();
  if (t === undefined || t === null) return undefined;
  if (['1', 'y', 'yes', 't', 'true', '是', '启用', '正常', '有效'].includes(t)) return true;
  if (['0', 'n', 'no', 'f', 'false', '否', '停用', '禁用', '无效'].includes(t)) return false;
  return undefined;
}

const STATES: Record<string, 'intact' | 'damaged' | 'lost' | 'occupied'> = {
  intact: 'intact', '完好': 'intact', '正常': 'intact', '1': 'intact',
  damaged: 'damaged', '破损': 'damaged', '损坏': 'damaged', '2': 'damaged',
  lost: 'lost', '丢失': 'lost', '缺失': 'lost', '3': 'lost',
  occupied: 'occupied', '占用': 'occupied', '4': 'occupied',
};

export function componentState(v: Cell): 'intact' | 'damaged' | 'lost' | 'occupied' | undefined {
  const t = text(v);
  return t === null ? 'intact' : STATES[t.toLowerCase()];
}

const PLACE_KINDS: Record<string, 'doorplate' | 'poi' | 'estate' | 'street'> = {
  doorplate: 'doorplate', '门牌': 'doorplate', '门楼牌': 'doorplate', '门牌号': 'doorplate',
  poi: 'poi', '兴趣点': 'poi', '标志物': 'poi', '单位': 'poi',
  estate: 'estate', '小区': 'estate', '居住小区': 'estate',
  street: 'street', '街巷': 'street', '街路巷': 'street', '道路': 'street', '街道': 'street',
};

export function placeKind(v: Cell): 'doorplate' | 'poi' | 'estate' | 'street' | undefined {
  const t = text(v);
  return t === null ? undefined : PLACE_KINDS[t.toLowerCase()];
}

const DEPARTMENT_KINDS: Record<string, 'centre' | 'department' | 'street' | 'enterprise'> = {
  centre: 'centre', center: 'centre', '中心': 'centre', '监督指挥中心': 'centre',
  department: 'department', '部门': 'department', '专业部门': 'department', '职能部门': 'department',
  street: 'street', '街道': 'street', '乡镇': 'street', '街道乡镇': 'street',
  enterprise: 'enterprise', '企业': 'enterprise', '权属单位': 'enterprise',
};

export function departmentKind(v: Cell): 'centre' | 'department' | 'street' | 'enterprise' | undefined {
  const t = text(v);
  return t === null ? 'department' : DEPARTMENT_KINDS[t.toLowerCase()];
}

/** Splits "a; b、c,d" lists. */
export function list(v: Cell): string[] {
  const t = text(v);
  return t === null ? [] : t.split(/[;,，、；|\s]+/).map((s) => s.trim()).filter(Boolean);
}
