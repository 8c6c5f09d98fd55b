// What the wall's search box was given: a component ID (16/17 digits), a case number (13 digits:
// date + sequence), a grid code (15 digits) or an address / free text.
export type QueryKind = 'component' | 'case' | 'grid' | 'text';

export function classifyQuery(raw: string): { kind: QueryKind; q: string } {
  const q = raw.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/\s+/g, ' ');
  if (/^\d{16,17}$/.test(q)) return { kind: 'component', q };
  if (/^\d{15}$/.test(q)) return { kind: 'grid', q };
  if (/^\d{13}$/.test(q)) return { kind: 'case', q };
  return { kind: 'text', q };
}

export interface SearchHit {
  kind: 'component' | 'case' | 'grid' | 'place';
  label: string;
  detail: string;
  lon: number;
  lat: number;
  /** Component ID, case id or grid code. */
  key: string;
}
