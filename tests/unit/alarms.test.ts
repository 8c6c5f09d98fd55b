// 告警中心 on the real workflow engine: an urgent case and a case running overdue each raise one
// alarm (in the action's own transaction), the county's rules decide who sees which, a
// department sees only its own, repeats join while an alarm is open, and seen → handled is kept
// with who and when.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlarmService } from '../../core/alarms/service.js';
import { AlarmStore } from '../../core/alarms/store.js';
import type { AlarmItem, EventMessage } from '../../core/contract/index.js';
import { silentLogger } from '../../core/runtime/log.js';
import { workflowFixture, type WorkflowFixture } from '../support/workflow-fixture.js';

let f: WorkflowFixture;
let alarms: AlarmService;
let published: EventMessage[];
const H = 3_600_000;

beforeEach(async () => {
  f = await workflowFixture();
  alarms = new AlarmService(f.db, new AlarmStore(f.db), f.settings, f.clock, f.events, silentLogger);
  alarms.attach(f.workflow);
  published = [];
  f.events.subscribe((m) => m.topic.startsWith('alarm.') && published.push(m));
});
afterEach(async () => await f.close());

const reader = (who: keyof WorkflowFixture['actors']) => {
  const a = f.actors[who];
  return { id: a.id!, roles: a.roles as never, departmentId: a.departmentId };
};

async function dispatched(urgent = false): Promise<number> {
  let row = (await f.workflow.report(f.newCase({ urgent }), f.actors.inspector)).case;
  f.clock.advance(60_000);
  row = (await f.workflow.act(row.id, 'accept', { version: row.version, comment: '受理' }, f.actors.acceptor)).case;
  row = (await f.workflow.act(row.id, 'register', { version: row.version, comment: '立案' }, f.actors.shiftLeader)).case;
  row = (await f.workflow.act(row.id, 'dispatch', { version: row.version, comment: '派遣', departmentId: f.departments.sanitation }, f.actors.dispatcher)).case;
  return row.id;
}

describe('alarms from the workflow', () => {
  it('an urgent case raises one 急件 alarm, linked to its case, seen by the centre and not by an inspector', async () => {
    const id = await dispatched(true);
    const list = await alarms.list(reader('shiftLeader'));
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ kind: 'case_urgent', severity: 'critical', state: 'new', caseId: id, caseNo: (await f.cases.get(id))!.caseNo });
    expect(list.items[0]!.title).toContain((await f.cases.get(id))!.caseNo);
    expect(published.map((m) => m.topic)).toEqual(['alarm.raised']);
    expect((await alarms.list(reader('inspector'))).items).toEqual([]);
    await expect(alarms.get(list.items[0]!.id, reader('inspector'))).rejects.toThrow(/No such alarm/);
  });

  it('a case running overdue raises 超期 once; its own department sees it, another does not', async () => {
    const id = await dispatched();
    expect((await alarms.list(reader('shiftLeader'))).items).toEqual([]); // not urgent: nothing yet
    f.clock.set((await f.cases.get(id))!.deadlineAt! + H);
    await f.workflow.fireDueTimers();
    await f.workflow.fireDueTimers();
    const items = (await alarms.list(reader('dispatcher'))).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'case_overdue', caseId: id, departmentId: f.departments.sanitation });
    expect((await alarms.list(reader('sanitation'))).items.map((a) => a.id)).toEqual([items[0]!.id]);
    expect((await alarms.list(reader('roads'))).items).toEqual([]);
  });

  it('a change replayed from the past (the demo history) raises nothing', async () => {
    await f.workflow.report(f.newCase({ urgent: true }), f.actors.inspector, f.clock.now() - 30 * 86_400_000);
    expect((await alarms.list(reader('shiftLeader'))).counts).toEqual({ new: 0, seen: 0, handled: 0 });
  });
});

describe('raise, repeats, seen and handled', () => {
  const sensorAlarm = (value: number) => ({ kind: 'sensor_alarm', title: `积水告警 ${value} m`, key: 'sensor:1:incident:1', device: { kind: 'sensor', id: 1, code: 'WL001' }, lon: 118.1, lat: 28.4 });

  it('joins repeats of an open alarm, and starts a new one after it is handled', async () => {
    const first = await alarms.raise(sensorAlarm(0.2));
    f.clock.advance(60_000);
    const again = await alarms.raise(sensorAlarm(0.3));
    expect(again.id).toBe(first.id);
    expect(again).toMatchObject({ repeats: 2, title: '积水告警 0.3 m', raisedAt: first.raisedAt });
    expect(Date.parse(again.lastAt) - Date.parse(first.raisedAt)).toBe(60_000);

    const seen = await alarms.seen(first.id, reader('shiftLeader'));
    expect(seen).toMatchObject({ state: 'seen', seenBy: { name: 'leader1' }, seenAt: new Date(f.clock.now()).toISOString() });
    f.clock.advance(5 * 60_000);
    const handled = await alarms.handle(first.id, reader('dispatcher'), '已通知排水所');
    expect(handled).toMatchObject({ state: 'handled', handledBy: { name: 'dispatcher1' }, handledNote: '已通知排水所', seenBy: { name: 'leader1' } });
    expect((await alarms.seen(first.id, reader('shiftLeader'))).state).toBe('handled'); // seen never undoes handled

    const next = await alarms.raise(sensorAlarm(0.25));
    expect(next.id).not.toBe(first.id);
    expect((await alarms.list(reader('shiftLeader'))).counts).toEqual({ new: 1, seen: 0, handled: 1 });
    expect((await alarms.list(reader('shiftLeader'), { states: ['handled'] })).items.map((a) => a.id)).toEqual([first.id]);
    expect(published.map((m) => [m.topic, (m.data as AlarmItem).id])).toEqual([
      ['alarm.raised', first.id], ['alarm.raised', first.id], ['alarm.updated', first.id], ['alarm.updated', first.id], ['alarm.raised', next.id],
    ]);
  });

  it('clear() marks the open alarm cleared but leaves it for people to handle', async () => {
    const a = await alarms.raise(sensorAlarm(0.2));
    f.clock.advance(60_000);
    const cleared = (await alarms.clear('sensor:1:incident:1'))!;
    expect(cleared).toMatchObject({ id: a.id, state: 'new', clearedAt: new Date(f.clock.now()).toISOString() });
    expect(await alarms.clear('no:such:key')).toBeUndefined();
  });

  it('a producer\'s own kind reaches the other-kinds roles; the rules are county settings', async () => {
    const truck = await alarms.raise({ kind: 'truck_alarm', title: '渣土车超速：赣E12345', severity: 'minor' });
    expect((await alarms.list(reader('leader'))).items.map((a) => a.id)).toEqual([truck.id]);
    expect((await alarms.list(reader('dispatcher'))).items).toEqual([]);
    const rules = await f.settings.get('alarms');
    await f.settings.set('alarms', { ...rules, routes: { ...rules.routes, truck_alarm: ['dispatcher'] } }, f.clock.now(), null);
    expect((await alarms.list(reader('dispatcher'))).items.map((a) => a.id)).toEqual([truck.id]);
    expect((await alarms.list(reader('leader'))).items).toEqual([]);
    expect(await alarms.reaches({ kind: 'truck_alarm', departmentId: null }, reader('leader'))).toBe(false);
  });

  it('refuses a malformed kind or an empty title', async () => {
    await expect(alarms.raise({ kind: 'Bad Kind', title: 'x' })).rejects.toThrow(/lower_snake_case/);
    await expect(alarms.raise({ kind: 'ok_kind', title: '  ' })).rejects.toThrow(/title/);
  });
});
