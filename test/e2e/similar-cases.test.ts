import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopContext, launchBrowser, phoneContext } from '../support/browser.ts';
import { checkPage } from '../support/page-checks.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';
import { signIn } from '../support/staff-sign-in.ts';

/**
 * Similar cases and hot topics in Chromium, end to end: three neighbours report the same water cut through the
 * public form on their phones (the second and third are told 附近已有类似诉求, titles and status only), the
 * handler sees them flagged on the case page and links one as a duplicate, and the supervisor's dashboard makes
 * them a hot topic. A confidential petition with the same words, sent first, shows up nowhere.
 */

let runtime: TestRuntime;
let browser: Browser;

const TOWN = 'xikou';
const CATEGORY = 'construction';
const HANDLER = 'handler-dept-housing';

const neighbours = [
  {
    title: '东门村停水三天',
    content: '溪口镇东门村已经停水三天了，自来水一直没来，做饭洗衣都成问题。',
    name: '张建国',
    phone: '13700000101',
  },
  {
    title: '东门村自来水停了',
    content: '东门村自来水停了好几天，做饭都没水。',
    name: '李秀英',
    phone: '13700000102',
  },
  {
    title: '东门村又停水',
    content: '我们东门村水龙头拧开没水，自来水停了三天，做饭困难。',
    name: '王志强',
    phone: '13700000103',
  },
];
const secret = {
  title: '东门村停水举报',
  content: '东门村已经停水三天了，自来水一直没来，做饭洗衣都成问题。',
  name: '刘桂兰',
  phone: '13700000109',
};

const caseIds: string[] = [];
let secretCaseId = '';

