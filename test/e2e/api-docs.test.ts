import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopContext, launchBrowser } from '../support/browser.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/** The API reference at /api/docs: Redoc from the site itself (no CDN) renders the served document. */

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

describe('the API reference', () => {
  it('renders every tag and an operation from /api/openapi.json, loading nothing from elsewhere', async () => {
    const context = await desktopContext(browser, runtime.url);
    const page = await context.newPage();
    const foreign: string[] = [];
    const failures: string[] = [];
    page.on('response', (answer) => {
      if (!answer.url().startsWith(runtime.url) && !/^(data|blob):/.test(answer.url()))
        foreign.push(answer.url());
    });
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('console', (message) => {
      // Redoc's attribution badge is an image on its CDN, which the page's CSP blocks (so it never loads).
      const badge =
        /^Loading the image 'https:\/\/cdn\.redoc\.ly\/[^']+' violates the following Content Security Policy/;
      if (message.type() === 'error' && !badge.test(message.text())) failures.push(message.text());
    });
    const response = await page.goto('/api/docs');
    expect(response?.status()).toBe(200);
    await page
      .getByRole('heading', { name: /Huiyin \(回音\) API/ })
      .first()
      .waitFor({ timeout: 30_000 });
    for (const tag of ['Public', 'Cases', 'Admin', 'Open311'])
      await expect(page.getByText(tag, { exact: true }).first().isVisible()).resolves.toBe(true);
    // Redoc shows one tag at a time: open the public routes and find an operation with its summary.
    await page.getByText('Public', { exact: true }).first().click();
    await page.getByText('Register a petition').first().waitFor({ state: 'attached', timeout: 30_000 });
    expect(foreign).toEqual([]);
    expect(failures).toEqual([]);
    await context.close();
  }, 90_000);
});
