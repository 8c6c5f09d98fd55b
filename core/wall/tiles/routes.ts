// The wall's 3D models over HTTP: the list, the files of each tileset, and registering a
// tileset folder by path (admin). Cesium sends the bearer token with every tile request.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Type, type Static } from 'typebox';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import { ADMINS } from '../../contract/roles.js';
import type { CountyContext } from '../../server/context.js';
import { withErrors } from '../../server/schemas.js';

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

const RegisterBody = Type.Object(
  {
    folder: Type.String({ minLength: 1, maxLength: 4096, description: 'Folder holding tileset.json (or the path of tileset.json)' }),
    name: Type.Optional(Type.String({ maxLength: 100 })),
    visible: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export function tilesetRoutes(app: GridhallApp, ctx: CountyContext): void {
  app.get(
    '/api/tilesets',
    { preHandler: authorize(), schema: { tags: ['wall'], summary: '3D tilesets the wall shows (buildings, registered 实景三维)', security: [{ bearer: [] }], response: withErrors(200) } },
    async () => ({ items: await ctx.tilesets.list() }),
  );

  app.post(
    '/api/tilesets',
    {
      preHandler: authorize(ADMINS),
      schema: { tags: ['wall'], summary: 'Register a tileset folder by path', security: [{ bearer: [] }], body: RegisterBody, response: withErrors(201) },
    },
    async (request, reply) => reply.status(201).send({ tileset: await ctx.tilesets.register(request.body as Static<typeof RegisterBody>) }),
  );

  app.patch(
    '/api/tilesets/:id',
    {
      preHandler: authorize(ADMINS),
      schema: {
        tags: ['wall'],
        summary: 'Show or hide a tileset',
        security: [{ bearer: [] }],
        params: IdParams,
        body: Type.Object({ visible: Type.Boolean() }, { additionalProperties: false }),
        response: withErrors(200),
      },
    },
    async (request) => ({ tileset: await ctx.tilesets.setVisible((request.params as { id: number }).id, (request.body as { visible: boolean }).visible) }),
  );

  app.delete(
    '/api/tilesets/:id',
    { preHandler: authorize(ADMINS), schema: { tags: ['wall'], summary: 'Unregister a tileset folder (the files stay)', security: [{ bearer: [] }], params: IdParams } },
    async (request, reply) => {
      await ctx.tilesets.unregister((request.params as { id: number }).id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/tilesets/:id/:revision/*',
    {
      preHandler: authorize(),
      schema: {
        tags: ['wall'],
        summary: 'A file of a tileset (tileset.json, tiles, textures)',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), revision: Type.String({ maxLength: 40 }), '*': Type.String({ maxLength: 1024 }) }),
      },
    },
    async (request, reply) => {
      const params = request.params as { id: number; revision: string; '*': string };
      const file = await ctx.tilesets.file(params.id, decodeURIComponent(params['*']));
      const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      // The revision in the address changes with the content, so a tile may be kept a long time.
      return reply.header('content-type', type).header('cache-control', 'private, max-age=86400').send(createReadStream(file));
    },
  );
}
