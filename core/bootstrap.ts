// First start of a county: the class dictionary, the working calendar, the default time
// limits, and the demo county when the folder is new. Each step runs only when its table
// is empty, so a restart changes nothing.
import { seedCalendar } from './calendar/seed.js';
import { seedClassMappings } from './dictionary/mapping-seed.js';
import { seedDictionary } from './dictionary/seed.js';
import type { CountyContext } from './server/context.js';

export type ProgressFn = (step: string, fraction: number) => void;

export interface BootstrapResult {
  demoCreated: boolean;
}

export async function bootstrapCounty(
  ctx: CountyContext,
  _options: { adminPassword: string | undefined; onProgress: ProgressFn | undefined },
): Promise<BootstrapResult> {
  ctx.db.transaction(() => {
    if (ctx.dictionary.count() === 0) seedDictionary(ctx.db);
    seedClassMappings(ctx.db);
    seedCalendar(ctx.calendarStore);
    ctx.limits.seedDefaults();
  });
  ctx.calendars.invalidate();
  return { demoCreated: false };
}
