import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoCaseStore } from '../../shared/adapters/dynamo/dynamo-case-store.ts';
import { desktopContext, launchBrowser } from '../support/browser.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';
import { signIn } from '../support/staff-sign-in.ts';

/** A unit's handler in the console: sees only their unit's cases, acknowledges and replies; meets a 409. */

let runtime: TestRuntime;
let browser: Browser;
let store: DynamoCaseStore;

beforeAll(async () => {
  runtime = await startTestRuntime({ staticRoot: resolve(import.meta.dirname, '../../web/dist') });
  store = runtime.caseStore;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

async function assignedCase(categoryCode: string, title: string) {
  const response = await runtime.postJson('/api/petitions', petitionBody({ categoryCode, title }));
  const created = (await response.json()) as { caseId: string; trackingCode: string };
  await eventually(
    async () => ((await store.get(created.caseId))?.status === 'assigned' ? true : undefined),
    10_000,
  );
  return created;
}

describe('a handler in the console', () => {
  it('logs in, sees only their unit’s cases, unmasks the petitioner, acknowledges and replies with a template', async () => {
    const own = await assignedCase('transport', '人民路公交站牌损坏');
    const other = await assignedCase('environment', '河道有异味');
    const token = await runtime.tokenFor('handler-dept-transport');
    await runtime.request('/api/staff/reply-templates/bus-stop', {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: '站牌已修复', text: '您反映的公交站牌已修复，感谢您的监督。' }),
    });
    const context = await desktopContext(browser, runtime.url);
    const page = await context.newPage();

    await signIn(page, 'handler-dept-transport');
    await page.locator(`tr[data-case-id="${own.caseId}"]`).waitFor();
    const listed = await page.locator('tr.case-row a.code').allTextContents();
    const storage = await page.evaluate(() => ({
      session: Object.keys(sessionStorage).map((key): [string, string] => [
        key,
        sessionStorage.getItem(key) ?? '',
      ]),
      local: Object.values(localStorage).join(' '),
    }));

    await page.click(`tr[data-case-id="${own.caseId}"] a.code`);
    await page.locator('#tracking-code').waitFor();
    const masked = await page.textContent('#petitioner');
    await page.click('#reveal');
    await page.locator('#petitioner small').waitFor();
    const revealed = await page.textContent('#petitioner');

    const affects = await page.textContent('[data-action="acknowledge"] + .affects');
    await page.click('[data-action="acknowledge"]');
    await page.locator('#case-status', { hasText: '办理中' }).waitFor();
    await page.click('[data-action="reply"]');
    await page.locator('#reply-template option', { hasText: '站牌已修复' }).waitFor({ state: 'attached' });
    await page.selectOption('#reply-template', { label: '站牌已修复' });
    const filled = await page.inputValue('#reply-text');
    await page.click('form[data-form="reply"] button[type="submit"]');
    await page.locator('#case-status', { hasText: '已答复' }).waitFor();
    const reply = await page.textContent('.reply p');
    const timeline = await page.locator('ol.timeline li').allTextContents();
    const reads = await store.reads(own.caseId);
    await context.close();

    // Tokens only in sessionStorage (oidc-client-ts's user entry), none in localStorage.
    const user = storage.session.find(([key]) => key.startsWith('huiyin.oidc.user:'));
    expect(JSON.parse(user?.[1] ?? '{}').access_token).toMatch(/^ey/);
    expect(storage.local).not.toMatch(/ey[\w-]+\.ey/);
    expect(listed).toContain(own.trackingCode);
    expect(listed).not.toContain(other.trackingCode);
    expect(masked).toContain('138****5678');
    expect(revealed).toContain('13812345678');
    expect(affects).toContain('签收期限');
    expect(filled).toBe('您反映的公交站牌已修复，感谢您的监督。');
    expect(reply).toBe('您反映的公交站牌已修复，感谢您的监督。');
    expect(timeline.join('\n')).toMatch(/签收handler-dept-transport[\s\S]*答复handler-dept-transport/);
    expect(reads.map((read) => [read.actor.id, read.what])).toContainEqual([
      'handler-dept-transport',
      'petitioner',
    ]);
    expect((await store.get(own.caseId))?.status).toBe('replied');
  });

  it('shows “已被 X 于 T 修改，请刷新” with a reload button when someone else acted first, never overwriting', async () => {
    const created = await assignedCase('transport', '红绿灯不亮');
    const context = await desktopContext(browser, runtime.url);
    const page = await context.newPage();
    await signIn(page, 'handler-dept-transport');
    await page.goto(`/console.html#/case/${created.caseId}`);
    await page.locator('[data-action="acknowledge"]').waitFor();

    // Meanwhile a supervisor adds a note: the version the page holds is now stale.
    const supervisor = await runtime.tokenFor('supervisor');
    const current = (await store.get(created.caseId))!;
    const noted = await runtime.postJson(
      `/api/staff/cases/${created.caseId}/note`,
      { expectedVersion: current.version, text: '请加快办理' },
      { authorization: `Bearer ${supervisor}` },
    );
    await page.click('[data-action="acknowledge"]');
    const message = await page.locator('.error.conflict p').textContent();
    const statusAfterConflict = (await store.get(created.caseId))?.status;
    await page.click('.error.conflict button.reload');
    await page.locator('ol.timeline li[data-type="noted"]').waitFor();
    await page.click('[data-action="acknowledge"]');
    await page.locator('#case-status', { hasText: '办理中' }).waitFor();
    await context.close();

    expect(noted.status).toBe(200);
    expect(message).toMatch(/^已被 supervisor 于 .+ 修改，请刷新$/);
    expect(statusAfterConflict).toBe('assigned');
    expect((await store.get(created.caseId))?.status).toBe('acknowledged');
  });
});
