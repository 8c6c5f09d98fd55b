// Over HTTP: a year whose 调休 days are missing is announced (系统维护 and the wall read this),
// and the seven stages come with their standard names beside the short labels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarWarning, WorkflowResponse } from '../../core/contract/index.js';
import { ManualClock } from '../../core/runtime/clock.js';
import { startTestCounty, type TestCounty } from './support.js';

let county: TestCounty;
let token: string;

beforeAll(async () => {
  county = await startTestCounty({ clock: new ManualClock(Date.parse('2026-12-07T10:00:00+08:00')) });
  token = await county.login();
});
afterAll(() => county.stop());

describe('the calendar of a year the holiday package does not know', () => {
  it('lists 1 January 2027 as 元旦 and warns that the year\'s 调休 days are missing', async () => {
    const days = await county.call<{ days: { date: string; kind: string; name: string }[] }>('GET', '/api/calendar?from=2027-01-01&to=2027-12-31', { token });
    expect(days.body.days.find((d) => d.date === '2027-01-01')).toMatchObject({ kind: 'holiday', name: '元旦' });
    const warnings = await county.call<{ items: CalendarWarning[] }>('GET', '/api/calendar/warnings', { token });
    expect(warnings.status).toBe(200);
    expect(warnings.body.items.map((w) => w.year)).toEqual([2027]);
    expect(warnings.body.items[0]!.message.en).toContain('make-up working days');
    // Entering a make-up working day of 2027 in 系统维护 answers it.
    expect((await county.call('PUT', '/api/admin/calendar/days/2027-02-20', { token, body: { kind: 'workday', name: '春节调休' } })).status).toBe(200);
    expect((await county.call<{ items: CalendarWarning[] }>('GET', '/api/calendar/warnings', { token })).body.items).toEqual([]);
  });

  it('needs a signed-in user', async () => {
    expect((await county.call('GET', '/api/calendar/warnings')).status).toBe(401);
  });
});

describe('the seven stages over the API', () => {
  it('are listed in order with standard names and short labels, each state placed in one', async () => {
    const flow = (await county.call<WorkflowResponse>('GET', '/api/workflow', { token })).body;
    expect(flow.stages.map((s) => `${s.index}${s.name.zh}/${s.short.zh}`)).toEqual([
      '1信息收集/信息收集', '2案卷建立/立案', '3任务派遣/派遣', '4任务处理/处置', '5处理反馈/反馈', '6核实结案/核查结案', '7综合评价/综合评价',
    ]);
    expect(flow.stages.find((s) => s.id === 'dispose')!.states).toContain('dispatched');
    expect(flow.states.find((s) => s.state === 'disposed')!.stage).toBe('feedback');
  });
});
