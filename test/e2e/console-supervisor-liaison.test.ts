import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoCaseStore } from '../../shared/adapters/dynamo/dynamo-case-store.ts';
import { desktopContext, launchBrowser } from '../support/browser.ts';
import { checkPage, screenshot } from '../support/page-checks.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';
import { signIn } from '../support/staff-sign-in.ts';

/**
 * Supervisors and liaison officers in the console: a supervisor approves an extension from the extension list
 * and reassigns the case; a liaison officer registers a reception-day visit with the keyboard only.
 * `SCREENSHOTS=/some/dir` keeps a picture of each screen for a human look.
 */

let runtime: TestRuntime;
let browser: Browser;
let store: DynamoCaseStore;
const screenshots = process.env.SCREENSHOTS;

beforeAll(async () => {
  runtime = await startTestRuntime({ staticRoot: resolve(import.meta.dirname, '../../web/dist') });
  store = runtime.caseStore;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

async function snap(page: Page, name: string) {
  if (screenshots) await page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: true });
}

async function staffPost(username: string, path: string, body: unknown) {
  const token = await runtime.tokenFor(username);
  const response = await runtime.postJson(path, body, { authorization: `Bearer ${token}` });
  expect(response.status, `${path}: ${await response.clone().text()}`).toBeLessThan(300);
  return response;
}

describe('a supervisor in the console', () => {
  it('approves an extension from the extension list and reassigns the case to another unit', async () => {
    const created = (await (
      await runtime.postJson(
        '/api/petitions',
        petitionBody({ categoryCode: 'transport', title: '乡道路面塌陷' }),
      )
    ).json()) as { caseId: string; trackingCode: string };
    await eventually(
      async () => ((await store.get(created.caseId))?.status === 'assigned' ? true : undefined),
      10_000,
    );
    await staffPost('handler-dept-transport', `/api/staff/cases/${created.caseId}/acknowledge`, {
      expectedVersion: 2,
    });
    await staffPost('handler-dept-transport', `/api/staff/cases/${created.caseId}/request-extension`, {
      expectedVersion: 3,
      days: 10,
      reason: '需要现场勘查',
    });
    const replyByBefore = (await store.get(created.caseId))!.deadlines.replyBy!.at;
    const context = await desktopContext(browser, runtime.url);
    const page = await context.newPage();

    await signIn(page, 'supervisor');
    await snap(page, 'supervisor-triage');
    await page.click('nav a[href="#/cases?flag=extension"]');
    await page.locator(`tr[data-case-id="${created.caseId}"]`).waitFor();
    await snap(page, 'supervisor-extensions');
    await checkPage(page, 'supervisor extension list');
    await page.click(`tr[data-case-id="${created.caseId}"] a.code`);
    await page.click('[data-action="decideExtension"]');
    await checkPage(page, 'supervisor case page');
    await snap(page, 'supervisor-case');
    await page.click('#approve-extension');
    await page.locator('ol.timeline li[data-type="extensionDecided"]').waitFor();
    const replyByAfter = (await store.get(created.caseId))!.deadlines.replyBy!.at;

    await page.click('[data-action="reassign"]');
    await page.selectOption('form[data-form="reassign"] select[name="unitId"]', 'dept-housing');
    await page.fill('form[data-form="reassign"] input[name="reason"]', '属住建部门职责');
    await page.click('form[data-form="reassign"] button[type="submit"]');
    await page.locator('#case-unit', { hasText: '县住房和城乡建设局' }).waitFor();
    await page.locator('#deliveries').waitFor();
    await page.click('#show-audit');
    await page.locator('#audit table.audit').waitFor();
    const audit = await page.textContent('#audit');
    const timeline = await page.textContent('ol.timeline');
    await checkPage(page, 'supervisor case page with deliveries and the audit trail');
    await page.locator('#audit').scrollIntoViewIfNeeded();
    await screenshot(page, 'supervisor-audit');
    await snap(page, 'supervisor-audit');
    await context.close();

    const after = (await store.get(created.caseId))!;
    expect(Date.parse(replyByAfter)).toBeGreaterThan(Date.parse(replyByBefore));
    expect(after).toMatchObject({ unitId: 'dept-housing', status: 'assigned', extensionGrantedDays: 10 });
    // The audit trail in words: people by name, fields by their Chinese names, Shanghai times, no JSON.
    expect(audit).toContain('督办人员');
    expect(audit).toContain('待批延期');
    expect(audit).toContain('答复期限');
    expect(audit).toContain('查看案卷');
    expect(audit).not.toMatch(/[{}"]|extensionPending|supervisor|handler-dept-transport|T\d{2}:\d{2}:\d{2}/);
    expect(timeline).toContain('批准延期10日');
    expect(timeline).toContain('转办县住房和城乡建设局');
    expect(timeline).toContain('理由：属住建部门职责');
  });
});

describe('a liaison officer in the console', () => {
  it('registers a reception-day visit with the keyboard alone and finds it in the studio list', async () => {
    const context = await desktopContext(browser, runtime.url);
    const page = await context.newPage();
    await signIn(page, 'liaison-studio-xikou');
    await page.locator('#register-form').waitFor();
    await snap(page, 'liaison-register');
    const focused = await page.evaluate(() => document.activeElement?.id);

    // Category (first field has the focus), then Tab through the form in paper order.
    await page.keyboard.press('Tab'); // → town (preset to the studio's town)
    await page.keyboard.press('Tab'); // → title
    await page.keyboard.type('村口灌溉水渠堵塞');
    await page.keyboard.press('Tab');
    await page.keyboard.type('春耕在即，村口水渠被垃圾堵塞，影响灌溉，请尽快清理。');
    await page.keyboard.press('Tab'); // → name
    await page.keyboard.type('李四');
    await page.keyboard.press('Tab'); // → phone
    await page.keyboard.type('1391234');
    await page.keyboard.press('Tab'); // leaving the field shows the problem at once
    const phoneError = await page.textContent('#reg-phone + .field-error');
    await page.focus('#reg-phone');
    await page.keyboard.type('5678');
    await page.keyboard.press('Enter');
    const code = (await page.locator('#new-tracking-code').textContent({ timeout: 10_000 }))?.trim() ?? '';
    const focusedAfter = await page.evaluate(() => document.activeElement?.id);
    const leftoverErrors = await page.locator('#register-form .field-error:not(:empty)').count();
    await snap(page, 'liaison-registered');

    const found = await eventually(async () => {
      const hit = await store.getByTrackingCode(code);
      return hit && hit.status !== 'registered' ? hit : undefined;
    }, 10_000);
    await page.goto(`/console.html#/cases?scope=studio&status=${found.status}`);
    await page.locator(`tr[data-case-id="${found.caseId}"]`).waitFor();
    await checkPage(page, 'liaison studio list');
    await snap(page, 'liaison-studio-list');
    await context.close();

    expect(focused).toBe('reg-category');
    expect(phoneError).toBeTruthy();
    expect(code).toMatch(/^HY-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(focusedAfter).toBe('reg-category');
    expect(leftoverErrors).toBe(0);
    expect(found).toMatchObject({ channel: 'visit', studioId: 'studio-xikou', jurisdictionCode: 'xikou' });
    expect(found.petitioner).toMatchObject({ name: '李四', phone: '13912345678' });
  });
});
