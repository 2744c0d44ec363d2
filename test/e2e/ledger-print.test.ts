import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopContext, launchBrowser } from '../support/browser.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';
import { signIn } from '../support/staff-sign-in.ts';

/**
 * The print view of the service record book: a liaison officer signed in to the console opens it, sees the
 * studio and month in the header and one row per entry, and prints it on A4 landscape (CSS `@page`).
 */

let runtime: TestRuntime;
let browser: Browser;
const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);

beforeAll(async () => {
  runtime = await startTestRuntime({ staticRoot: resolve(import.meta.dirname, '../../web/dist') });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

describe('the printable service record book', () => {
  it('shows the studio and month, the 15 columns, and prints A4 landscape', async () => {
    const headers = { authorization: `Bearer ${await runtime.tokenFor('liaison-studio-xikou')}` };
    const generated = (await (
      await runtime.postJson(
        '/api/staff/reception-days/generate',
        { studioId: 'studio-xikou', month, publish: true },
        headers,
      )
    ).json()) as { days: { date: string }[] };
    const visit = await runtime.postJson(
      `/api/staff/reception-days/studio-xikou/${generated.days[0]!.date}/visits`,
      {
        visitor: { name: '李阿姨', phone: '13700003333' },
        groupSize: 3,
        representativeIds: ['rep-xk-01'],
        summary: '咨询村里老年食堂的开放时间。',
        outcome: 'answered',
        answer: '已告知每天中午 11 点开放。',
      },
      headers,
    );
    expect(visit.status).toBe(201);

    const context = await desktopContext(browser, runtime.url);
    const page = await context.newPage();
    await signIn(page, 'liaison-studio-xikou');

    await page.goto(`/ledger-print.html?studioId=studio-xikou&month=${month}`);
    await page.locator('#book:not([hidden])').waitFor();
    expect(await page.textContent('#title')).toBe('溪口镇党代表工作室服务群众记录簿');
    expect(await page.textContent('#subtitle')).toContain(`${Number(month.slice(5))}月`);
    expect(await page.locator('#ledger thead th').count()).toBe(15);
    expect(await page.locator('#ledger tbody tr').count()).toBe(1);
    const row = await page.textContent('#ledger tbody tr');
    expect(row).toContain('当场答复');
    expect(row).toContain('137****3333');
    expect(row).not.toContain('13700003333');

    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf);
    expect(box).not.toBeNull();
    // A4 landscape: 297 mm × 210 mm = 841.89 × 595.28 points.
    expect(Number(box![1])).toBeCloseTo(841.89, 0);
    expect(Number(box![2])).toBeCloseTo(595.28, 0);
    await context.close();
  });

  it('asks a visitor who is not signed in to sign in first, and shows no data', async () => {
    const context = await desktopContext(browser, runtime.url);
    const page = await context.newPage();
    await page.goto(`/ledger-print.html?studioId=studio-xikou&month=${month}`);
    await expect.poll(() => page.textContent('#status')).toContain('请先登录');
    expect(await page.locator('#book').isHidden()).toBe(true);
    expect(await page.locator('#sign-in').isVisible()).toBe(true);
    await context.close();
  });
});
