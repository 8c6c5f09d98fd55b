// Which limit applies: the class's own row, else its kind's default, else the default for all.
import type { TimeLimit } from '../calendar/index.js';
import type { SettingsStore } from '../settings/index.js';
import { DEFAULT_LIMITS, type Stage } from './defaults.js';
import type { LimitsStore, StoredLimit } from './store.js';

export class LimitsService {
  private byKey: Map<string, StoredLimit> | undefined;

  constructor(
    private readonly store: LimitsStore,
    private readonly settings: SettingsStore,
    private readonly standardId: () => string,
  ) {}

  seedDefaults(): number {
    if (this.store.count() > 0) return 0;
    for (const row of DEFAULT_LIMITS) this.store.upsert(this.standardId(), row);
    this.invalidate();
    return DEFAULT_LIMITS.length;
  }

  private index(): Map<string, StoredLimit> {
    if (!this.byKey) {
      this.byKey = new Map(this.store.all(this.standardId()).map((l) => [`${l.kind}|${l.classCode}|${l.stage}`, l]));
    }
    return this.byKey;
  }

  row(kind: 'component' | 'event', classCode: string, stage: Stage): StoredLimit | undefined {
    const idx = this.index();
    return idx.get(`${kind}|${classCode}|${stage}`) ?? idx.get(`${kind}|*|${stage}`) ?? idx.get(`*|*|${stage}`);
  }

  /** The limit for a stage; urgent cases take the urgent limit (clock time) when one is set. */
  limit(kind: 'component' | 'event', classCode: string, stage: Stage, urgent: boolean): TimeLimit | undefined {
    const row = this.row(kind, classCode, stage);
    if (stage === 'dispose' && urgent) {
      if (row?.urgentValue !== undefined && row.urgentUnit) return { value: row.urgentValue, unit: row.urgentUnit };
      return this.settings.get('workflow').urgentLimit;
    }
    return row && { value: row.value, unit: row.unit };
  }

  invalidate(): void {
    this.byKey = undefined;
  }
}