beforeAll(async () => {
  process.env.RATE_LIMITS = 'off';
  runtime = await startTestRuntime({ staticRoot: resolve(import.meta.dirname, '../../web/dist') });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

/** Fills the public form as a resident does (the similar hint asks while they write). */
async function fillForm(page: Page, petition: typeof secret, options: { confidential?: boolean } = {}) {
  await page.goto('/');
  await page.selectOption('#categoryCode', CATEGORY);
  await page.selectOption('#jurisdictionCode', TOWN);
  await page.fill('#title', petition.title);
  await page.fill('#content', petition.content);
  await page.fill('#name', petition.name);
  await page.fill('#phone', petition.phone);
  if (options.confidential) await page.check('#confidential');
  await page.check('#consent');
}

async function submitForm(page: Page): Promise<{ caseId: string; confidential: boolean }> {
  await page.click('button[type=submit]');
  const code = (await page.locator('#confirmation .code').textContent({ timeout: 15_000 }))?.trim() ?? '';
  const stored = (await runtime.caseStore.getByTrackingCode(code))!;
  return { caseId: stored.caseId, confidential: stored.confidential };
}

/** The similar consumer has indexed the case once the public route finds it for its own words. */
async function indexed(petition: typeof secret) {
  await eventually(async () => {
    const response = await runtime.postJson('/api/petitions/similar', {
      jurisdictionCode: TOWN,
      title: petition.title,
      content: petition.content,
    });
    const { items } = (await response.json()) as { items: { title: string }[] };
    return items.some((item) => item.title === petition.title) ? true : undefined;
  }, 30_000);
}

describe('similar petitions in the browser', () => {
  it('residents on their phones hear of similar petitions nearby (titles and status only), never the confidential one', async () => {
    const context = await phoneContext(browser, runtime.url);
    const page = await context.newPage();
    await fillForm(page, secret, { confidential: true });
    const sent = await submitForm(page);
    expect(sent.confidential).toBe(true);
    secretCaseId = sent.caseId;

    const hints: string[] = [];
    for (const [index, petition] of neighbours.entries()) {
      await fillForm(page, petition);
      if (index > 0) {
        const hint = page.locator('#similar-hint');
        await hint.locator('li', { hasText: neighbours[index - 1]!.title }).waitFor({ timeout: 15_000 });
        await checkPage(page, `public form with the similar hint (${index + 1})`);
        hints.push((await hint.textContent()) ?? '');
      }
      caseIds.push((await submitForm(page)).caseId);
      await indexed(petition);
    }
    await context.close();

    expect(hints[0]).toContain('附近已有类似诉求');
    expect(hints[0]).toContain(`${neighbours[0]!.title}（已受理）`);
    expect(hints[1]).toContain(neighbours[0]!.title);
    expect(hints[1]).toContain(neighbours[1]!.title);
    for (const hint of hints) {
      // Titles and status only: nobody's text, name or phone, and nothing of the confidential petition.
      expect(hint).not.toContain(secret.title);
      expect(hint).not.toMatch(/做饭|张建国|李秀英|1370000/);
    }
  });

  it('the handler sees them flagged on the case page and links one as a duplicate', async () => {
    expect(caseIds).toHaveLength(3);
    // Routed to the unit first: a case page offers its actions once the case is the unit's.
    for (const caseId of caseIds)
      await eventually(
        async () => ((await runtime.caseStore.get(caseId))?.unitId ? true : undefined),
        30_000,
      );
    const context = await desktopContext(browser, runtime.url);
    const page = await context.newPage();
    await signIn(page, HANDLER);
    const [first, second, third] = caseIds as [string, string, string];

    await page.goto(`/console.html#/case/${third}`);
    await page.locator('#similar-flag').waitFor({ timeout: 15_000 });
    await page.locator(`#similar li.similar-case[data-case="${second}"]`).waitFor();
    await checkPage(page, 'case page with similar petitions');
    const flag = (await page.locator('#similar-flag').textContent()) ?? '';
    const listed = await page
      .locator('#similar li.similar-case')
      .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.case));
    const panel = (await page.locator('#similar').textContent()) ?? '';

    await page
      .locator(`#similar li.similar-case[data-case="${first}"] button`, { hasText: '标记重复件' })
      .click();
    await page
      .locator(`#similar li.similar-case[data-case="${first}"]`, { hasText: '已标记为重复件' })
      .waitFor({ timeout: 15_000 });
    await page.locator('ol.timeline li[data-type="duplicateLinked"]').waitFor();
    await checkPage(page, 'case page after linking a duplicate');
    const timeline = (await page.locator('ol.timeline').textContent()) ?? '';

    await page.goto(`/console.html#/case/${first}`);
    await page
      .locator(`#similar li.similar-case[data-case="${third}"]`, { hasText: '已标记为重复件' })
      .waitFor({ timeout: 15_000 });
    const firstPanel = (await page.locator('#similar').textContent()) ?? '';
    await context.close();

    expect(['可能重复', '相关诉求']).toContain(flag);
    expect(listed.sort()).toEqual([first, second].sort());
    expect(panel).toContain(neighbours[0]!.title);
    expect(panel).toMatch(/相同词语：[^相]*停水/);
    expect(timeline).toContain('标记重复件');
    expect((await runtime.caseStore.get(third))?.duplicateOf).toBe(first);
    expect(firstPanel).toContain(neighbours[2]!.title);
    for (const text of [panel, firstPanel]) expect(text).not.toContain(secret.title);
    expect(listed).not.toContain(secretCaseId);
  });

  it('the supervisor’s dashboard shows them as a hot topic, without the confidential one', async () => {
    const context = await desktopContext(browser, runtime.url);
    const page = await context.newPage();
    await signIn(page, 'supervisor', { path: '/dashboard.html', ready: '#topics-section:not([hidden])' });
    await page.click('#topics-run');
    const row = page.locator('#topics tbody tr', { hasText: '停水' });
    await row.waitFor({ timeout: 30_000 });
    await row.locator('details summary').click();
    await page.locator('#topics-chart canvas').waitFor();
    await checkPage(page, 'dashboard with hot topics');
    const text = (await row.textContent()) ?? '';
    const links = await row
      .locator('a')
      .evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href));
    const section = await page.locator('#topics-section').innerHTML();
    await context.close();

    expect(text).toContain('溪口镇');
    expect(text).toContain('查看诉求（3）');
    expect(links.map((href) => href.split('/case/')[1]).sort()).toEqual([...caseIds].sort());
    expect(section).not.toContain(secretCaseId);
  });
});
