// Files the analysis views hand to the user: server exports fetched with the session's token,
// and chart images, saved through a blob link (no data: navigation, which the CSP forbids).
import { ApiError } from '../../api/client';
import { useSessionStore } from '../../stores/session';

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The file name the server chose (RFC 6266 filename*), or a fallback. */
function fileName(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header);
  return utf8 ? decodeURIComponent(utf8[1]!) : fallback;
}

/** GETs an export with the bearer token and saves it; returns the bytes (tests read them back). */
export async function downloadExport(path: string, fallback: string): Promise<Blob> {
  const session = useSessionStore();
  const response = await fetch(path, { headers: session.token ? { authorization: `Bearer ${session.token}` } : {} });
  if (!response.ok) {
    let body: { error?: string; message?: string; field?: string } = {};
    try {
      body = (await response.json()) as typeof body;
    } catch {
      // not JSON
    }
    throw new ApiError(response.status, body.error ?? `http_${response.status}`, body.message ?? response.statusText, body.field);
  }
  const blob = await response.blob();
  save(blob, fileName(response, fallback));
  return blob;
}

/** Saves a chart's PNG data URL as a file. */
export function savePng(dataUrl: string, name: string): void {
  const [, base64 = ''] = dataUrl.split(',');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  save(new Blob([bytes], { type: 'image/png' }), name);
}

/** A theme colour (renderer/theme.css) by variable name, for canvases and charts. */
export function themeColour(name: string, fallback = '#22d3ee'): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}
