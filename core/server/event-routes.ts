// GET /api/events: the WebSocket stream of live events (case changes, alarms, devices).
import type { GridhallApp } from './authorize.js';
import type { CountyContext } from './context.js';
import { socketRoute } from './route.js';

export function eventRoutes(app: GridhallApp, ctx: CountyContext): void {
  socketRoute(app, 'events.stream', (socket, request) => {
    if (!request.user) {
      socket.close(4401, 'unauthorized');
      return;
    }
    const unsubscribe = ctx.events.subscribe((message) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    });
    socket.send(JSON.stringify({ topic: 'hello', at: new Date(ctx.clock.now()).toISOString(), data: { user: request.user.username } }));
    socket.on('close', unsubscribe);
    socket.on('error', unsubscribe);
  });
}
