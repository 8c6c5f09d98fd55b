// 数据导入 (系统维护, administrators): upload, preview with a field mapping, start (dry run or
// for real), follow, cancel, and what imports changed in one row.
import { Type } from 'typebox';
import { ImportJob, ImportPreview, ImportTarget } from '../admin.js';
import { IdParams } from '../common.js';
import { endpoint } from '../endpoint.js';
import { ADMINS } from '../roles.js';

const tag = 'data admin';
const Options = {
  uploadId: Type.String({ pattern: '^[0-9a-f]{16}$' }),
  target: ImportTarget,
  crs: Type.Optional(Type.String({ maxLength: 40, description: 'wgs84, cgcs2000, gcj02, bd09, EPSG:<code>, gk3:<zone>, gk3-cm:<meridian>, gk6:<zone>, gk6-cm:<meridian>' })),
  swapAxes: Type.Optional(Type.Boolean()),
  mapping: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 120 }))),
};

export const importEndpoints = {
  'imports.targets': endpoint({
    method: 'GET', path: '/api/imports/targets', access: ADMINS, tag, summary: "What can be imported, with each target's fields",
    responses: {
      200: Type.Object({
        targets: Type.Array(Type.Object({ target: ImportTarget, geometry: Type.String(), key: Type.String(), fields: Type.Array(Type.Object({ key: Type.String(), required: Type.Boolean() })) })),
        maxBytes: Type.Number(),
      }),
    },
  }),
  'imports.upload': endpoint({
    method: 'POST', path: '/api/imports/uploads', access: ADMINS, tag, summary: "Upload a file to import (multipart: one .zip/.csv/.xlsx/.geojson, or a Shapefile's parts)",
    bodyKind: 'multipart',
    body: Type.Object({ file: Type.Unsafe<Blob>({ type: 'string', format: 'binary' }) }),
    responses: { 200: Type.Object({ uploadId: Type.String(), files: Type.Array(Type.String()), bytes: Type.Number() }) },
  }),
  'imports.preview': endpoint({
    method: 'POST', path: '/api/imports/preview', access: ADMINS, tag, summary: 'How the file would be read: fields, mapping, coordinate system, first rows, features on a map',
    body: Type.Object(Options, { additionalProperties: false }),
    responses: { 200: ImportPreview },
  }),
  'imports.start': endpoint({
    method: 'POST', path: '/api/imports', access: ADMINS, tag, summary: 'Start an import (or a dry run) of an upload; follow it at /api/imports/:id',
    body: Type.Object({ ...Options, dryRun: Type.Optional(Type.Boolean()), countyName: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })) }, { additionalProperties: false }),
    responses: { 202: ImportJob },
  }),
  'imports.cancel': endpoint({
    method: 'POST', path: '/api/imports/:id/cancel', access: ADMINS, tag, summary: 'Cancel a running import: it stops at its next chunk and writes nothing',
    params: IdParams,
    responses: { 202: ImportJob },
  }),
  'imports.list': endpoint({
    method: 'GET', path: '/api/imports', access: ADMINS, tag, summary: 'Recent import jobs',
    responses: { 200: Type.Object({ items: Type.Array(ImportJob) }) },
  }),
  'imports.get': endpoint({
    method: 'GET', path: '/api/imports/:id', access: ADMINS, tag, summary: 'An import job: progress while it runs, the report when done',
    params: IdParams,
    responses: { 200: ImportJob },
  }),
  'imports.changes': endpoint({
    method: 'GET', path: '/api/imports/changes/:entity/:key', access: ADMINS, tag, summary: 'What imports changed in one row (变更记录)',
    params: Type.Object({ entity: Type.String({ maxLength: 20 }), key: Type.String({ maxLength: 40 }) }),
    responses: {
      200: Type.Object({
        items: Type.Array(Type.Object({ jobId: Type.Number(), at: Type.Number(), changes: Type.Record(Type.String(), Type.Tuple([Type.Unknown(), Type.Unknown()])) })),
      }),
    },
  }),
};
