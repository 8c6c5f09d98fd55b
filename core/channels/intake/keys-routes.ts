// The administrator's API for channel keys: list, create (the key is in the answer once),
// revoke. The console's ChannelKeys panel (renderer/views/admin) and `gridhall keys` use it.
import type { GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { route } from '../../server/route.js';
import { keyView } from './keys.js';

export function channelKeyRoutes(app: GridhallApp, ctx: CountyContext): void {
  route(app, 'channelKeys.list', async () => ({ items: (await ctx.channelKeys.list()).map(keyView) }));

  route(app, 'channelKeys.create', async (request, reply) => {
    const body = request.body;
    const { key, row } = await ctx.channelKeys.create(body.name, body.scope, request.user!.id);
    return reply.status(201).send({ key, item: keyView(row) });
  });

  route(app, 'channelKeys.revoke', async (request) => ({ item: keyView(await ctx.channelKeys.revoke(request.params.id)) }));
}
