// Camera events → alarms and cases: the rules (系统维护, administrators), and what is going on
// (each camera's subscription, the latest hits). Registered by the video routes.
import { Type, type Static } from 'typebox';
import { CameraEventRuleInput } from '../../contract/index.js';
import { ADMINS } from '../../contract/roles.js';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { withErrors } from '../../server/schemas.js';
import type { CameraEventService } from './service.js';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export function cameraEventRoutes(app: GridhallApp, ctx: CountyContext): CameraEventService {
  const service = ctx.cameraEvents;
  app.addHook('onReady', async () => service.start());
  app.addHook('onClose', async () => service.close());
  const tags = ['video'];
  const security = [{ bearer: [] }];

  app.get('/api/video/events', { preHandler: authorize(), schema: { tags, summary: 'Camera events: the rules, each subscribed camera (ONVIF pull point) and the latest hits', security, response: withErrors(200) } }, async () =>
    service.overview(),
  );

  app.post(
    '/api/video/event-rules',
    { preHandler: authorize(ADMINS), schema: { tags, summary: 'A rule: an ONVIF event topic on some cameras, in a daily window, becomes an alarm or a case (with still and clip)', security, body: CameraEventRuleInput, response: withErrors(201) } },
    async (request, reply) => reply.status(201).send(await service.saveRule(request.body as Static<typeof CameraEventRuleInput>, request.user!.id)),
  );

  app.put(
    '/api/video/event-rules/:id',
    { preHandler: authorize(ADMINS), schema: { tags, summary: 'Change a camera event rule', security, params: IdParams, body: CameraEventRuleInput, response: withErrors(200) } },
    async (request) => service.saveRule(request.body as Static<typeof CameraEventRuleInput>, request.user!.id, (request.params as Static<typeof IdParams>).id),
  );

  app.delete('/api/video/event-rules/:id', { preHandler: authorize(ADMINS), schema: { tags, summary: 'Remove a camera event rule', security, params: IdParams } }, async (request, reply) => {
    await service.deleteRule((request.params as Static<typeof IdParams>).id);
    return reply.status(204).send();
  });

  return service;
}
