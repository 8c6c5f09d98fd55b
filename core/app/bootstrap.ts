// First start of a county: the class dictionary, the working calendar, the default time
// limits, and the demo county when the folder is new. Each step runs only when its table
// is empty, so a restart changes nothing.
import { generatePassword, hashPassword } from '../base/people/index.js';
import { seedCalendar } from '../workflow/calendar/index.js';
import { seedClassMappings } from '../base/dictionary/index.js';
import { generateDemoCounty } from '../demo/index.js';
import { replayHistory } from '../demo/index.js';
import { seedDemoRules } from '../demo/index.js';
import { seedDemoContacts } from '../demo/index.js';
import { seedDictionary } from '../base/dictionary/index.js';
import type { CountyContext } from '../server/context.js';

/** Not an argon2 hash: verifying any password against it fails. */
const UNSET_PASSWORD = '!unset';

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
    await seedCalendar(ctx.calendarStore, ctx.clock.now(), (await ctx.settings.get('calendar')).utcOffsetMinutes);
    await ctx.limits.seedDefaults();
  });
  await ctx.calendars.invalidate();
  ctx.limits.invalidate();
  if (ctx.config.demoSize === 'none' || await ctx.county.count() > 0) return { demoCreated: false };

  // The demo staff share the first admin's password, so one secret opens every role.
  const password = options.adminPassword ?? generatePassword();
  // Each account gets its own salt and hash. The hashes run on the thread pool while the rest
  // of the county is generated on this thread, and are stored once all are done; until then
  // an account holds a mark that no password verifies against.
  const accounts: { id: number; hash: Promise<string> }[] = [];
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
      const id = await ctx.authStore.createUser(
        {
          username: staff.username,
          displayName: staff.displayName,
          passwordHash: UNSET_PASSWORD,
          roles: staff.roles,
          departmentId: staff.departmentCode ? (departments.get(staff.departmentCode) ?? null) : null,
          gridCodes: staff.gridCodes,
        },
        ctx.clock.now(),
      );
      accounts.push({ id, hash: hashPassword(password) });
      return id;
    },
    // Analytics skip the replay's actions one by one and fold the finished trails once after (county.ts).
    writeHistory: async (plan, ids) => {
      // Nor is the history told to anyone (消息通知 would queue a year of dispatches and warnings).
      const replayed = await ctx.notifications.unobserved(async () =>
        await ctx.analytics.unobserved(async () =>
          await replayHistory({ workflow: ctx.workflow, auth: ctx.authStore, settings: ctx.settings }, plan, ids, (f) =>
            options.onProgress?.('demo county: replaying a year of cases', f),
          ),
        ),
      );
      // A plan defect costs a few demo cases their ending, never the county its start.
      if (replayed.stopped.length > 0) ctx.log.warn({ stopped: replayed.stopped.slice(0, 10), count: replayed.stopped.length }, 'demo cases the workflow refused a step of kept the trail they had');
      return replayed;
    },
  });
  options.onProgress?.('demo county: staff passwords', 0);
  const hashes = await Promise.all(accounts.map((a) => a.hash));
  await ctx.db.transaction(async () => {
    for (const [i, a] of accounts.entries()) await ctx.authStore.setPassword(a.id, hashes[i]!);
  });
  await seedDemoRules(ctx);
  await seedDemoContacts(ctx);
  await ctx.calendars.invalidate();
  return options.adminPassword ? { demoCreated: true } : { demoCreated: true, demoPassword: password };
}
