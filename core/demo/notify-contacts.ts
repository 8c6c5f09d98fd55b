// The demo county's 通讯录 for 消息通知: a contact and a head for each department, two leaders
// and the shift leader, with made-up mobile numbers (139 0000 xxxx). Their texts go to the
// simulated SMS gateway while the demo's simulators run (docs/NOTIFICATIONS.md).
import type { CountyContext } from '../server/context.js';
import { SURNAMES } from './names.js';

export async function seedDemoContacts(ctx: CountyContext): Promise<number> {
  if (await ctx.notifyStore.countContacts() > 0) return 0;
  const now = ctx.clock.now();
  let n = 0;
  const add = async (kind: 'department_contact' | 'department_head' | 'leader' | 'shift_leader', departmentId: number | null, name: string) => {
    n++;
    const phone = `1390000${String(n).padStart(4, '0')}`;
    await ctx.notifyStore.saveContact({ kind, departmentId, name, phone, email: null, wecomWebhook: null, dingtalkWebhook: null, dingtalkSecret: null, active: true }, now);
  };
  const surname = (i: number) => SURNAMES[i % SURNAMES.length]!;
  await ctx.db.transaction(async () => {
    await add('leader', null, '王局长');
    await add('leader', null, '李主任');
    await add('shift_leader', null, '值班长（监督指挥中心）');
    for (const [i, d] of (await ctx.departments.list({ limit: 1000 })).entries()) {
      if (d.kind === 'centre' || !d.active) continue;
      await add('department_contact', d.id, `${d.name.replace(/^青禾县/, '')} ${surname(i)}工`);
      await add('department_head', d.id, `${d.name.replace(/^青禾县/, '')} ${surname(i + 7)}负责人`);
    }
  });
  return n;
}
