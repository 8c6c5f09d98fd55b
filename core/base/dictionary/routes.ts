// GET /api/dictionary: the active class dictionary (部件/事件 big and small classes).
import type { GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { route } from '../../server/route.js';

export function dictionaryRoutes(app: GridhallApp, ctx: CountyContext): void {
  route(app, 'dictionary.get', async (request) => {
      const { standard } = request.query;
      const standards = await ctx.dictionary.listStandards();
      const chosen = standard ?? (await ctx.dictionary.activeStandard())?.id ?? standards[0]?.id;
      return { standards: standards.map(({ id, name }) => ({ id, name })), standardId: chosen ?? null, classes: chosen ? await ctx.dictionary.list(chosen) : [] };
  });
}
