// GET /api/dictionary: the active class dictionary (部件/事件 big and small classes).
import { Type } from 'typebox';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';

export function dictionaryRoutes(app: GridhallApp, ctx: CountyContext): void {
  app.get(
    '/api/dictionary',
    {
      preHandler: authorize(),
      schema: {
        tags: ['base data'],
        summary: 'Classes of the active standard (or of ?standard=)',
        security: [{ bearer: [] }],
        querystring: Type.Object({ standard: Type.Optional(Type.String({ maxLength: 40 })) }),
      },
    },
    async (request) => {
      const { standard } = request.query as { standard?: string };
      const standards = await ctx.dictionary.listStandards();
      const chosen = standard ?? (await ctx.dictionary.activeStandard())?.id ?? standards[0]?.id;
      return { standards, standardId: chosen ?? null, classes: chosen ? await ctx.dictionary.list(chosen) : [] };
    },
  );
}
