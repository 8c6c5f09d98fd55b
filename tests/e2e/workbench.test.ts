// 案件工作台 in Chromium: one hotline case driven from intake to close through the UI, each
// role signing in in turn and working by keyboard (search with /, Enter to open, the
// action's number, Ctrl+Enter to submit). Along the way: what each user sees (state labels,
// timeline entries, the case leaving one queue and appearing in the next), a wrong-role user
// not being offered the action, and the API's Chinese error beside a field left empty.
import type { DuplicatesResponse } from '../../core/contract/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../support/png.js';
import { openHall, type Hall } from './harness.js';
import { demoPlace, workbenchDriver, type WorkbenchDriver } from './workbench-driver.js';

const password = 'e2e-Workbench-密码-2026';
/** 积存垃圾渣土: no 自动批转 rule in the demo county, so the dispatcher dispatches it by hand. */
const CLASS = { kind: 'event' as const, code: '0103', name: '积存垃圾渣土', path: '事件 › 市容环境 › 积存垃圾渣土（0103）' };
const DEPARTMENT_CODE = 'HWS'; // 环境卫生管理所

/** The demo county's staff (docs/DEMO-COUNTY.md) and the place the caller names. */
const demo = {
  acceptor: 'acceptor01',
  shiftLeader: 'shift01',
  dispatcher: 'dispatcher01',
  department: { username: `dept-${DEPARTMENT_CODE.toLowerCase()}`, name: '' },
  inspector: { username: '', name: '' },
  address: '',
};

let hall: Hall;
let wb: WorkbenchDriver;

beforeAll(async () => {
  hall = await openHall({ adminPassword: password });
  wb = workbenchDriver(hall, password);
  // Fixtures from the demo county itself: a door plate in a grid with an inspector, and names.
  Object.assign(demo, await demoPlace(hall, CLASS));
  demo.department.name = (await hall.county.county.departments.getByCode(DEPARTMENT_CODE))!.name;
});

afterAll(async () => {
  await hall?.close();
});

