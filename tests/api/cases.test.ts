// The case API over real HTTP on the small demo county: a hotline case from intake to close,
// and every kind of bad input answered clearly with nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpegBytes } from '../support/intake-http.js';
import { ADMIN_PASSWORD, startTestCounty, type TestCounty } from './support.js';

interface CaseBody {
  id: number;
  caseNo: string;
  state: string;
  version: number;
  departmentId: number | null;
  gridCode: string | null;
  deadlineAt: string | null;
  remainingMs: number | null;
}

let county: TestCounty;
const tokens: Record<string, string> = {};
let address: string;
let departmentUser: string;

beforeAll(async () => {
  county = await startTestCounty({ demoSize: 'small' });
  for (const user of ['acceptor01', 'shift01', 'dispatcher01']) tokens[user] = await county.login(user, ADMIN_PASSWORD);
  const place = (await county.server.county.places.list({ kind: 'doorplate', limit: 1 }))[0]!;
  address = place.name;
  const department = (await county.server.county.departments.getByCode('SZS'))!;
  departmentUser = `dept-${department.code}`;
  tokens[departmentUser] = await county.login(departmentUser, ADMIN_PASSWORD);
});
afterAll(async () => {
  await county.stop();
});

async function act(caseId: number, action: string, user: string, body: Record<string, unknown>) {
  return county.call<{ case: CaseBody; error?: string; field?: string }>('POST', `/api/cases/${caseId}/${action}`, { token: tokens[user], body });
}

async function uploadPhoto(user: string, bytes: Uint8Array, name = 'photo.jpg', type = 'image/jpeg') {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), name);
  const res = await fetch(`${county.url}/api/attachments`, { method: 'POST', headers: { authorization: `Bearer ${tokens[user]}` }, body: form });
  return { status: res.status, body: (await res.json()) as { id: number; error?: string } };
}

const JPEG = new Uint8Array(jpegBytes()); // a real JPEG: the server decodes photos

describe('a hotline case from intake to close', () => {
  it('is filed by address, placed in its grid, and walks the whole flow with a working-time deadline', async () => {
    const filed = await county.call<{ case: CaseBody }>('POST', '/api/cases', {
      token: tokens.acceptor01,
      body: { kind: 'event', classCode: '0102', description: '小区门口垃圾堆放两天无人清理', address, source: 'hotline' },
    });
    expect(filed.status).toBe(201);
    const c = filed.body.case;
    expect(c.state).toBe('reported');
    expect(c.gridCode).toMatch(/^990101\d{9}$/);
    expect(c.caseNo).toMatch(/^\d{13}$/);

    const queues = await county.call<{ id: string; count: number }[]>('GET', '/api/cases/queues', { token: tokens.acceptor01 });
    expect(queues.body.find((q) => q.id === 'to_accept')!.count).toBeGreaterThanOrEqual(1);

    let r = await act(c.id, 'accept', 'acceptor01', { version: c.version });
    expect(r.body.case.state).toBe('accepted');
    r = await act(c.id, 'register', 'shift01', { version: r.body.case.version });
    // 暴露垃圾 has an auto-dispatch rule in the demo county: registered and dispatched at once.
    expect(r.body.case.state).toBe('dispatched');
    expect(r.body.case.deadlineAt).not.toBeNull();
    expect(r.body.case.remainingMs).toBeGreaterThan(0);
    const owner = r.body.case.departmentId!;
    const ownerCode = (await county.server.county.departments.get(owner))!.code;
    tokens[`dept-${ownerCode}`] ??= await county.login(`dept-${ownerCode}`, ADMIN_PASSWORD);

    const photo = await uploadPhoto(`dept-${ownerCode}`, JPEG);
    expect(photo.status).toBe(201);
    r = await act(c.id, 'dispose', `dept-${ownerCode}`, { version: r.body.case.version, comment: '已清运完毕', photoIds: [photo.body.id] });
    expect(r.body.case.state).toBe('disposed');
    r = await act(c.id, 'send-check', 'acceptor01', { version: r.body.case.version });
    expect(r.body.case.state).toBe('checking');

    const detail = await county.call<{ case: { assigneeId: number } }>('GET', `/api/cases/${c.id}`, { token: tokens.acceptor01 });
    const inspector = (await county.server.county.authStore.userById(detail.body.case.assigneeId))!;
    tokens[inspector.username] ??= await county.login(inspector.username, ADMIN_PASSWORD);
    const tasks = await county.call<{ items: CaseBody[] }>('GET', '/api/cases?queue=to_check', { token: tokens[inspector.username] });
    expect(tasks.body.items.map((i) => i.id)).toContain(c.id);

    r = await act(c.id, 'check-pass', inspector.username, { version: r.body.case.version });
    expect(r.body.case.state).toBe('checked');
    r = await act(c.id, 'close', 'shift01', { version: r.body.case.version });
    expect(r.body.case.state).toBe('closed');

    const final = await county.call<{ events: { action: string; actorRole: string }[]; attachments: unknown[] }>('GET', `/api/cases/${c.id}`, { token: tokens.shift01 });
    expect(final.body.events.map((e) => e.action)).toEqual(['report', 'accept', 'register', 'dispatch', 'dispose', 'send_check', 'check_pass', 'close']);
    expect(final.body.events[3]!.actorRole).toBe('system');
    expect(final.body.attachments).toHaveLength(1);
  });
});

