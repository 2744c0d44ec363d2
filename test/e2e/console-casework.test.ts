import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopContext, launchBrowser, phoneContext } from '../support/browser.ts';
import { checkPage } from '../support/page-checks.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';
import { signIn } from '../support/staff-sign-in.ts';

/** Case work in the console: the photos of a case (thumbnails, viewer, download); reply templates. */

let runtime: TestRuntime;
let browser: Browser;
const HANDLER = 'handler-dept-transport';
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  runtime = await startTestRuntime({ staticRoot: resolve(import.meta.dirname, '../../web/dist') });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

async function photo(): Promise<string> {
  const grant = (await (
    await runtime.postJson('/api/uploads', { contentType: 'image/png', size: png.length })
  ).json()) as { key: string; upload: { url: string; headers: Record<string, string> } };
  await fetch(grant.upload.url, { method: 'PUT', headers: grant.upload.headers, body: png });
  return grant.key;
}

async function assignedCase(overrides: Record<string, unknown> = {}) {
  const response = await runtime.postJson('/api/petitions', petitionBody(overrides));
  const created = (await response.json()) as { caseId: string; trackingCode: string };
  await eventually(async () =>
    (await runtime.caseStore.get(created.caseId))?.status === 'assigned' ? true : undefined,
  );
  return created;
}

describe('the photos of a case', () => {
  it.each([
    ['desktop', desktopContext],
    ['phone', phoneContext],
  ] as const)(
    'shows thumbnails with their names, enlarges, rotates and downloads them (%s)',
    async (name, open) => {
      const created = await assignedCase({
        attachments: [{ key: await photo(), name: '路口积水.jpg' }, await photo()],
      });
      const context = await open(browser, runtime.url);
      const page = await context.newPage();
      await signIn(page, HANDLER);
      await page.goto(`/console.html#/case/${created.caseId}`);
      await page.locator('.thumbnails img').nth(1).waitFor();
      await page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>('.thumbnails img')].every(
          (image) => image.complete && image.naturalWidth > 0,
        ),
      );
      const names = await page.locator('.thumbnails .file-name').allTextContents();
      await checkPage(page, `${name}: the case’s photos`);

      await page.click('.thumbnails button.thumbnail >> nth=0');
      const viewer = page.locator('dialog.viewer');
      await viewer.locator('img.viewer-image[src]').waitFor();
      await page.waitForFunction(() => {
        const image = document.querySelector<HTMLImageElement>('dialog.viewer img');
        return image?.complete && image.naturalWidth > 0;
      });
      await viewer.getByRole('button', { name: '向右旋转' }).click();
      await viewer.getByRole('button', { name: '放大', exact: true }).click();
      const transform = await viewer.locator('img.viewer-image').evaluate((image) => image.style.transform);
      await checkPage(page, `${name}: the photo enlarged`);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        viewer.getByRole('button', { name: '下载原件' }).click(),
      ]);
      const saved = download.suggestedFilename();
      await viewer.getByRole('button', { name: '关闭' }).click();
      await viewer.waitFor({ state: 'detached' });
      await context.close();

      expect(names).toEqual(['路口积水.png', '照片 2']);
      expect(transform).toBe('rotate(90deg) scale(1.5)');
      expect(saved).toBe('路口积水.png');
      const reads = await runtime.caseStore.reads(created.caseId);
      expect(reads.map((read) => [read.what, read.detail ?? ''])).toEqual(
        expect.arrayContaining([
          ['attachments', ''],
          ['attachment-view', '路口积水.png'],
          ['attachment-download', '路口积水.png'],
        ]),
      );
    },
  );
});

async function acknowledgedCase() {
  const created = await assignedCase();
  const token = await runtime.tokenFor(HANDLER);
  const response = await runtime.request(`/api/staff/cases/${created.caseId}/acknowledge`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ expectedVersion: (await runtime.caseStore.get(created.caseId))!.version }),
  });
  expect(response.status).toBe(200);
  return created;
}

describe('reply templates', () => {
  it('fills a seeded template’s placeholders, and a text saved under a name is offered at once', async () => {
    const created = await acknowledgedCase();
    const context = await desktopContext(browser, runtime.url);
    const page = await context.newPage();
    await signIn(page, HANDLER);
    await page.goto(`/console.html#/case/${created.caseId}`);
    await page.click('[data-action="reply"]');
    await page.locator('#reply-template option', { hasText: '受理告知' }).waitFor({ state: 'attached' });
    const groups = await page
      .locator('#reply-template optgroup')
      .evaluateAll((nodes) =>
        nodes.map((node) => [
          node.getAttribute('label'),
          [...node.querySelectorAll('option')].map((option) => option.textContent),
        ]),
      );
    await page.selectOption('#reply-template', { label: '受理告知' });
    const filled = await page.inputValue('#reply-text');

    await page.fill('#reply-text', '您反映的路灯问题已报修，预计三日内修复。');
    await page.click('#save-as-template');
    await page.locator('#template-name').waitFor();
    await checkPage(page, 'saving a reply as a template');
    await page.click('#template-save');
    const refused = await page.locator('.template-save [role="status"]').textContent();
    await page.fill('#template-name', '路灯报修');
    await page.press('#template-name', 'Enter');
    await page.locator('#reply-template option', { hasText: '路灯报修' }).waitFor({ state: 'attached' });
    const confirmation = await page.locator('small[role="status"]').textContent();
    const status = (await runtime.caseStore.get(created.caseId))!.status;
    await context.close();

    expect(groups).toEqual([
      ['本单位模板', ['道路设施已修复']],
      ['全县通用模板', ['受理告知', '转办告知', '答复', '延期告知']],
    ]);
    expect(filled).toContain('张*您好');
    expect(filled).toContain(created.trackingCode);
    expect(filled).toContain('县交通运输局受理');
    expect(filled).toMatch(/我们将在\d{4}年\d{1,2}月\d{1,2}日前答复您/);
    expect(filled).not.toMatch(/[{}]/);
    expect(refused).toBe('请填写模板名称');
    expect(confirmation).toBe('已存为模板“路灯报修”');
    // Enter in the name field saved the template and did not send the reply.
    expect(status).toBe('acknowledged');
  });
});
