// Reads a multipart report (text fields and photo files) within limits: a photo over the size
// limit is 413, too many files or fields 413, an over-long field 400. Nothing is stored here.
import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { badRequest, tooLarge } from '../errors.js';
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

/** The place fields of a report: lon+lat in range, or an address; 400 naming the field otherwise. */
export function placeFields(fields: Record<string, string>): { lon?: number; lat?: number } {
  if (fields.lon === undefined && fields.lat === undefined) return {};
  const lon = Number(fields.lon);
  const lat = Number(fields.lat);
  if (fields.lon === undefined || !Number.isFinite(lon) || lon < -180 || lon > 180) throw badRequest('lon must be a longitude in degrees (-180..180)', 'lon');
  if (fields.lat === undefined || !Number.isFinite(lat) || lat < -90 || lat > 90) throw badRequest('lat must be a latitude in degrees (-90..90)', 'lat');
  return { lon, lat };
}

/** kind and classCode of a report form. */
export function classFields(fields: Record<string, string>): { kind: 'component' | 'event'; classCode: string } {
  const kind = fields.kind;
  if (kind !== 'component' && kind !== 'event') throw badRequest('kind must be component or event (请选择问题类型)', 'kind');
  if (!/^\d{4,5}$/.test(fields.classCode ?? '')) throw badRequest('classCode is required (请选择问题类型)', 'classCode');
  return { kind, classCode: fields.classCode! };
}
