// Matching a registered case to a 自动批转 rule: the most specific active rule wins
// (a grid rule over an area rule, a longer area code over a shorter, over class alone).
import type { DispatchRule, DispatchRuleStore } from './store.js';

export interface DispatchSubject {
  kind: 'component' | 'event';
  classCode: string;
  gridCode: string | null;
}

function specificity(rule: DispatchRule): number {
  if (rule.gridCode) return 100;
  if (rule.areaCode) return rule.areaCode.length;
  return 0;
}

export class DispatchService {
  private byClass: Map<string, DispatchRule[]> | undefined;
  private loadedAt = 0;

  constructor(
    private readonly store: DispatchRuleStore,
    /** How long loaded rules are trusted (Infinity: this process alone edits them). */
    private readonly lifetimeMs = Infinity,
  ) {}

  private async index(): Promise<Map<string, DispatchRule[]>> {
    if (!this.byClass || performance.now() - this.loadedAt > this.lifetimeMs) {
      this.loadedAt = performance.now();
      const map = new Map<string, DispatchRule[]>();
      for (const rule of await this.store.all()) {
        if (!rule.active) continue;
        const key = `${rule.kind}|${rule.classCode}`;
        map.set(key, [...(map.get(key) ?? []), rule]);
      }
      for (const list of map.values()) list.sort((a, b) => specificity(b) - specificity(a) || a.id - b.id);
      this.byClass = map;
    }
    return this.byClass;
  }

  async match(subject: DispatchSubject): Promise<DispatchRule | undefined> {
    const rules = (await this.index()).get(`${subject.kind}|${subject.classCode}`) ?? [];
    return rules.find((r) => {
      if (r.gridCode) return r.gridCode === subject.gridCode;
      if (r.areaCode) return subject.gridCode !== null && subject.gridCode.startsWith(r.areaCode);
      return true;
    });
  }

  invalidate(): void {
    this.byClass = undefined;
  }
}
