import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, phoneContext } from '../support/browser.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/** A petitioner answers the satisfaction survey from the SMS link on a 360 px phone. */

let runtime: TestRuntime;
let browser: Browser;

beforeAll(async () => {
  process.env.RATE_LIMITS = 'off';
  runtime = await startTestRuntime({ staticRoot: resolve(import.meta.dirname, '../../web/dist') });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

interface Tracked {
  status: string;
  version?: number;
  survey?: { url: string; status: string };
}

async function closedCase(): Promise<{ caseId: string; trackingCode: string; surveyPath: string }> {
  const { caseId, trackingCode } = (await (
    await runtime.postJson('/api/petitions', petitionBody())
  ).json()) as {
    caseId: string;
    trackingCode: string;
  };
  const track = async () =>
    (await (await runtime.request(`/api/petitions/${trackingCode}?phone=5678`)).json()) as Tracked;
  await eventually(async () => ((await track()).status === 'assigned' ? true : undefined));
  const headers = { authorization: `Bearer ${await runtime.tokenFor('handler-dept-transport')}` };
  let version = 2;
  for (const [action, body] of [
    ['acknowledge', {}],
    ['reply', { text: '站牌已更换，感谢您的反映。' }],
    ['close', {}],
  ] as const) {
    const response = await runtime.postJson(
      `/api/staff/cases/${caseId}/${action}`,
      { expectedVersion: version, ...body },
      headers,
    );
    expect(response.status).toBe(200);
    version = ((await response.json()) as { version: number }).version;
  }
  const url = new URL((await track()).survey!.url);
  return { caseId, trackingCode, surveyPath: `${url.pathname}${url.search}` };
}

describe('the survey page on a phone', () => {
  it('shows the case, takes 基本满意 with a comment in large tap targets, and thanks the petitioner', async () => {
    const { trackingCode, surveyPath } = await closedCase();
    const context = await phoneContext(browser, runtime.url);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });

    await page.goto(surveyPath);
    await page.locator('#survey-form').waitFor({ state: 'visible', timeout: 10_000 });
    const summary = await page.locator('#summary').textContent();
    const option = page.locator('label.rating', { hasText: '基本满意' });
    const box = await option.boundingBox();
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    // Keyboard and screen readers: the ratings are one radio group under a legend.
    const legend = await page.locator('fieldset.ratings legend').textContent();
    const radios = await page.getByRole('radio').count();
    await option.tap();
    await page.fill('#comment', '处理及时，态度很好。');
    await page.click('button[type=submit]');
    await page.locator('#done').waitFor({ state: 'visible', timeout: 10_000 });
    const thanks = await page.locator('#done').textContent();
    const focused = await page.evaluate(() => document.activeElement?.id);
    const formHidden = await page.locator('#survey-form').isHidden();
    await page.reload();
    await page.locator('#summary .notice').waitFor({ timeout: 10_000 });
    const afterReload = await page.locator('#summary').textContent();
    await context.close();

    expect(summary).toContain(trackingCode);
    expect(summary).toContain('县交通运输局');
    expect(box?.height).toBeGreaterThanOrEqual(48);
    expect(box?.width).toBeGreaterThan(300);
    expect(scrollWidth).toBeLessThanOrEqual(360);
    expect(legend).toContain('满意吗');
    expect(radios).toBe(3);
    expect(thanks).toContain('感谢您的评价');
    expect(focused).toBe('done');
    expect(formHidden).toBe(true);
    expect(afterReload).toContain('已经提交过评价');
    expect(afterReload).toContain('基本满意');
    expect(problems).toEqual([]);
  });

  it('says so plainly when the link is not valid', async () => {
    const context = await phoneContext(browser, runtime.url);
    const page = await context.newPage();

    await page.goto('/survey.html?t=01ARZ3NDEKTSV4RRFFQ69G5FAV.1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    await page.locator('#summary .notice').waitFor({ timeout: 10_000 });
    const text = await page.locator('#summary').textContent();
    const formHidden = await page.locator('#survey-form').isHidden();
    await context.close();

    expect(text).toContain('评价链接无效');
    expect(formHidden).toBe(true);
  });
});
