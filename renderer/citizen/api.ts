// The page's calls to the public API. A random device id (kept in localStorage) lets the
// county count reports per phone; nothing else identifies the citizen.
import type { ErrorBody } from '../../core/contract/index';

export interface ServiceItem {
  kind: 'component' | 'event';
  code: string;
  name: string;
  nameEn: string | null;
}

export interface ServiceGroup extends ServiceItem {
  items: ServiceItem[];
}

export interface ReportStatus {
  trackingCode: string;
  caseNo: string;
  status: 'open' | 'closed';
  state: string;
  stateLabel: { zh: string; en: string };
  className: string;
  description: string;
  address: string | null;
  reportedAt: string;
  closedAt: string | null;
  result: string | null;
  steps: { at: string; state: string; label: { zh: string; en: string } }[];
  rating: { rating: number; comment: string | null; at: string } | null;
  canRate: boolean;
}

export interface BaseMap {
  streets: { name: string; kind: 'main' | 'secondary' | 'lane'; line: number[][] }[];
  areas: { kind: 'water' | 'green' | 'plaza'; ring: number[][] }[];
}

export class PublicApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const DEVICE_KEY = 'gridhall.citizen.device';

export function deviceId(): string {
  try {
    let id = localStorage.getItem(DEVICE_KEY);
    if (!id) {
      id = crypto.randomUUID();
      localStorage.setItem(DEVICE_KEY, id);
    }
    return id;
  } catch {
    return crypto.randomUUID();
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/public${path}`, { ...init, headers: { accept: 'application/json', 'x-device-id': deviceId(), ...(init.headers ?? {}) } });
  } catch {
    throw new PublicApiError(0, 'network', 'network');
  }
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const e = body as ErrorBody | null;
    throw new PublicApiError(res.status, e?.error ?? `http_${res.status}`, e?.message ?? res.statusText);
  }
  return body as T;
}

export const api = {
  county: () => call<{ name: string | null; center: { lon: number; lat: number } | null; bbox: { west: number; south: number; east: number; north: number } | null; timeZone: string }>('/county'),
  services: () => call<{ common: ServiceItem[]; groups: ServiceGroup[] }>('/services'),
  basemap: () => call<BaseMap>('/basemap'),
  locate: (lon: number, lat: number) => call<{ inCounty: boolean; address: string | null }>(`/locate?lon=${lon}&lat=${lat}`),
  report: (form: FormData) => call<ReportStatus>('/reports', { method: 'POST', body: form }),
  status: (code: string) => call<ReportStatus>(`/reports/${encodeURIComponent(code)}`),
  rate: (code: string, rating: number, comment: string) =>
    call<ReportStatus>(`/reports/${encodeURIComponent(code)}/rating`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(comment ? { rating, comment } : { rating }) }),
};

const MINE_KEY = 'gridhall.citizen.mine';

/** The tracking codes this phone has received, newest first. */
export function myReports(): { code: string; at: string; type: string }[] {
  try {
    return JSON.parse(localStorage.getItem(MINE_KEY) ?? '[]') as { code: string; at: string; type: string }[];
  } catch {
    return [];
  }
}

export function rememberReport(entry: { code: string; at: string; type: string }): void {
  try {
    localStorage.setItem(MINE_KEY, JSON.stringify([entry, ...myReports().filter((r) => r.code !== entry.code)].slice(0, 20)));
  } catch {
    // private mode: the code is on screen to copy
  }
}

/** Shrinks a photo to at most 1600 px on its long side as JPEG: less to send, and the
 *  re-encoding drops EXIF (including the GPS position of the citizen's home). */
export async function shrinkPhoto(file: File, maxSide = 1600): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encode'))), 'image/jpeg', 0.85));
}
