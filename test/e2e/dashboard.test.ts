import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopContext, launchBrowser, phoneContext } from '../support/browser.ts';
import { checkPage, screenshot } from '../support/page-checks.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';
import { signIn } from '../support/staff-sign-in.ts';

/** The supervisors' dashboard: signs in, draws its charts on canvas, lists the report card and the overdue board. */

let runtime: TestRuntime;
let browser: Browser;

beforeAll(async () => {
  process.env.RATE_LIMITS = 'off';
  runtime = await startTestRuntime({ staticRoot: resolve(import.meta.dirname, '../../web/dist') });
  browser = await launchBrowser();
  for (const categoryCode of ['transport', 'environment', 'transport']) {
    const { trackingCode } = (await (
      await runtime.postJson('/api/petitions', petitionBody({ categoryCode }))
    ).json()) as { trackingCode: string };
    await eventually(async () => {
      const view = (await (await runtime.request(`/api/petitions/${trackingCode}?phone=5678`)).json()) as {
        status: string;
      };
      return view.status === 'assigned' ? true : undefined;
    });
  }
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

describe('the dashboard', () => {
  it('renders the trend and unit charts, the report card and the overdue board without console errors', async () => {
    const context = await desktopContext(browser, runtime.url);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });

    await signIn(page, 'supervisor', { path: '/dashboard.html', ready: '#trend-chart canvas' });
    await page.locator('#units-chart canvas').waitFor({ timeout: 15_000 });
    await page.locator('#overdue tbody tr').first().waitFor({ timeout: 15_000 });
    const who = await page.locator('#who').textContent();
    const ranking = await page.locator('#ranking').textContent();
    const overdue = await page.locator('#overdue').textContent();
    const canvasSize = await page
      .locator('#trend-chart canvas')
      .evaluate((canvas: HTMLCanvasElement) => [canvas.width, canvas.height]);
    const state = await page.locator('#card-state').textContent();
    const month = await page.locator('#month option:checked').textContent();
    const unitsChartHeight = await page.locator('#units-chart').evaluate((chart) => chart.clientHeight);
    await checkPage(page, 'dashboard');
    await screenshot(page, 'dashboard');
    const download = page.waitForEvent('download');
    await page.click('#export-csv');
    const file = await download;
    await context.close();

    expect(who).toBe('督办人员');
    expect(ranking).toContain('县交通运输局');
    expect(ranking).toContain('全县合计');
    expect(overdue).toContain('暂无超期件');
    expect(canvasSize[0]).toBeGreaterThan(100);
    expect(canvasSize[1]).toBeGreaterThan(100);
    expect(state).toContain('实时数据');
    // The month named the Chinese way, whole; the units chart is horizontal bars, one row per unit.
    expect(month).toMatch(/^\d{4}年\d{1,2}月$/);
    expect(unitsChartHeight).toBeGreaterThanOrEqual(320);
    expect(file.suggestedFilename()).toMatch(/^huiyin-report-\d{4}-\d{2}\.csv$/);
    expect(problems).toEqual([]);
  });

  it('shows an admin (on a phone) why there is no board, with no export to try', async () => {
    const context = await phoneContext(browser, runtime.url);
    const page = await context.newPage();

    await signIn(page, 'admin', { path: '/dashboard.html', ready: '#no-reports:not([hidden])' });
    const who = await page.locator('#who').textContent();
    const boardHidden = await page.locator('#board').isHidden();
    const exportsShown = await page.locator('#export-csv:visible, #export-xlsx:visible').count();
    const note = await page.locator('#no-reports').textContent();
    await checkPage(page, 'dashboard for an admin');
    await context.close();

    expect(who).toBe('系统管理员');
    expect(boardHidden).toBe(true);
    expect(exportsShown).toBe(0);
    expect(note).toContain('只对督办人员、承办人和联络员开放');
  });

  it('asks for a sign-in when there is no session', async () => {
    const context = await desktopContext(browser, runtime.url);
    const page = await context.newPage();

    await page.goto('/dashboard.html');
    await page.locator('#sign-in').waitFor({ state: 'visible', timeout: 10_000 });
    const boardHidden = await page.locator('#board').isHidden();
    await context.close();
    // Browsers and feed readers ask for /favicon.ico whatever the page links: it is there.
    const icon = await runtime.request('/favicon.ico');

    expect(boardHidden).toBe(true);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/x-icon');
  });
});
