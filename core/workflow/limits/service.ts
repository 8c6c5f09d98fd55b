// Which limit applies: the class's own row, else its kind's default, else the default for all.
import type { TimeLimit } from '../calendar/index.js';
import type { SettingsStore } from '../settings/index.js';
import { DEFAULT_LIMITS, type Stage } from './defaults.js';
import type { LimitsStore, StoredLimit } from './store.js';

export class LimitsService {
  private byKey: Map<string, StoredLimit> | undefined;
  private loadedAt = 0;

  constructor(
    private readonly store: LimitsStore,
    private readonly settings: SettingsStore,
    private readonly standardId: () => Promise<string>,
    /** How long loaded limits are trusted (Infinity: this process alone edits them). */
    private readonly lifetimeMs = Infinity,
  ) {}

  async seedDefaults(): Promise<number> {
    if (await this.store.count() > 0) return 0;
    for (const row of DEFAULT_LIMITS) await this.store.upsert(await this.standardId(), row);
    this.invalidate();
    return DEFAULT_LIMITS.length;
  }

  private async index(): Promise<Map<string, StoredLimit>> {
    if (!this.byKey || performance.now() - this.loadedAt > this.lifetimeMs) {
      this.loadedAt = performance.now();
      this.byKey = new Map((await this.store.all(await this.standardId())).map((l) => [`${l.kind}|${l.classCode}|${l.stage}`, l]));
    }
    return this.byKey;
  }

  async row(kind: 'component' | 'event', classCode: string, stage: Stage): Promise<StoredLimit | undefined> {
    const idx = await this.index();
    return idx.get(`${kind}|${classCode}|${stage}`) ?? idx.get(`${kind}|*|${stage}`) ?? idx.get(`*|*|${stage}`);
  }

  /** The limit for a stage; urgent cases take the urgent limit (clock time) when one is set. */
  async limit(kind: 'component' | 'event', classCode: string, stage: Stage, urgent: boolean): Promise<TimeLimit | undefined> {
    const row = await this.row(kind, classCode, stage);
    if (stage === 'dispose' && urgent) {
      if (row?.urgentValue !== undefined && row.urgentUnit) return { value: row.urgentValue, unit: row.urgentUnit };
      return (await this.settings.get('workflow')).urgentLimit;
    }
    return row && { value: row.value, unit: row.unit };
  }

  /** A synchronous lookup over the limits in force now (for folding many trails at once). */
  async lookup(): Promise<(kind: 'component' | 'event', classCode: string, stage: Stage, urgent: boolean) => TimeLimit | undefined> {
    const idx = await this.index();
    const urgentLimit = (await this.settings.get('workflow')).urgentLimit;
    return (kind, classCode, stage, urgent) => {
      const row = idx.get(`${kind}|${classCode}|${stage}`) ?? idx.get(`${kind}|*|${stage}`) ?? idx.get(`*|*|${stage}`);
      if (stage === 'dispose' && urgent) {
        if (row?.urgentValue !== undefined && row.urgentUnit) return { value: row.urgentValue, unit: row.urgentUnit };
        return urgentLimit;
      }
      return row && { value: row.value, unit: row.unit };
    };
  }

  invalidate(): void {
    this.byKey = undefined;
  }
}
