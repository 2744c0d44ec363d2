import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoCaseStore } from '../../shared/adapters/dynamo/dynamo-case-store.ts';
import { toShanghaiDate } from '../../shared/domain/calendar/shanghai-time.ts';
import { desktopContext, launchBrowser, phoneContext } from '../support/browser.ts';
import { checkPage, screenshot } from '../support/page-checks.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';
import { signIn } from '../support/staff-sign-in.ts';

/**
 * Supervisors and liaison officers in the console: a supervisor approves an extension from the extension list
 * and reassigns the case; a liaison officer registers a walk-in with the keyboard only, a reception-day visit
 * on the visits form (phone), and a letter with a scanned page that gives only a postal address (desktop).
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
  it('registers a walk-in visit with the keyboard alone and finds it in the studio list', async () => {
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

describe('a liaison officer on a reception day', () => {
  it('registers a group visit turned into a case on a published reception day, then a letter with only an address and a scanned page', async () => {
    const today = toShanghaiDate(new Date());
    await staffPost('liaison-studio-xikou', '/api/staff/reception-days/generate', {
      studioId: 'studio-xikou',
      month: today.slice(0, 7),
    });
    const token = await runtime.tokenFor('liaison-studio-xikou');
    const put = await runtime.request(`/api/staff/reception-days/studio-xikou/${today}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ representativeIds: ['rep-xk-01', 'rep-xk-02'], published: true }),
    });
    expect(put.status, await put.clone().text()).toBeLessThan(300);

    const context = await phoneContext(browser, runtime.url);
    const page = await context.newPage();
    await signIn(page, 'liaison-studio-xikou');
    await page.click('nav a[href="#/visits"]');
    await page.locator('#visit-form').waitFor();
    const offered = await page
      .locator('#visit-date option')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    const ticked = await page
      .locator('#visit-representatives input:checked')
      .evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).value));
    await checkPage(page, 'reception-day visit form (phone)');
    await snap(page, 'liaison-visit-form');

    await page.fill('#visit-name', '王大伯');
    await page.fill('#visit-group', '6');
    const groupNote = await page.textContent('#visit-group-note');
    await page.fill('#visit-summary', '村民六人反映村道路灯损坏多日，夜间出行困难。');
    await page.check('#outcome-case');
    await page.fill('#visit-case-title', '村道路灯损坏');
    await page.click('#visit-submit');
    const phoneError = await page.textContent('#visit-phone ~ .field-error');
    await checkPage(page, 'reception-day visit form with a field error (phone)');
    await page.fill('#visit-phone', '13987654321');
    await page.click('#visit-submit');
    const code = (await page.locator('#visit-tracking-code').textContent({ timeout: 15_000 }))?.trim() ?? '';
    await page.locator('#day-visits tbody tr').waitFor();
    const row = await page.textContent('#day-visits tbody tr');
    await checkPage(page, 'reception-day visit registered (phone)');
    await snap(page, 'liaison-visit-registered');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'liaison-visit');

    // A letter on the register form (desktop width): only a postal address, one scanned page.
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.click('nav a[href="#/register"]');
    await page.locator('#register-form').waitFor();
    await page.check('#channel-letter');
    await page.fill('#reg-title', '老街路灯不亮');
    await page.fill('#reg-content', '溪口老街的路灯坏了一个多月，晚上出行不便。');
    await page.fill('#reg-name', '陈老伯');
    await page.fill('#reg-address', '溪口镇老街12号陈家');
    await page.setInputFiles('#reg-pages', {
      name: '来信第一页.png',
      mimeType: 'image/png',
      buffer: Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
        'base64',
      ),
    });
    await checkPage(page, 'letter form with an address and a page');
    await snap(page, 'liaison-letter-form');
    await page.click('#reg-submit');
    const letterCode =
      (await page.locator('#new-tracking-code').textContent({ timeout: 15_000 }))?.trim() ?? '';
    const pin = await page.textContent('#new-tracking-pin');
    await checkPage(page, 'letter registered with its PIN');
    await page.click(`#registered a[href^="#/case/"]`);
    await page.locator('#reply-route').waitFor();
    const replyRoute = await page.textContent('#reply-route');
    const petitioner = await page.textContent('#petitioner');
    await checkPage(page, 'case page of a letter answered by post');
    await snap(page, 'liaison-letter-case');
    await screenshot(page, 'liaison-letter-case');
    await context.close();

    expect(offered[0]).toBe(today);
    expect(ticked).toEqual(['rep-xk-01', 'rep-xk-02']);
    expect(groupNote).toContain('集体访');
    expect(phoneError).toContain('转为诉求时必填');
    expect(code).toMatch(/^HY-/);
    expect(row).toContain('转为诉求');
    expect(row).toContain('6（集体访）');
    const visits = (await (
      await runtime.request(`/api/staff/reception-days/studio-xikou/${today}/visits`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as {
      items: { groupSize: number; outcome: string; trackingCode: string; representatives: unknown[] }[];
    };
    expect(visits.items).toHaveLength(1);
    expect(visits.items[0]).toMatchObject({ groupSize: 6, outcome: 'case', trackingCode: code });
    expect(visits.items[0]!.representatives).toHaveLength(2);

    const letter = (await store.getByTrackingCode(letterCode))!;
    expect(letter).toMatchObject({ channel: 'letter', petitioner: { address: '溪口镇老街12号陈家' } });
    expect(letter.petitioner.phone).toBeUndefined();
    expect(letter.attachments).toHaveLength(1);
    expect(letter.attachments![0]).toMatchObject({ name: '来信第一页.png', source: 'scan' });
    expect(pin).toContain(letter.petitioner.trackingPin!);
    expect(replyRoute).toContain('邮寄答复');
    expect(petitioner).toContain('溪口镇老街1****');
    expect(petitioner).not.toContain('12号陈家');
  });
});
