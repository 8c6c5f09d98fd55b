// The administrator's API for channel keys: list, create (the key is in the answer once),
// revoke. The console's ChannelKeys panel (renderer/views/admin) and `gridhall keys` use it.
import { Type, type Static } from 'typebox';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import { ADMINS } from '../../contract/roles.js';
import type { CountyContext } from '../../server/context.js';
import { withErrors } from '../../server/schemas.js';
import { keyView } from './keys.js';

const CreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    scope: Type.Union([Type.Literal('open311'), Type.Literal('sensors'), Type.Literal('vehicles')]),
  },
  { additionalProperties: false },
);

export function channelKeyRoutes(app: GridhallApp, ctx: CountyContext): void {
  const admin = { preHandler: authorize(ADMINS) };
  const tags = ['channel keys'];
  const security = [{ bearer: [] }];

  app.get('/api/admin/channel-keys', { ...admin, schema: { tags, security, summary: 'Channel keys (Open311 clients, sensor gateways, vehicle terminals)' } }, async () => ({
    items: (await ctx.channelKeys.list()).map(keyView),
  }));

  app.post(
    '/api/admin/channel-keys',
    { ...admin, schema: { tags, security, summary: 'Make a key; the key itself is shown in this answer only', body: CreateBody, response: withErrors(201) } },
    async (request, reply) => {
      const body = request.body as Static<typeof CreateBody>;
      const { key, row } = await ctx.channelKeys.create(body.name, body.scope, request.user!.id);
      return reply.status(201).send({ key, item: keyView(row) });
    },
  );

  app.post(
    '/api/admin/channel-keys/:id/revoke',
    { ...admin, schema: { tags, security, summary: 'Revoke a key: it stops working at once', params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: withErrors(200) } },
    async (request) => ({ item: keyView(await ctx.channelKeys.revoke((request.params as { id: number }).id)) }),
  );
}
