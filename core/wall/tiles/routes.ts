// The wall's 3D models over HTTP: the list, the files of each tileset, and registering a
// tileset folder by path (admin). Cesium sends the bearer token with every tile request.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { route } from '../../server/route.js';

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.glb': 'model/gltf-binary',
  '.gltf': 'model/gltf+json',
  '.b3dm': 'application/octet-stream',
  '.i3dm': 'application/octet-stream',
  '.pnts': 'application/octet-stream',
  '.cmpt': 'application/octet-stream',
  '.subtree': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ktx2': 'image/ktx2',
};

export function tilesetRoutes(app: GridhallApp, ctx: CountyContext): void {
  route(app, 'tilesets.list', async () => ({ items: await ctx.tilesets.list() }));

  route(app, 'tilesets.register', async (request, reply) => reply.status(201).send({ tileset: await ctx.tilesets.register(request.body) }));

  route(app, 'tilesets.update', async (request) => ({ tileset: await ctx.tilesets.setVisible(request.params.id, request.body.visible) }));

  route(app, 'tilesets.remove', async (request, reply) => {
    await ctx.tilesets.unregister(request.params.id);
    return reply.status(204).send();
  });

  route(app, 'tilesets.file', async (request, reply) => {
    const params = request.params;
    const file = await ctx.tilesets.file(params.id, decodeURIComponent(params['*']));
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    // The revision in the address changes with the content, so a tile may be kept a long time.
    return reply.header('content-type', type).header('cache-control', 'private, max-age=86400').send(createReadStream(file));
  });
}
