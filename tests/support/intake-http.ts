// Small HTTP helpers for the intake tests: multipart reports with photos, form posts, fake
// and real-looking image bytes.
import { createCanvas } from '@napi-rs/canvas';
import { randomBytes } from 'node:crypto';

/**
 * A real JPEG (the server decodes photos) of random noise, so every call differs; `size` pads
 * it after its end marker to about that many bytes, for the size limits.
 */
export function jpegBytes(size = 2048): Buffer {
  const canvas = createCanvas(24, 16);
  const g = canvas.getContext('2d');
  const pixels = g.createImageData(24, 16);
  pixels.data.set(randomBytes(pixels.data.length));
  g.putImageData(pixels, 0, 0);
  const jpeg = canvas.toBuffer('image/jpeg');
  return jpeg.length >= size ? jpeg : Buffer.concat([jpeg, Buffer.alloc(size - jpeg.length)]);
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
