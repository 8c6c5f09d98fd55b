// 应用维护 over the API: every change audited; a time limit edited by the administrator is
// the limit the next case gets; calendar, rules, users, roster.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridCodeAt, LAT0, LON0, writeGridShapefile } from '../support/import-county.js';
import { importFile, partsOf } from './import-helpers.js';
import { startTestCounty, type TestCounty } from './support.js';

let county: TestCounty;
let token: string;
let departmentId: number;
beforeAll(async () => {
  county = await startTestCounty();
  token = await county.login();
  await importFile(county, token, 'grids', partsOf(writeGridShapefile(path.join(county.dataDir, 'fixtures', 'grids'))), { countyName: '测试县' });
  const dep = await county.call<{ id: number }>('POST', '/api/admin/departments', { token, body: { code: 'HW', name: '环卫处', kind: 'department', parentId: null, level: 1, phone: null, active: true } });
  expect(dep.status).toBe(200);
  departmentId = dep.body.id;
});
afterAll(async () => {
  await county.stop();
});

interface CaseView {
  id: number;
  version: number;
  state: string;
  dispatchedAt: string | null;
  deadlineAt: string | null;
}

describe('time limits', () => {
  it('a limit the administrator edits is the limit the next case gets, and the edit is audited', async () => {
    const put = await county.call('PUT', '/api/admin/limits', {
      token, body: { kind: 'event', classCode: '0102', stage: 'dispose', value: 3, unit: 'hours', filingCondition: '成堆垃圾', closingCondition: '清除干净' },
    });
    expect(put.status).toBe(200);
    const user = await county.call('POST', '/api/admin/users', {
      token, body: { username: 'op1', displayName: '值班员甲', departmentId: null, phone: null, active: true, roles: ['acceptor', 'shift_leader', 'dispatcher'], gridCodes: [], password: 'Duty-pass-2026' },
    });
    expect(user.status).toBe(200);
    const op = await county.firstSignIn('op1', 'Duty-pass-2026', 'Duty-pass-2027');
    const filed = await county.call<{ case: CaseView }>('POST', '/api/cases', {
      token: op, body: { kind: 'event', classCode: '0102', description: '路口暴露垃圾', lon: LON0 + 0.0005, lat: LAT0 + 0.0004 },
    });
    expect(filed.status).toBe(201);
    let c = filed.body.case;
    for (const [action, extra] of [['accept', {}], ['register', {}], ['dispatch', { departmentId }]] as const) {
      const res = await county.call<{ case: CaseView }>('POST', `/api/cases/${c.id}/${action}`, { token: op, body: { version: c.version, ...extra } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      c = res.body.case;
    }
    expect(c.state).toBe('dispatched');
    expect(Date.parse(c.deadlineAt!) - Date.parse(c.dispatchedAt!)).toBe(3 * 3600_000);

    // 三员分立: the auditor reads the log; the administrator who made the change cannot.
    expect((await county.call('GET', '/api/admin/audit?entity=limit', { token })).status).toBe(403);
    const log = await county.call<{ items: { entity: string; entityKey: string; username: string; before: { value: number; unit: string }; after: { value: number; unit: string } }[] }>(
      'GET', '/api/admin/audit?entity=limit', { token: await county.login('auditor') });
    expect(log.body.items[0]).toMatchObject({ entityKey: 'GB/T 30428.2-2013|event|0102|dispose', username: 'admin', before: { value: 1, unit: 'work_days' }, after: { value: 3, unit: 'hours' } });
  });

  it('refuses a limit for a class the dictionary does not have, naming the field', async () => {
    const res = await county.call<{ field: string }>('PUT', '/api/admin/limits', { token, body: { kind: 'event', classCode: '0188', stage: 'dispose', value: 1, unit: 'hours' } });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('classCode');
  });
});

describe('calendar, rules, settings, roster', () => {
  it('a new holiday moves working-day deadlines at once', async () => {
    const put = await county.call('PUT', '/api/admin/calendar/days/2027-03-03', { token, body: { kind: 'holiday', name: '县庆' } });
    expect(put.status).toBe(200);
    const cal = await county.call<{ days: { date: string; kind: string; source: string }[] }>('GET', '/api/admin/calendar?year=2027', { token });
    expect(cal.body.days).toContainEqual({ date: '2027-03-03', kind: 'holiday', name: '县庆', source: 'local' });
    expect((await county.call('DELETE', '/api/admin/calendar/days/2027-03-03', { token })).status).toBe(200);
  });

  it('blacklist thresholds are validated and stored', async () => {
    expect((await county.call('PUT', '/api/admin/settings/blacklist', { token, body: { threshold: 1, windowDays: 30 } })).status).toBe(400);
    expect((await county.call('PUT', '/api/admin/settings/blacklist', { token, body: { threshold: 5, windowDays: 14 } })).status).toBe(200);
    const s = await county.call<{ blacklist: { threshold: number } }>('GET', '/api/admin/settings', { token });
    expect(s.body.blacklist).toEqual({ threshold: 5, windowDays: 14 });
  });

  it('an auto-dispatch rule dispatches the next matching case on registration', async () => {
    const rule = await county.call<{ id: number }>('POST', '/api/admin/dispatch-rules', {
      token, body: { kind: 'event', classCode: '0104', areaCode: null, gridCode: null, departmentId, active: true, note: '道路不洁归环卫' },
    });
    expect(rule.status).toBe(200);
    const op = await county.login('op1', 'Duty-pass-2027');
    const filed = await county.call<{ case: CaseView }>('POST', '/api/cases', { token: op, body: { kind: 'event', classCode: '0104', description: '路面不洁', lon: LON0 + 0.0015, lat: LAT0 + 0.0004 } });
    let c = filed.body.case;
    for (const action of ['accept', 'register']) {
      c = (await county.call<{ case: CaseView }>('POST', `/api/cases/${c.id}/${action}`, { token: op, body: { version: c.version } })).body.case;
    }
    expect(c.state).toBe('dispatched');
  });

  it('the grid roster holds six duties per grid', async () => {
    const grid = gridCodeAt(0, 0);
    for (const [duty, name] of [['leader', '王网格长'], ['inspector', '李监督'], ['sanitation', '赵环卫'], ['community', '钱社工'], ['patroller', '孙巡防'], ['volunteer', '周志愿']]) {
      expect((await county.call('PUT', `/api/admin/roster/${grid}/${duty}`, { token, body: { name, phone: null, userId: null } })).status).toBe(200);
    }
    const r = await county.call<{ items: { duty: string; name: string }[] }>('GET', `/api/admin/roster/${grid}`, { token });
    expect(r.body.items).toHaveLength(6);
    const overview = await county.call<{ items: { gridCode: string; filled: number }[] }>('GET', '/api/admin/grids', { token });
    expect(overview.body.items.find((g) => g.gridCode === grid)?.filled).toBe(6);
    expect((await county.call('PUT', `/api/admin/roster/${grid}/mayor`, { token, body: { name: 'x', phone: null, userId: null } })).status).toBe(400);
  });

  it('the dictionary maps old classes to the 2026 standard and refuses to remove a class in use', async () => {
    const m = await county.call<{ items: { fromCode: string; toCode: string }[] }>('GET', `/api/admin/dictionary/mappings?from=${encodeURIComponent('GB/T 30428.2-2013')}&to=${encodeURIComponent('GB/T 47678.5-2026')}`, { token });
    expect(m.body.items).toContainEqual(expect.objectContaining({ fromCode: '0102', toCode: '06010' }));
    const del = await county.call('DELETE', `/api/admin/dictionary/classes?standardId=${encodeURIComponent('GB/T 30428.2-2013')}&kind=event&code=0102`, { token });
    expect(del.status).toBe(409);
  });

  it('only administrators may change anything', async () => {
    const op = await county.login('op1', 'Duty-pass-2027');
    expect((await county.call('PUT', '/api/admin/settings/blacklist', { token: op, body: { threshold: 9, windowDays: 9 } })).status).toBe(403);
  });
});
