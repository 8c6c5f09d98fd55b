// Reads a multipart report (text fields and photo files) within limits: a photo over the size
// limit is 413, too many files or fields 413, an over-long field 400. Nothing is stored here.
import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { badRequest, tooLarge } from '../../runtime/errors.js';
import type { PhotoUpload } from './submissions.js';

export const MAX_FIELD_BYTES = 20_000;

export async function readMultipart(request: FastifyRequest, limits: { maxPhotos: number; maxPhotoBytes: number }): Promise<{ fields: Record<string, string>; photos: PhotoUpload[] }> {
  if (!request.isMultipart()) throw badRequest('Send the report as multipart/form-data', 'body');
  const fields: Record<string, string> = {};
  const photos: PhotoUpload[] = [];
  const parts = request.parts({ limits: { fileSize: limits.maxPhotoBytes, files: limits.maxPhotos, fields: 24, fieldSize: MAX_FIELD_BYTES } });
  for await (const part of parts as AsyncIterableIterator<Multipart>) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      if (part.file.truncated) throw tooLarge(`Each photo may be at most ${Math.round(limits.maxPhotoBytes / 1024 / 1024)} MB (照片过大)`, 'photo');
      photos.push({ bytes, name: part.filename ?? null });
    } else {
      if (part.valueTruncated) throw badRequest(`${part.fieldname} is too long (内容过长)`, part.fieldname);
      if (typeof part.value !== 'string') throw badRequest(`${part.fieldname} must be text`, part.fieldname);
      fields[part.fieldname] = part.value;
    }
  }
  return { fields, photos };
}

/**
 * Checks a longitude/latitude pair is in range (400 naming the field otherwise). A pair that
 * is out of range one way round but fine the other is called swapped: in China a latitude
 * of 118 is the classic slip.
 */
export function checkLonLat(lon: number, lat: number, names = { lon: 'lon', lat: 'lat' }): void {
  const swapped = Math.abs(lat) > 90 && Math.abs(lon) <= 90 && Math.abs(lat) <= 180;
  if (!Number.isFinite(lat) || Math.abs(lat) > 90) {
    throw badRequest(swapped ? `${names.lat} ${lat} is out of range: longitude and latitude look swapped (经纬度疑似颠倒)` : `${names.lat} must be a latitude in degrees (-90..90)`, names.lat);
  }
  if (!Number.isFinite(lon) || Math.abs(lon) > 180) throw badRequest(`${names.lon} must be a longitude in degrees (-180..180)`, names.lon);
}

/** The place fields of a report: lon+lat in range, or nothing (the caller wants an address then). */
export function placeFields(fields: Record<string, string>): { lon?: number; lat?: number } {
  if (fields.lon === undefined && fields.lat === undefined) return {};
  const lon = fields.lon === undefined ? NaN : Number(fields.lon);
  const lat = fields.lat === undefined ? NaN : Number(fields.lat);
  checkLonLat(lon, lat);
  return { lon, lat };
}

/** kind and classCode of a report form. */
export function classFields(fields: Record<string, string>): { kind: 'component' | 'event'; classCode: string } {
  const kind = fields.kind;
  if (kind !== 'component' && kind !== 'event') throw badRequest('kind must be component or event (请选择问题类型)', 'kind');
  if (!/^\d{4,5}$/.test(fields.classCode ?? '')) throw badRequest('classCode is required (请选择问题类型)', 'classCode');
  return { kind, classCode: fields.classCode! };
}
