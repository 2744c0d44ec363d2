import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, phoneContext } from '../support/browser.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/** The public form and tracking page in Chromium on a phone-sized screen, against the whole local runtime. */

let runtime: TestRuntime;
let browser: Browser;

beforeAll(async () => {
  runtime = await startTestRuntime({ staticRoot: resolve(import.meta.dirname, '../../web/dist') });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

describe('a resident on a phone', () => {
  it('submits a petition, gets a tracking code, and sees it assigned on the tracking page', async () => {
    const context = await phoneContext(browser, runtime.url);
    const page = await context.newPage();
    await page.goto('/');
    await page.selectOption('#categoryCode', 'transport');
    await page.selectOption('#jurisdictionCode', 'chengguan');
    await page.fill('#title', '人民路公交站牌损坏');
    await page.fill('#content', '人民路公交站牌被撞坏，<script>alert(1)</script> 请尽快修复。');
    await page.fill('#name', '张三');
    await page.fill('#phone', '13812345678');
    await page.check('#consent');
    await page.click('button[type=submit]');

    const code = (await page.locator('#confirmation .code').textContent({ timeout: 10_000 }))?.trim() ?? '';
    await page.click('#confirmation a');
    await page.fill('#phone4', '5678');
    await page.click('button[type=submit]');
    await page.locator('#result h2').waitFor({ timeout: 10_000 });
    const unit = await page.locator('#result').textContent();
    await context.close();

    expect(code).toMatch(/^HY-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(unit).toContain(code);
  });
});
