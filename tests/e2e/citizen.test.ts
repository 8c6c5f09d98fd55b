// The 市民通 page on a phone (390×844, touch): from the problem type to the tracking code,
// then the status by that code. Text the citizen typed comes back as text, never as markup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHall, type Hall } from './harness.js';

let hall: Hall;

beforeAll(async () => {
  hall = await openHall({ adminPassword: 'e2e-Admin-密码-2026', viewport: { width: 390, height: 844 } });
});

afterAll(async () => {
  await hall?.close();
});

describe('the citizen page on a phone', () => {
  it('files a report with a photo and a point on the map, and shows the tracking code', async () => {
    const { page } = hall;
    // A real picture to attach: a screenshot of the blank page is a valid PNG.
    await page.goto('about:blank');
    const picture = await page.screenshot({ type: 'png' });
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });

    await page.goto(`${hall.url}/citizen`);
    await page.getByRole('heading', { level: 1, name: '市民通 · 随手拍' }).waitFor();
    await page.getByRole('button', { name: '暴露垃圾' }).waitFor();
    await hall.screenshot('citizen-1-start');

    await page.getByRole('button', { name: '暴露垃圾' }).click();
    await page.getByTestId('photo-input').setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: picture });
    await page.locator('figure img').waitFor();
    // Tap the middle of the map: the pin drops and the nearest address shows.
    const map = page.getByTestId('map');
    await map.scrollIntoViewIfNeeded();
    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.getByTestId('pin').waitFor();
    await page.getByTestId('picked').waitFor();
    const description = '路口垃圾堆了三天 <script>alert("x")</script>';
    await page.getByRole('textbox', { name: '问题描述' }).fill(description);
    await hall.screenshot('citizen-2-filled');

    await page.getByRole('button', { name: '提交上报' }).click();
    const code = page.getByTestId('tracking-code');
    await code.waitFor();
    const tracking = (await code.innerText()).trim();
    expect(tracking).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await hall.screenshot('citizen-3-done');

    // The centre has the case, with the photo, from the citizen channel.
    const status = (await (await fetch(`${hall.url}/api/public/reports/${tracking}`)).json()) as { caseNo: string; description: string };
    expect(status.description).toBe(description);
    const row = (await hall.county.county.cases.getByNo(status.caseNo))!;
    expect(row.source).toBe('citizen');
    expect(await hall.county.county.cases.attachmentsOfCase(row.id)).toHaveLength(1);

    // Progress by the code: the description shows as typed, no script ran.
    await page.getByRole('button', { name: '查看进度' }).click();
    await page.getByTestId('status').waitFor();
    expect(await page.getByTestId('description').innerText()).toBe(description);
    expect(await page.getByTestId('status').locator('header strong').innerText()).toBe('待受理');
    // The citizen's own photo is there, drawn (its bytes came back by the tracking code).
    const photo = page.getByTestId('status-photos').locator('img');
    await photo.waitFor();
    await expect.poll(() => photo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await hall.screenshot('citizen-4-status');
    expect(dialogs).toBe(0);
    expect(hall.consoleErrors).toEqual([]);
    expect(hall.failedRequests).toEqual([]);
    expect(hall.outsideRequests).toEqual([]);
  });

  it('says so when a tracking code does not exist', async () => {
    const { page } = hall;
    await page.goto(`${hall.url}/citizen/`);
    await page.getByRole('tab', { name: '进度查询' }).click();
    await page.getByLabel('查询码').fill('ZZZZ-ZZZZ-ZZZZ');
    await page.getByRole('button', { name: '查询' }).click();
    expect(await page.getByRole('alert').innerText()).toBe('查询码不存在，请核对');
    // The code just filed is remembered on this phone.
    expect(await page.locator('.mine li').count()).toBe(1);
  });
});
