// First start of a county: the class dictionary, the working calendar, the default time
// limits, and the demo county when the folder is new. Each step runs only when its table
// is empty, so a restart changes nothing.
import { hashSync } from '@node-rs/argon2';
import { generatePassword } from '../base/people/passwords.js';
import { seedCalendar } from '../workflow/calendar/seed.js';
import { seedClassMappings } from '../base/dictionary/mapping-seed.js';
import { generateDemoCounty } from '../demo/generate.js';
import { replayHistory } from '../demo/replay.js';
import { seedDemoRules } from '../demo/rules.js';
import { seedDictionary } from '../base/dictionary/seed.js';
import type { CountyContext } from '../server/context.js';

export type ProgressFn = (step: string, fraction: number) => void;

export interface BootstrapResult {
  demoCreated: boolean;
  /** The demo staff's shared password when it is not the admin's (admin made on an earlier start). */
  demoPassword?: string;
}

export async function bootstrapCounty(
  ctx: CountyContext,
  options: { adminPassword: string | undefined; onProgress: ProgressFn | undefined },
): Promise<BootstrapResult> {
  await ctx.db.transaction(async () => {
    if (await ctx.dictionary.count() === 0) await seedDictionary(ctx.db);
    await seedClassMappings(ctx.db);
    await seedCalendar(ctx.calendarStore);
    await ctx.limits.seedDefaults();
  });
  await ctx.calendars.invalidate();
  ctx.limits.invalidate();
  if (ctx.config.demoSize === 'none' || await ctx.county.count() > 0) return { demoCreated: false };

  // The demo staff share the first admin's password, so one secret opens every role.
  const password = options.adminPassword ?? generatePassword();
  const passwordHash = hashSync(password, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const departments = new Map<string, number>();
  await generateDemoCounty(ctx.db, {
    size: ctx.config.demoSize,
    seed: ctx.config.demoSeed,
    now: ctx.clock.now(),
    onProgress: (step, fraction) => options.onProgress?.(`demo county: ${step}`, fraction),
    createUser: async (staff) => {
      if (staff.departmentCode && !departments.has(staff.departmentCode)) {
        const department = await ctx.departments.getByCode(staff.departmentCode);
        if (department) departments.set(staff.departmentCode, department.id);
      }
      return await ctx.authStore.createUser(
        {
          username: staff.username,
          displayName: staff.displayName,
          passwordHash,
          roles: staff.roles,
          departmentId: staff.departmentCode ? (departments.get(staff.departmentCode) ?? null) : null,
          gridCodes: staff.gridCodes,
        },
        ctx.clock.now(),
      );
    },
    // Analytics skip the replay's actions one by one and fold the finished trails once after (county.ts).
    writeHistory: async (plan, ids) => {
      const replayed = await ctx.analytics.unobserved(async () =>
        await replayHistory({ workflow: ctx.workflow, auth: ctx.authStore, settings: ctx.settings }, plan, ids, (f) =>
          options.onProgress?.('demo county: replaying a year of cases', f),
        ),
      );
      // A plan defect costs a few demo cases their ending, never the county its start.
      if (replayed.stopped.length > 0) ctx.log.warn({ stopped: replayed.stopped.slice(0, 10), count: replayed.stopped.length }, 'demo cases the workflow refused a step of kept the trail they had');
      return replayed;
    },
  });
  await seedDemoRules(ctx);
  await ctx.calendars.invalidate();
  return options.adminPassword ? { demoCreated: true } : { demoCreated: true, demoPassword: password };
}
