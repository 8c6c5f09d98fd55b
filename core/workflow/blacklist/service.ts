// When a case is registered: has its class come back to this grid N times within M days?
import type { CaseRow, CaseStore } from '../cases/index.js';
import type { EventHub } from '../../server/events.js';
import type { SettingsStore } from '../settings/index.js';
import type { BlacklistStore } from './store.js';

const DAY_MS = 86_400_000;

export class BlacklistService {
  constructor(
    private readonly store: BlacklistStore,
    private readonly cases: CaseStore,
    private readonly settings: SettingsStore,
    private readonly events?: EventHub,
  ) {}

  async check(row: CaseRow, now: number): Promise<boolean> {
    if (!row.gridCode) return false;
    const { threshold, windowDays } = await this.settings.get('blacklist');
    const since = now - windowDays * DAY_MS;
    const count = await this.cases.countInGridSince(row.gridCode, row.kind, row.classCode, since);
    if (count < threshold) return false;
    const isNew = await this.store.flag(row.gridCode, row.kind, row.classCode, count, since, now);
    if (isNew) this.events?.publish('blacklist.flagged', { gridCode: row.gridCode, kind: row.kind, classCode: row.classCode, count });
    return true;
  }
}
