// The county's retention rules, run at start and every few hours: the audit log is kept for
// the security policy's logRetentionDays (at least 180, 网络安全法 art. 21) and then purged
// with its chain anchor moved; citizens' names and contacts on cases closed longer than
// personalDataRetentionDays ago are anonymised (个人信息保护法). Both are audited.
import type { CountyContext } from '../../server/context.js';

const DAY = 86_400_000;
/** Whatever the settings say, the log is never purged younger than this. */
export const MIN_LOG_RETENTION_DAYS = 180;

export async function runRetention(ctx: Pick<CountyContext, 'audit' | 'settings' | 'cases' | 'intakeStore' | 'clock' | 'db'>): Promise<{ auditPurged: number; anonymised: number }> {
  const now = ctx.clock.now();
  const policy = await ctx.settings.get('security');
  const auditPurged = await ctx.audit.purgeBefore(now - Math.max(MIN_LOG_RETENTION_DAYS, policy.logRetentionDays) * DAY, now);
  const anonymised = await ctx.db.transaction(async () => {
    const before = now - policy.personalDataRetentionDays * DAY;
    const cases = await ctx.cases.anonymiseReporters(before);
    const submissions = await ctx.intakeStore.anonymiseSubmissions(before);
    if (cases + submissions > 0) {
      await ctx.audit.record(null, 'personal_data', 'retention', 'purge', undefined, { cases, submissions, closedBefore: new Date(before).toISOString() }, now);
    }
    return cases;
  });
  return { auditPurged, anonymised };
}
