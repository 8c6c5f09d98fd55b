// Small HTTP helpers for the intake tests: multipart reports with photos, form posts, fake
// and real-looking image bytes.
import { randomBytes } from 'node:crypto';

/** Bytes that start like a JPEG (what the server checks) and differ every call. */
export function jpegBytes(size = 2048): Buffer {
  const body = randomBytes(Math.max(size, 8));
  body[0] = 0xff;
  body[1] = 0xd8;
  body[2] = 0xff;
  body[3] = 0xe0;
  return body;
}

/** A "photo" that is really an HTML page with a .jpg name and an image type. */
export function fakeImage(): Buffer {
  return Buffer.from('<html><script>alert(1)</script></html>');
}

export interface ReportFields {
  kind?: string;
  classCode?: string;
  description?: string;
  lon?: number | string;
  lat?: number | string;
  address?: string;
  phone?: string;
  name?: string;
}

export function reportForm(fields: ReportFields, photos: Buffer[] = []): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) form.append(k, String(v));
  photos.forEach((bytes, i) => form.append('photo', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), `photo${i + 1}.jpg`));
  return form;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the answer field by field
export async function postForm(url: string, form: FormData, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method: 'POST', body: form, headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: res.status, body };
}
