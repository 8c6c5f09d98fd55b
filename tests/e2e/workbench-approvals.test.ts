// 案件工作台's side flows in Chromium, each driven through the UI by the role that does it:
// 核实 of a citizen's report, 回退 and re-dispatch, 延期 granted shorter than asked (the
// deadline and the countdown move by the grant), 挂账 and 挂账恢复, and an inspector's 自行处置
// with the shift leader's review. The steps before a side flow (intake, 立案, 派遣) are made
// over the API by the same demo users; workbench.test.ts drives those through the UI.
// Screenshots of every approval form: tests/artifacts/e2e/approvals-*.png.
import type { CaseDetailResponse } from '../../core/contract/index.js';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../support/png.js';
import { openHall, type Hall } from './harness.js';
import { demoPlace, workbenchDriver, type WorkbenchDriver } from './workbench-driver.js';

const password = 'e2e-Approvals-密码-2026';
/** 积存垃圾渣土: no 自动批转 rule in the demo county, so cases wait for a dispatcher. */
const CLASS = { kind: 'event' as const, code: '0103', name: '积存垃圾渣土' };
const H = 3_600_000;

const demo = {
  acceptor: 'acceptor01',
  shiftLeader: 'shift01',
  dispatcher: 'dispatcher01',
  department: 'dept-hws',
  departmentName: '',
  otherDepartment: 'dept-szs',
  otherDepartmentName: '',
  inspector: { username: '', name: '' },
  address: '',
};

let hall: Hall;
let wb: WorkbenchDriver;
const tokens = new Map<string, string>();

beforeAll(async () => {
  hall = await openHall({ adminPassword: password });
  wb = workbenchDriver(hall, password);
  Object.assign(demo, await demoPlace(hall, CLASS));
  const ctx = hall.county.county;
  demo.departmentName = (await ctx.departments.getByCode('HWS'))!.name;
  demo.otherDepartmentName = (await ctx.departments.getByCode('SZS'))!.name;
});

afterAll(async () => {
  await hall?.close();
});

async function token(username: string): Promise<string> {
  if (!tokens.has(username)) tokens.set(username, await wb.apiToken(username));
  return tokens.get(username)!;
}

async function caseByNo(caseNo: string): Promise<CaseDetailResponse> {
  const id = (await hall.county.county.cases.getByNo(caseNo))!.id;
  return wb.apiCall<CaseDetailResponse>(await token(demo.shiftLeader), 'GET', `/api/cases/${id}`);
}

/** A hotline case filed, registered and dispatched to 环卫所 over the API, by the users who do that; it becomes the case in hand. */
async function dispatchedCase(description: string): Promise<void> {
  type Answer = { case: { id: number; caseNo: string; version: number } };
  const filed = await wb.apiCall<Answer>(await token(demo.acceptor), 'POST', '/api/cases', {
    kind: CLASS.kind, classCode: CLASS.code, description, address: demo.address, source: 'hotline',
  });
  const id = filed.case.id;
  let r = await wb.apiCall<Answer>(await token(demo.acceptor), 'POST', `/api/cases/${id}/accept`, { version: filed.case.version });
  r = await wb.apiCall<Answer>(await token(demo.shiftLeader), 'POST', `/api/cases/${id}/register`, { version: r.case.version });
  const departmentId = (await hall.county.county.departments.getByCode('HWS'))!.id;
  r = await wb.apiCall<Answer>(await token(demo.dispatcher), 'POST', `/api/cases/${id}/dispatch`, { version: r.case.version, departmentId });
  expect(r.case.version).toBe(4);
  wb.caseNo = filed.case.caseNo;
}

/**
 * A fresh case at 环卫所, whose department asks for `action` through the UI: `fill` fills the
 * form beyond the reason; the case waits in `waiting` afterwards.
 */
async function departmentAsks(action: string, description: string, reason: string, waiting: string, fill?: (form: Locator) => Promise<void>): Promise<void> {
  await dispatchedCase(description);
  await wb.signIn(demo.department);
  await wb.openFromQueue('待处置');
  const ask = await wb.startAction(action);
  await fill?.(ask);
  await ask.getByLabel(/意见/).fill(reason);
  await wb.submitAndExpect(ask, waiting);
}

/** "11-21 09:30" in the hall's zone (the year too when it is not this year): how the workbench writes a time. */
function hallTime(ms: number): string {
  const parts = (at: number) =>
    Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        .formatToParts(at)
        .map((p) => [p.type, p.value]),
    );
  const d = parts(ms);
  const year = d.year === parts(Date.now()).year ? '' : `${d.year}-`;
  return `${year}${d.month}-${d.day} ${d.hour}:${d.minute}`;
}