describe('the workbench drives one case from hotline intake to close', () => {
  it('the intake operator files a hotline case by address (map pick as the fallback) and registers it (案卷登记), by keyboard', async () => {
    const { page } = hall;
    await wb.signIn(demo.acceptor);
    const before = await wb.queueCount('待受理');

    await page.keyboard.press('n');
    const intake = page.locator('form.intake');
    await intake.getByRole('heading', { name: '新建案件' }).waitFor();
    // Class: type, Enter picks the first match.
    await page.keyboard.type(CLASS.name);
    await page.keyboard.press('Enter');
    await intake.getByText(`已选：${CLASS.path}`).waitFor();
    await intake.getByLabel('问题描述').fill(`市民来电：${demo.address}门前积存垃圾渣土，约两立方米`);
    // Address: Enter looks it up and shows the place and its grid.
    await intake.getByLabel('地址').fill('火星路88号');
    await intake.getByLabel('地址').press('Enter');
    await intake.getByRole('alert').filter({ hasText: '地址无法匹配' }).waitFor();
    // The fallback: a click on the map picks the place (and finds its grid).
    const map = intake.getByRole('img', { name: '选点地图' });
    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await intake.getByRole('status').filter({ hasText: '已在地图选点' }).waitFor();
    expect(await intake.locator('.case-point').count()).toBe(1);
    await intake.getByLabel('地址').fill(demo.address);
    await intake.getByLabel('地址').press('Enter');
    const place = intake.getByRole('status').filter({ hasText: '已定位' });
    await place.waitFor();
    expect(await place.innerText()).toMatch(new RegExp(`已定位：${demo.address}\\s*单元网格 \\d{15}`));
    // The duplicate hint says what the API finds near the place, before filing.
    const plate = (await hall.county.county.places.list({ kind: 'doorplate', limit: 500 })).find((p) => p.name === demo.address)!;
    const token = await wb.apiToken(demo.acceptor);
    const query = `kind=${CLASS.kind}&classCode=${CLASS.code}&lon=${plate.lon}&lat=${plate.lat}`;
    const near = (await (await fetch(`${hall.url}/api/cases/duplicates?${query}`, { headers: { authorization: `Bearer ${token}` } })).json()) as DuplicatesResponse;
    await intake.getByText(near.items.length ? `附近 ${near.radiusM} 米内已有 ${near.items.length} 件同类未结案件` : '附近没有同类未结案件').waitFor();
    await hall.screenshot('workbench-1-intake');

    await page.keyboard.press('Control+Enter');
    const toast = page.getByRole('status').filter({ hasText: '已上报' });
    await toast.waitFor();
    wb.caseNo = (await toast.innerText()).replace('已上报', '').trim();
    expect(wb.caseNo).toMatch(/^\d{8,}/);
    await wb.detail().getByText(wb.caseNo).waitFor();
    expect(await wb.stateLabel()).toBe('待受理');
    expect(await wb.detail().locator('.class-name').innerText()).toBe(CLASS.name);
    expect(await wb.detail().getByText('来源：12319热线').count()).toBe(1);
    expect(await wb.timelineActions()).toEqual(['上报']);
    await wb.waitForCount('待受理', before + 1);

    const accept = await wb.startAction('案卷登记');
    await wb.submitAndExpect(accept, '待立案');
    expect(await wb.timelineActions()).toEqual(['案卷登记', '上报']);
    expect(await wb.inList()).toBe(false); // left 待受理
    await hall.screenshot('workbench-2-accepted');
  });

  it('does not offer 立案 to a dispatcher (a wrong role), only to the shift leader', async () => {
    await wb.signIn(demo.dispatcher);
    await wb.openFromQueue('全部案件');
    expect(await wb.stateLabel()).toBe('待立案');
    const offered = await wb.offeredActions();
    expect(offered).not.toContain('立案');
    expect(offered).not.toContain('派遣');
  });

  it('the shift leader sees the Chinese error beside an empty comment, then registers (立案)', async () => {
    const { page } = hall;
    await wb.signIn(demo.shiftLeader);
    await wb.openFromQueue('待立案');
    expect(await wb.offeredActions()).toEqual(expect.arrayContaining(['立案', '不予立案']));

    // 不予立案 needs a reason: submitting without one is refused, next to the field.
    const decline = await wb.startAction('不予立案');
    await page.keyboard.press('Control+Enter');
    const comment = decline.getByLabel(/意见/);
    const error = decline.getByRole('alert');
    await error.waitFor();
    expect(await error.innerText()).toBe('请填写意见');
    expect(await comment.getAttribute('aria-invalid')).toBe('true');
    expect(await comment.getAttribute('aria-describedby')).toBe(await error.getAttribute('id'));
    expect(await comment.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await hall.screenshot('workbench-3-comment-error');
    await page.keyboard.press('Escape');
    await decline.waitFor({ state: 'detached' });
    expect(await wb.stateLabel()).toBe('待立案'); // nothing changed

    const register = await wb.startAction('立案');
    await wb.submitAndExpect(register, '待派遣');
    expect((await wb.timelineActions())[0]).toBe('立案');
    expect(await wb.inList()).toBe(false);
  });

  it('the dispatcher dispatches it to a department (派遣)', async () => {
    const { page } = hall;
    await wb.signIn(demo.dispatcher);
    const waiting = await wb.queueCount('待派遣');
    expect(waiting).toBeGreaterThanOrEqual(1);
    await wb.openFromQueue('待派遣');
    const dispatch = await wb.startAction('派遣');
    // Without a department the API says which field is missing.
    await page.keyboard.press('Control+Enter');
    await dispatch.getByRole('alert').filter({ hasText: '请选择处置部门' }).waitFor();
    await dispatch.getByLabel(/处置部门/).selectOption({ label: demo.department.name });
    await wb.submitAndExpect(dispatch, '处置中');
    const latest = wb.timeline().locator('.entry:not(.notice)').first();
    expect(await latest.innerText()).toContain(`派至 ${demo.department.name}`);
    expect(await wb.detail().getByRole('timer', { name: '处置时限' }).count()).toBe(1);
    await wb.waitForCount('待派遣', waiting - 1);
  });

  it('the department reports the disposal with a photo (处置反馈)', async () => {
    const { page } = hall;
    await wb.signIn(demo.department.username);
    await wb.openFromQueue('待处置');
    const dispose = await wb.startAction('处置反馈');
    // Not a photo: refused by its bytes, said in Chinese on the preview, removable.
    await dispose.locator('input[type="file"]').setInputFiles({ name: '说明.png', mimeType: 'image/png', buffer: Buffer.from('这不是图片') });
    const refused = dispose.locator('.preview.failed');
    expect(await refused.getByRole('alert').innerText()).toBe('只能上传 JPEG、PNG 或 WebP 格式的照片');
    await refused.getByRole('button', { name: '移除照片 1' }).click();
    await refused.waitFor({ state: 'detached' });
    await dispose.locator('input[type="file"]').setInputFiles({ name: '处置后.png', mimeType: 'image/png', buffer: makePng(640, 480, 60) });
    await dispose.locator('.preview:not(.pending) img').waitFor();
    await dispose.getByLabel(/意见/).fill('已清运完毕，现场恢复整洁');
    await hall.screenshot('workbench-4-dispose-form');
    await wb.submitAndExpect(dispose, '待核查');
    const latest = wb.timeline().locator('.entry:not(.notice)').first();
    expect(await latest.locator('.action').innerText()).toBe('处置反馈');
    expect(await latest.locator('.comment').innerText()).toBe('已清运完毕，现场恢复整洁');
    // The photo shows in the timeline and enlarges on a click.
    const thumb = latest.getByRole('button', { name: '查看照片 1' });
    await thumb.locator('img').waitFor();
    await thumb.click();
    const viewer = page.getByRole('dialog', { name: '照片查看' });
    await viewer.locator('img.large').waitFor();
    const size = await viewer.locator('img.large').evaluate((el) => {
      const img = el as unknown as { naturalWidth: number; naturalHeight: number };
      return [img.naturalWidth, img.naturalHeight];
    });
    expect(size).toEqual([640, 480]);
    await hall.screenshot('workbench-5-photo');
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
  });

  it('the intake operator sends it to check (发核查) and the grid inspector passes it (核查通过)', async () => {
    await wb.signIn(demo.acceptor);
    await wb.openFromQueue('待发核查');
    const send = await wb.startAction('发核查');
    await send.getByLabel(/核实\/核查人/).waitFor();
    await wb.submitAndExpect(send, '核查中');
    expect(await wb.timeline().locator('.entry:not(.notice)').first().innerText()).toContain(`指派 ${demo.inspector.name}`);
    expect(await wb.inList()).toBe(false);

    await wb.signIn(demo.inspector.username);
    await wb.openFromQueue('核查任务');
    const pass = await wb.startAction('核查通过');
    await wb.submitAndExpect(pass, '待结案');
  });

  it('the shift leader closes it (结案): the whole trail is on the timeline', async () => {
    await wb.signIn(demo.shiftLeader);
    await wb.openFromQueue('待结案');
    const close = await wb.startAction('结案');
    await wb.submitAndExpect(close, '已结案');
    expect(await wb.timelineActions()).toEqual(['结案', '核查通过', '发核查', '处置反馈', '派遣', '立案', '案卷登记', '上报']);
    expect(await wb.actionBar().innerText()).toContain('流程已结束');
    expect(await wb.inList()).toBe(false);
    await hall.screenshot('workbench-6-closed');
  });

});

describe('the workbench with other people at work', () => {
  it('counts a case another operator files, live, without a reload', async () => {
    await wb.signIn(demo.acceptor);
    const before = await wb.queueCount('待受理');
    const other = await wb.apiToken('acceptor02');
    await wb.apiCall(other, 'POST', '/api/cases', { kind: CLASS.kind, classCode: CLASS.code, description: '另一位受理员受理的来电', address: demo.address });
    await wb.waitForCount('待受理', before + 1);
  });

  it('reloads a case changed meanwhile (409), says so, and keeps the form', async () => {
    const { page } = hall;
    // A second case, waiting for 立案.
    const acceptor = await wb.apiToken(demo.acceptor);
    const filed = await wb.apiCall<{ case: { id: number; caseNo: string; version: number } }>(acceptor, 'POST', '/api/cases', {
      kind: CLASS.kind, classCode: CLASS.code, description: '并发测试', address: demo.address,
    });
    await wb.apiCall(acceptor, 'POST', `/api/cases/${filed.case.id}/accept`, { version: filed.case.version });
    wb.caseNo = filed.case.caseNo;

    await wb.signIn(demo.shiftLeader);
    await wb.openFromQueue('待立案');
    const register = await wb.startAction('立案');
    await register.getByLabel(/意见/).fill('同意立案');
    // Someone else adds a note in the meantime: the case's version moves on.
    const elsewhere = await wb.apiToken(demo.shiftLeader);
    const current = await wb.apiCall<{ case: { version: number } }>(elsewhere, 'GET', `/api/cases/${filed.case.id}`);
    await wb.apiCall(elsewhere, 'POST', `/api/cases/${filed.case.id}/note`, { version: current.case.version, comment: '另一位值班长的备注' });

    await page.keyboard.press('Control+Enter');
    const notice = register.getByRole('status');
    await notice.waitFor();
    expect(await notice.innerText()).toContain('案卷已被他人更新');
    expect(await register.getByLabel(/意见/).inputValue()).toBe('同意立案'); // nothing typed is lost
    await wb.timeline().getByText('另一位值班长的备注').waitFor(); // the case on screen is the fresh one
    expect(await wb.stateLabel()).toBe('待立案');
    await wb.submitAndExpect(register, '待派遣');
  });

  it('logged no console errors, failed requests or outside traffic', () => {
    expect(hall.consoleErrors).toEqual([]);
    expect(hall.failedRequests).toEqual([]);
    expect(hall.outsideRequests).toEqual([]);
  });
});
