// Driving 案件工作台 as its users do, for the workbench e2e files: sign in as a demo user, pick
// a queue, find a case by its number (/ search, Enter), press an offered action's number, fill
// the form and submit with Ctrl+Enter, then read what the screen says (state, timeline).
import type { Locator } from 'playwright-core';
import { expect } from 'vitest';
import type { Hall } from './harness.js';

export type WorkbenchDriver = ReturnType<typeof workbenchDriver>;

/**
 * From the demo county itself: a door plate in a grid that has an inspector (and no 自动批转
 * rule for the class, so its cases wait for a dispatcher), and that grid's inspector.
 */
export async function demoPlace(hall: Hall, cls: { kind: 'component' | 'event'; code: string }): Promise<{ address: string; inspector: { username: string; name: string } }> {
  const ctx = hall.county.county;
  let plate: Awaited<ReturnType<typeof ctx.places.list>>[number] | undefined;
  for (const p of await ctx.places.list({ kind: 'doorplate', limit: 500 })) {
    if (p.gridCode && (await ctx.inspectors.inspectorsOfGrid(p.gridCode)).length > 0) {
      plate = p;
      break;
    }
  }
  if (!plate) throw new Error('no door plate in an inspector\'s grid');
  expect(await ctx.dispatch.match({ kind: cls.kind, classCode: cls.code, gridCode: plate.gridCode }), 'no auto-dispatch rule').toBeUndefined();
  const inspector = (await ctx.authStore.userById((await ctx.inspectors.inspectorsOfGrid(plate.gridCode!))[0]!))!;
  return { address: plate.name, inspector: { username: inspector.username, name: inspector.displayName } };
}

export function workbenchDriver(hall: Hall, password: string) {
  const page = () => hall.page;
  const list = () => page().getByRole('listbox', { name: '案件列表' });
  const listSettled = () => page().locator('[role="listbox"][aria-busy="false"]').waitFor();
  const queueButton = (label: string) => page().getByRole('navigation', { name: '待办队列' }).getByRole('button', { name: new RegExp(`^${label}`) });
  const detail = () => page().locator('article.detail');
  const timeline = () => page().getByRole('list', { name: '办理记录' });
  const actionBar = () => page().getByRole('toolbar', { name: '可执行操作' });

  const driver = {
    /** The case being worked on: searched for by its number. */
    caseNo: '',
    list,
    listSettled,
    queueButton,
    detail,
    timeline,
    actionBar,

    /** A token of the user's own, to ask the API what the page should be showing. */
    async apiToken(username: string): Promise<string> {
      const answer = await fetch(`${hall.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      return ((await answer.json()) as { token: string }).token;
    },

    async apiCall<T>(token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
      const answer = await fetch(`${hall.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? null : JSON.stringify(body),
      });
      return (await answer.json()) as T;
    },

    /** Signs out whoever is in, and signs `username` in to the workbench. */
    async signIn(username: string): Promise<void> {
      const signOut = page().getByRole('button', { name: '退出登录' });
      if (await signOut.count()) {
        await signOut.click();
        await page().waitForURL(/\/login/);
      }
      await page().goto(`${hall.url}/login?redirect=/workbench`);
      await page().getByLabel('用户名').fill(username);
      await page().getByLabel('密码').fill(password);
      await page().getByLabel('密码').press('Enter');
      await page().waitForURL(/\/workbench/);
      await list().waitFor();
      await page().locator('.workbench[aria-busy="false"]').waitFor();
    },

    async queueCount(label: string): Promise<number> {
      return Number((await queueButton(label).locator('.count').innerText()).trim());
    },

    /** Waits until a queue's live count shows `n`. */
    async waitForCount(label: string, n: number): Promise<void> {
      await queueButton(label).locator('.count', { hasText: new RegExp(`^${n}$`) }).waitFor();
    },

    /** Chooses a queue and waits for its list. */
    async chooseQueue(label: string): Promise<void> {
      await queueButton(label).click();
      await listSettled();
    },

    /** Whether the case is in the current queue's list (searched by its number). */
    async inList(): Promise<boolean> {
      await page().keyboard.press('/');
      await page().keyboard.press('Control+A');
      await page().keyboard.type(driver.caseNo);
      await page().keyboard.press('Enter'); // runs the search and hands the keys back to the list
      await listSettled();
      return (await list().getByRole('option').filter({ hasText: driver.caseNo }).count()) === 1;
    },

    /** Opens the case from the queue by keyboard: search, Enter. */
    async openFromQueue(queue: string): Promise<void> {
      await driver.chooseQueue(queue);
      expect(await driver.inList(), `${driver.caseNo} in ${queue}`).toBe(true);
      await page().keyboard.press('Enter');
      await detail().getByText(driver.caseNo).first().waitFor(); // the number also shows in notification notices
    },

    async stateLabel(): Promise<string> {
      return (await detail().locator('.state').innerText()).trim();
    },

    /** The offered actions' labels, in their keyboard order. */
    async offeredActions(): Promise<string[]> {
      return (await actionBar().getByRole('button').allInnerTexts()).map((text) => text.replace(/^\d\s*/, '').trim());
    },

    /** Presses the number of an offered action and waits for its form. */
    async startAction(label: string): Promise<Locator> {
      const offered = await driver.offeredActions();
      const index = offered.indexOf(label);
      expect(index, `"${label}" among ${offered.join('、')}`).toBeGreaterThanOrEqual(0);
      await page().keyboard.press(String(index + 1));
      const dialog = page().getByRole('dialog', { name: `办理：${label}` });
      await dialog.waitFor();
      return dialog;
    },

    /** Submits the open form with Ctrl+Enter and waits for the state it leads to. */
    async submitAndExpect(dialog: Locator, nextState: string): Promise<void> {
      await page().keyboard.press('Control+Enter');
      await dialog.waitFor({ state: 'detached' });
      await detail().locator('.state', { hasText: new RegExp(`^${nextState}$`) }).waitFor();
    },

    /** The timeline's actions, newest first (notification notices left out). */
    async timelineActions(): Promise<string[]> {
      return (await timeline().locator('.entry:not(.notice) .action').allInnerTexts()).map((s) => s.trim());
    },
  };
  return driver;
}