const deadlineText = async () => (await wb.detail().locator('.deadline .due').innerText()).trim();

/** The disposal countdown on screen, in working milliseconds ("剩余 1 工作日 3:59:10"). */
async function countdownMs(): Promise<number> {
  const text = await wb.detail().getByRole('timer', { name: '处置时限' }).innerText();
  const days = Number(/(\d+)\s*工作日/.exec(text)?.[1] ?? 0);
  const [h, m, s] = /(\d+):(\d\d):(\d\d)/.exec(text)!.slice(1).map(Number) as [number, number, number];
  const sign = text.includes('已超期') ? -1 : 1;
  return sign * (days * hall.county.county.calendars.calendar.dayLengthMs + ((h * 60 + m) * 60 + s) * 1000);
}

const latestEntry = () => wb.timeline().locator('.entry:not(.notice)').first();

describe('核实: a citizen report verified on site', () => {
  it('the intake operator sends it to the grid inspector (发核实), who confirms it (核实属实) → 待立案', async () => {
    // The citizen files from the 市民通 page's endpoint, as a phone does.
    const form = new FormData();
    form.append('kind', CLASS.kind);
    form.append('classCode', CLASS.code);
    form.append('description', '楼下堆了很多装修垃圾，好几天了');
    form.append('address', demo.address);
    const answer = await fetch(`${hall.url}/api/public/reports`, { method: 'POST', body: form });
    expect(answer.status).toBe(201);
    wb.caseNo = ((await answer.json()) as { caseNo: string }).caseNo;

    await wb.signIn(demo.acceptor);
    await wb.openFromQueue('待受理');
    expect(await wb.stateLabel()).toBe('待受理');
    expect(await wb.detail().getByText('来源：市民通').count()).toBe(1);
    const send = await wb.startAction('发核实');
    await send.getByLabel(/核实\/核查人/).waitFor();
    await hall.screenshot('approvals-1-send-verify');
    await wb.submitAndExpect(send, '待核实');
    expect(await latestEntry().innerText()).toContain(`指派 ${demo.inspector.name}`);

    await wb.signIn(demo.inspector.username);
    await wb.openFromQueue('核实任务');
    const verify = await wb.startAction('核实属实');
    await verify.getByLabel(/意见/).fill('现场确有装修垃圾约一立方米');
    await hall.screenshot('approvals-2-verify');
    await wb.submitAndExpect(verify, '待立案');
    expect(await wb.timelineActions()).toEqual(['核实属实', '发核实', '上报']);
    expect(await latestEntry().locator('.comment').innerText()).toBe('现场确有装修垃圾约一立方米');
    expect(await wb.offeredActions()).not.toContain('核实属实'); // the task is done
    await wb.chooseQueue('核实任务');
    expect(await wb.inList()).toBe(false);
  });
});

describe('回退: a department returns a case it does not own, and it is dispatched again', () => {
  it('the department asks (申请回退) → 回退待审批; the dispatcher approves → 待派遣, and re-dispatches → 处置中 at the other department', async () => {
    await departmentAsks('申请回退', '人行道上积存渣土，需清运', '渣土来自道路施工，属市政所职责', '回退待审批');
    expect(await wb.offeredActions()).not.toContain('处置反馈'); // waiting for the dispatcher
    await wb.chooseQueue('申请中');
    expect(await wb.inList()).toBe(true);

    await wb.signIn(demo.dispatcher);
    await wb.openFromQueue('待审批');
    expect(await wb.offeredActions()).toEqual(expect.arrayContaining(['同意回退', '驳回回退']));
    const approve = await wb.startAction('同意回退');
    expect(await approve.getByRole('region', { name: '待审批的申请' }).innerText()).toContain('渣土来自道路施工，属市政所职责');
    await approve.getByLabel(/意见/).fill('同意，改派市政所');
    await hall.screenshot('approvals-3-return-approve');
    await wb.submitAndExpect(approve, '待派遣');
    expect(await wb.detail().locator('dt', { hasText: '处置部门' }).count()).toBe(0); // no longer any department's
    expect(await wb.detail().getByRole('timer', { name: '处置时限' }).count()).toBe(0);

    const dispatch = await wb.startAction('派遣');
    await dispatch.getByLabel(/处置部门/).selectOption({ label: demo.otherDepartmentName });
    await wb.submitAndExpect(dispatch, '处置中');
    expect(await latestEntry().innerText()).toContain(`派至 ${demo.otherDepartmentName}`);
    expect(await wb.timelineActions()).toEqual(['派遣', '同意回退', '申请回退', '派遣', '立案', '案卷登记', '上报']);
    await wb.detail().getByRole('timer', { name: '处置时限' }).waitFor();

    // The other department now has it to dispose of.
    await wb.signIn(demo.otherDepartment);
    await wb.openFromQueue('待处置');
    expect(await wb.offeredActions()).toContain('处置反馈');
  });
});

