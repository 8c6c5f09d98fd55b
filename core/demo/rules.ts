// The demo county's 自动批转 rules: what a county typically automates first — clear-cut
// classes with one obvious owner. Added after the history replay, so the year's trails keep
// their dispatcher's hand.
import type { CountyContext } from '../server/context.js';

const RULES: { kind: 'component' | 'event'; classCode: string; departmentCode: string; note: string }[] = [
  { kind: 'event', classCode: '0102', departmentCode: 'HWS', note: '暴露垃圾 → 环卫' },
  { kind: 'event', classCode: '0104', departmentCode: 'HWS', note: '道路不洁 → 环卫' },
  { kind: 'component', classCode: '0118', departmentCode: 'LDS', note: '路灯 → 路灯管理所' },
  { kind: 'component', classCode: '0305', departmentCode: 'HWS', note: '垃圾箱 → 环卫' },
];

export async function seedDemoRules(ctx: CountyContext): Promise<number> {
  if (await ctx.dispatchRules.count() > 0) return 0;
  let added = 0;
  for (const rule of RULES) {
    const department = await ctx.departments.getByCode(rule.departmentCode);
    if (!department) continue;
    await ctx.dispatchRules.insert({ kind: rule.kind, classCode: rule.classCode, areaCode: null, gridCode: null, departmentId: department.id, active: true, note: rule.note });
    added++;
  }
  ctx.dispatch.invalidate();
  return added;
}
