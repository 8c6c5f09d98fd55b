// GET /api/events: the WebSocket stream of live events (case changes, alarms, devices).
import type { AlarmItem } from '../contract/index.js';
import type { GridhallApp } from './authorize.js';
import type { CountyContext } from './context.js';
import { socketRoute } from './route.js';

export function eventRoutes(app: GridhallApp, ctx: CountyContext): void {
  socketRoute(app, 'events.stream', (socket, request) => {
    if (!request.user) {
      socket.close(4401, 'unauthorized');
      return;
    }
    const user = request.user;
    const unsubscribe = ctx.events.subscribe(async (message) => {
      if (socket.readyState !== socket.OPEN) return;
      // 告警: only to the roles the county's rules let see the kind.
      if (message.topic.startsWith('alarm.') && !await ctx.alarms.reaches(message.data as AlarmItem, user)) return;
      socket.send(JSON.stringify(message));
    });
    socket.send(JSON.stringify({ topic: 'hello', at: new Date(ctx.clock.now()).toISOString(), data: { user: request.user.username } }));
    socket.on('close', unsubscribe);
    socket.on('error', unsubscribe);
  });
}