describe('延期: the shift leader grants less than the department asked', () => {
  it('the deadline and the countdown move by the grant, and the timeline says asked and granted', async () => {
    await departmentAsks('申请延期', '背街小巷积存大量建筑垃圾，清运需协调车辆', '需协调大型清运车辆', '延期待审批', async (ask) => {
      await ask.getByLabel(/延期时长/).fill('2');
      await ask.getByLabel('单位').selectOption({ label: '工作日' });
      await hall.screenshot('approvals-4-extend-request');
    });
    expect(await latestEntry().innerText()).toContain('延期 2 工作日');

    await wb.signIn(demo.shiftLeader);
    await wb.openFromQueue('延期审批');
    const before = (await caseByNo(wb.caseNo)).case;
    const dueBefore = await deadlineText();
    expect(dueBefore).toBe(`截止 ${hallTime(Date.parse(before.deadlineAt!))}`);
    const leftBefore = await countdownMs();

    const approve = await wb.startAction('同意延期');
    // The request first: how much, who, why; then the deadline as it stands, and the grant.
    const request = approve.getByRole('region', { name: '待审批的申请' });
    expect(await request.locator('strong').innerText()).toBe('申请延期 2 工作日');
    expect(await request.innerText()).toContain(demo.departmentName);
    expect(await request.innerText()).toContain('需协调大型清运车辆');
    expect(await approve.getByText(`当前处置截止：${hallTime(Date.parse(before.deadlineAt!))}`).count()).toBe(1);
    const amount = approve.getByLabel(/批准延期时长/);
    expect(await amount.inputValue()).toBe('2'); // the ask, to change or keep
    expect(await approve.getByLabel('单位').inputValue()).toBe('work_days');
    await amount.fill('4');
    await approve.getByLabel('单位').selectOption({ label: '工作时' });
    await approve.getByRole('status').filter({ hasText: '与申请不同' }).waitFor();
    await approve.getByLabel(/意见/).fill('先批准 4 个工作时，清运车辆已协调');
    await hall.screenshot('approvals-5-extend-grant');
    await wb.submitAndExpect(approve, '处置中');

    // What moved: the deadline by exactly 4 working hours, the countdown with it.
    const granted = hall.county.county.calendars.calendar.extend(Date.parse(before.deadlineAt!), { value: 4, unit: 'work_hours' });
    const dueAfter = `截止 ${hallTime(granted)}`;
    await wb.detail().locator('.deadline .due', { hasText: dueAfter }).waitFor();
    expect(dueAfter).not.toBe(dueBefore);
    expect(await countdownMs()).toBeGreaterThan(leftBefore + 3 * H); // +4 h, less the seconds spent at the form
    const entry = latestEntry();
    expect(await entry.locator('.action').innerText()).toBe('同意延期');
    expect(await entry.locator('.details').innerText()).toContain('申请延期 2 工作日，批准 4 工作时');
    expect(await entry.locator('.details').innerText()).toContain(`时限至 ${hallTime(granted)}`);
    expect(await entry.locator('.comment').innerText()).toBe('先批准 4 个工作时，清运车辆已协调');
    await hall.screenshot('approvals-6-extended');
  });
});