describe('bad input is refused clearly, and nothing changes', () => {
  let caseId: number;
  let version: number;
  beforeAll(async () => {
    const filed = await county.call<{ case: CaseBody }>('POST', '/api/cases', {
      token: tokens.acceptor01,
      body: { kind: 'event', classCode: '0505', description: '机动车占用人行道', address, source: 'hotline' },
    });
    caseId = filed.body.case.id;
    version = filed.body.case.version;
  });

  const unchanged = async () => {
    const now = await county.call<{ case: CaseBody }>('GET', `/api/cases/${caseId}`, { token: tokens.acceptor01 });
    expect(now.body.case.version).toBe(version);
    expect(now.body.case.state).toBe('reported');
  };

  it('an unknown case → 404', async () => {
    const r = await act(999_999, 'accept', 'acceptor01', { version: 1 });
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: 'not_found' });
  });

  it('the wrong role → 403', async () => {
    const r = await act(caseId, 'accept', 'dispatcher01', { version });
    expect(r.status).toBe(403);
    await unchanged();
  });

  it('an action the state does not allow → 409', async () => {
    const r = await act(caseId, 'close', 'shift01', { version });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ field: 'state' });
    await unchanged();
  });

  it('a stale version → 409', async () => {
    const r = await act(caseId, 'accept', 'acceptor01', { version: version + 5 });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ field: 'version' });
    await unchanged();
  });

  it('a missing comment → 400 naming it', async () => {
    const r = await act(caseId, 'reject', 'acceptor01', { version });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ field: 'comment' });
    await unchanged();
  });

  it('an address that does not geocode → 400 naming the address, no case filed', async () => {
    const before = await county.server.county.cases.count();
    const r = await county.call('POST', '/api/cases', {
      token: tokens.acceptor01,
      body: { kind: 'event', classCode: '0102', description: 'x', address: '火星基地99号', source: 'hotline' },
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ field: 'address' });
    expect(await county.server.county.cases.count()).toBe(before);
  });

  it('an unknown class → 400 naming it', async () => {
    const r = await county.call('POST', '/api/cases', { token: tokens.acceptor01, body: { kind: 'event', classCode: '0999', description: 'x', address } });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ field: 'classCode' });
  });

  it('swapped longitude and latitude → 400 that says so', async () => {
    const { centerLon, centerLat } = (await county.server.county.county.get())!;
    const r = await county.call<{ message: string }>('POST', '/api/cases', {
      token: tokens.acceptor01,
      body: { kind: 'event', classCode: '0102', description: 'x', lon: centerLat, lat: centerLon },
    });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/swapped/);
  });

  it('a text file posing as a photo → 415; an oversize photo → 413; nothing stored', async () => {
    const fake = await uploadPhoto('acceptor01', new TextEncoder().encode('<script>alert(1)</script>'), 'photo.jpg');
    expect(fake.status).toBe(415);
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(JPEG.subarray(0, 4));
    const huge = await uploadPhoto('acceptor01', big);
    expect(huge.status).toBe(413);
    const stored = (await county.server.county.db.statement<{ n: number }>('t.attachments', 'SELECT count(*) AS n FROM attachments').get())!.n;
    expect(stored).toBe(1); // only the disposal photo of the first test
  });
});

