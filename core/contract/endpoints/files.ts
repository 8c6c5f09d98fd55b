// Files and keys: photo attachments, the full backup download, and the channel keys that let
// Open311 clients, sensor gateways and vehicle terminals in.
import { Type } from 'typebox';
import { AttachmentView } from '../cases.js';
import { ChannelKeyItem, IdParams } from '../common.js';
import { Binary, endpoint } from '../endpoint.js';
import { ADMINS } from '../roles.js';

const keys = 'channel keys';

export const fileEndpoints = {
  'attachments.upload': endpoint({
    method: 'POST', path: '/api/attachments', access: 'signed-in', tag: 'attachments',
    summary: 'Upload a photo (multipart field "file"); attach it to a case by id in an action',
    bodyKind: 'multipart',
    body: Type.Object({ file: Type.Unsafe<Blob>({ type: 'string', format: 'binary' }) }),
    responses: { 201: AttachmentView },
  }),
  'attachments.get': endpoint({
    method: 'GET', path: '/api/attachments/:id', access: 'signed-in', tag: 'attachments', summary: 'The photo itself',
    params: IdParams,
    responses: { 200: Binary('image/jpeg', 'image/png', 'image/webp') },
  }),
  'admin.backup': endpoint({
    method: 'GET', path: '/api/admin/backup', access: ADMINS, tag: 'administration', summary: 'Download a full backup (.zip: database and attachments)',
    responses: { 200: Binary('application/zip') },
  }),
  'channelKeys.list': endpoint({
    method: 'GET', path: '/api/admin/channel-keys', access: ADMINS, tag: keys, summary: 'Channel keys (Open311 clients, sensor gateways, vehicle terminals)',
    responses: { 200: Type.Object({ items: Type.Array(ChannelKeyItem) }) },
  }),
  'channelKeys.create': endpoint({
    method: 'POST', path: '/api/admin/channel-keys', access: ADMINS, tag: keys, summary: 'Make a key; the key itself is shown in this answer only',
    body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }), scope: Type.Enum(['open311', 'sensors', 'vehicles']) }, { additionalProperties: false }),
    responses: { 201: Type.Object({ key: Type.String(), item: ChannelKeyItem }) },
  }),
  'channelKeys.revoke': endpoint({
    method: 'POST', path: '/api/admin/channel-keys/:id/revoke', access: ADMINS, tag: keys, summary: 'Revoke a key: it stops working at once',
    params: IdParams,
    responses: { 200: Type.Object({ item: ChannelKeyItem }) },
  }),
};