describe('挂账: a case that cannot be done now is parked, and resumed', () => {
  it('the department asks (申请挂账); the dispatcher approves → 挂账 with the clock stopped, then resumes it (挂账恢复) → 处置中', async () => {
    await departmentAsks('申请挂账', '河道边堆积渣土，需待枯水期清运', '汛期水位高，需待枯水期施工', '挂账待审批');

    await wb.signIn(demo.dispatcher);
    await wb.openFromQueue('待审批');
    const approve = await wb.startAction('同意挂账');
    await hall.screenshot('approvals-7-hang-approve');
    await wb.submitAndExpect(approve, '挂账');
    await wb.detail().getByText('挂账中，计时停止').waitFor();
    expect(await wb.detail().getByRole('timer', { name: '处置时限' }).count()).toBe(0);
    expect(await wb.detail().locator('.deadline .due').count()).toBe(0);
    await wb.chooseQueue('挂账案件');
    expect(await wb.inList()).toBe(true);

    await hall.page.keyboard.press('Enter');
    await wb.detail().getByText(wb.caseNo).first().waitFor();
    const resume = await wb.startAction('挂账恢复');
    const parked = resume.getByRole('region', { name: '挂账情况' });
    expect(await parked.innerText()).toContain('汛期水位高，需待枯水期施工');
    expect(await parked.innerText()).toMatch(/自 \d\d-\d\d \d\d:\d\d 起挂账/);
    await hall.screenshot('approvals-8-hang-resume');
    await wb.submitAndExpect(resume, '处置中');
    await wb.detail().getByRole('timer', { name: '处置时限' }).waitFor();
    await wb.detail().locator('.deadline .due').waitFor();
    expect(await wb.timelineActions()).toEqual(['挂账恢复', '同意挂账', '申请挂账', '派遣', '立案', '案卷登记', '上报']);
    await wb.chooseQueue('挂账案件');
    expect(await wb.inList()).toBe(false);
  });
});

describe('自行处置: an inspector fixes a problem on the spot and the shift leader reviews it', () => {
  it('the inspector files it with a photo of the result → 自处置待审核; the shift leader approves → 已结案', async () => {
    const { page } = hall;
    await wb.signIn(demo.inspector.username);
    await page.keyboard.press('n');
    const intake = page.locator('form.intake');
    await intake.getByRole('heading', { name: '新建案件' }).waitFor();
    await page.keyboard.type(CLASS.name);
    await page.keyboard.press('Enter');
    await intake.getByLabel('问题描述').fill('路边少量渣土，已当场清理');
    await intake.getByLabel('地址').fill(demo.address);
    await intake.getByLabel('地址').press('Enter');
    await intake.getByRole('status').filter({ hasText: '已定位' }).waitFor();
    await intake.getByLabel('来源').selectOption({ label: '自行处置' });
    expect(await intake.getByLabel('来电人').count()).toBe(0); // no caller for an inspector's own report
    // Without the photo of the result it is refused, beside the photo field.
    await page.keyboard.press('Control+Enter');
    await intake.getByRole('alert').filter({ hasText: '自行处置须附处置后照片' }).waitFor();
    await intake.locator('input[type="file"]').setInputFiles({ name: '清理后.png', mimeType: 'image/png', buffer: makePng(640, 480, 90) });
    await intake.locator('.preview:not(.pending) img').waitFor();
    await hall.screenshot('approvals-9-self-intake');
    await page.keyboard.press('Control+Enter');
    const toast = page.getByRole('status').filter({ hasText: '已上报' });
    await toast.waitFor();
    wb.caseNo = (await toast.innerText()).replace('已上报', '').trim();
    await wb.detail().getByText(wb.caseNo).first().waitFor();
    expect(await wb.stateLabel()).toBe('自处置待审核');
    expect(await wb.detail().locator('.badge', { hasText: '自行处置' }).count()).toBe(1);
    expect(await wb.detail().getByText('来源：自行处置').count()).toBe(1);

    await wb.signIn(demo.shiftLeader);
    await wb.openFromQueue('自处置审核');
    expect(await wb.offeredActions()).toEqual(expect.arrayContaining(['自处置审核通过', '自处置驳回']));
    expect(await wb.detail().getByRole('button', { name: '查看照片 1' }).count()).toBeGreaterThan(0);
    const approve = await wb.startAction('自处置审核通过');
    // The photo of the result is in the form, and opens large.
    const photo = approve.getByRole('region', { name: '待审批的申请' }).getByRole('button', { name: '查看照片 1' });
    await photo.locator('img').waitFor();
    await photo.click();
    const viewer = page.getByRole('dialog', { name: '照片查看' });
    await viewer.locator('img.large').waitFor();
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    await approve.waitFor(); // the form is still open
    await hall.screenshot('approvals-10-self-approve');
    await wb.submitAndExpect(approve, '已结案');
    expect(await wb.timelineActions()).toEqual(['自处置审核通过', '上报']);
    expect(await wb.actionBar().innerText()).toContain('流程已结束');
  });

  it('logged no console errors, failed requests or outside traffic', () => {
    expect(hall.consoleErrors).toEqual([]);
    expect(hall.failedRequests).toEqual([]);
    expect(hall.outsideRequests).toEqual([]);
  });
});