describe('延期 over HTTP: the shift leader grants less than was asked', () => {
  it('offers the grant, moves the deadline by it (not by the ask) and keeps both in the trail', async () => {
    const filed = await county.call<{ case: CaseBody }>('POST', '/api/cases', {
      token: tokens.acceptor01,
      body: { kind: 'event', classCode: '0102', description: '路边垃圾成堆', address, source: 'hotline' },
    });
    let r = await act(filed.body.case.id, 'accept', 'acceptor01', { version: filed.body.case.version });
    r = await act(r.body.case.id, 'register', 'shift01', { version: r.body.case.version }); // auto-dispatched
    const c = r.body.case;
    const department = `dept-${(await county.server.county.departments.get(c.departmentId!))!.code}`;
    tokens[department] ??= await county.login(department, ADMIN_PASSWORD);

    r = await act(c.id, 'extend-request', department, { version: c.version, comment: '需协调环卫车辆', extension: { value: 2, unit: 'work_days' } });
    expect(r.status).toBe(200);
    const asked = await county.call<{ case: CaseBody & { requestedExtension: unknown }; actions: { action: string; accepts: string[] }[] }>('GET', `/api/cases/${c.id}`, {
      token: tokens.shift01,
    });
    expect(asked.body.case.requestedExtension).toEqual({ value: 2, unit: 'work_days' });
    expect(asked.body.actions.find((a) => a.action === 'extend_approve')).toMatchObject({ accepts: ['extension'] });
    const queue = await county.call<{ items: CaseBody[] }>('GET', '/api/cases?queue=shift_approvals', { token: tokens.shift01 });
    expect(queue.body.items.map((i) => i.id)).toContain(c.id);

    // Refusing carries no extension; a grant of nothing is refused by the schema.
    const wrong = await act(c.id, 'extend-reject', 'shift01', { version: asked.body.case.version, comment: '不同意', extension: { value: 1, unit: 'work_days' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ field: 'extension' });
    const zero = await act(c.id, 'extend-approve', 'shift01', { version: asked.body.case.version, extension: { value: 0, unit: 'work_days' } });
    expect(zero.status).toBe(400);

    r = await act(c.id, 'extend-approve', 'shift01', { version: asked.body.case.version, comment: '先批半个工作日', extension: { value: 4, unit: 'work_hours' } });
    expect(r.status).toBe(200);
    expect(r.body.case.state).toBe('dispatched');
    const calendar = county.server.county.calendars.calendar;
    expect(calendar.workingMsBetween(Date.parse(asked.body.case.deadlineAt!), Date.parse(r.body.case.deadlineAt!))).toBe(4 * 3_600_000);
    const trail = await county.call<{ events: { action: string; comment: string; data: Record<string, unknown> }[] }>('GET', `/api/cases/${c.id}`, { token: tokens.shift01 });
    expect(trail.body.events.at(-1)).toMatchObject({
      action: 'extend_approve',
      comment: '先批半个工作日',
      data: { requested: { value: 2, unit: 'work_days' }, extension: { value: 4, unit: 'work_hours' }, deadlineAt: Date.parse(r.body.case.deadlineAt!) },
    });
  });
});

describe('自行处置 over HTTP', () => {
  it('an inspector files a self-handled case only with a photo of the result; it waits for the shift leader', async () => {
    const inspector = (await county.server.county.authStore.userById((await county.server.county.inspectors.inspectorsOfGrid(
      (await county.server.county.places.list({ kind: 'doorplate', limit: 1 }))[0]!.gridCode!,
    ))[0]!))!;
    tokens[inspector.username] ??= await county.login(inspector.username, ADMIN_PASSWORD);
    // What the console offers an inspector to file from.
    const flow = await county.call<{ sourcesByRole: Record<string, string[]> }>('GET', '/api/workflow', { token: tokens[inspector.username] });
    expect(flow.body.sourcesByRole.inspector).toEqual(['inspector', 'self']);
    const body = { kind: 'event', classCode: '0102', description: '路边少量垃圾，已当场清理', address, source: 'self' };
    const bare = await county.call('POST', '/api/cases', { token: tokens[inspector.username], body });
    expect(bare.status).toBe(400);
    expect(bare.body).toMatchObject({ field: 'photoIds' });
    const photo = await uploadPhoto(inspector.username, JPEG);
    const filed = await county.call<{ case: CaseBody & { selfHandled: boolean } }>('POST', '/api/cases', { token: tokens[inspector.username], body: { ...body, photoIds: [photo.body.id] } });
    expect(filed.status).toBe(201);
    expect(filed.body.case).toMatchObject({ state: 'self_review', selfHandled: true });
  });
});
