// The default mapping from GB/T 30428.2-2013 classes to GB/T 47678.5-2026 classes, for the
// classes whose successor the transcription (DOMAIN.md §1.5) makes plain: the same object or
// problem under its new code. Everything else the county maps itself in 应用维护. [U]
import type { Db } from '../../db/database.js';
import { GBT_30428_2, GBT_47678_5 } from './seed.js';
import { DictionaryStore, type ClassKind } from './store.js';

type Pair = readonly [from: string, to: string, note?: string];

const COMPONENTS: readonly Pair[] = [
  ['0101', '01001', '上水井盖 → 供水井盖'], ['0102', '01002'], ['0103', '01003'], ['0104', '01004'], ['0105', '01005'],
  ['0114', '01023', '无主井盖 → 不明井盖'], ['0118', '01037'], ['0201', '02001'], ['0301', '03001'], ['0305', '03005'],
  ['0307', '03007', '广告牌匾 → 牌匾标识'], ['0501', '03008', '宣传栏 moves to 市容环卫设施'], ['0401', '04001'], ['0405', '04013'],
  ['0503', '05002'],
];

const EVENTS: readonly Pair[] = [
  ['0101', '06001'], ['0102', '06010'], ['0103', '06011'], ['0104', '06012'], ['0105', '06025'], ['0106', '06017'],
  ['0107', '06034'], ['0108', '06035'], ['0109', '06019', '非装饰性树挂 → 非装饰性吊挂'], ['0110', '06013'], ['0112', '06014'],
  ['0113', '06004'], ['0115', '06020'], ['0116', '06027'], ['0201', '07001'], ['0204', '07002'], ['0301', '08001'], ['0302', '08004'],
  ['0303', '08005'], ['0304', '08002'], ['0305', '08003'], ['0407', '10001'], ['0408', '10002', '架空线缆损坏 → 架空线缆脱落'],
  ['0501', '09001'], ['0502', '09003'], ['0503', '09004'], ['0504', '09005'], ['0505', '09009'], ['0506', '09010'],
  ['0508', '06028', '商业噪音 → 噪声扰民'], ['0510', '06029'], ['0511', '06007'], ['0512', '09008'], ['0513', '06009'],
];

/** Writes the default mapping when the county has none; returns the pairs written. */
export async function seedClassMappings(db: Db): Promise<number> {
  const store = new DictionaryStore(db);
  if (await store.countMappings() > 0) return 0;
  const have = async (kind: ClassKind, standard: string, code: string) => await store.get(standard, kind, code) !== undefined;
  let n = 0;
  for (const [kind, pairs] of [['component', COMPONENTS], ['event', EVENTS]] as const) {
    for (const [from, to, note] of pairs) {
      if (!await have(kind, GBT_30428_2, from) || !await have(kind, GBT_47678_5, to)) continue;
      await store.setMapping({ fromStandard: GBT_30428_2, kind, fromCode: from, toStandard: GBT_47678_5, toKind: kind, toCode: to, note: note ?? null });
      n++;
    }
  }
  return n;
}
