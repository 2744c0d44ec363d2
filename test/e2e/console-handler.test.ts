import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoCaseStore } from '../../shared/adapters/dynamo/dynamo-case-store.ts';
import { desktopContext, launchBrowser, phoneContext } from '../support/browser.ts';
import { checkPage, screenshot } from '../support/page-checks.ts';
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
    await checkPage(page, 'handler inbox');
    await screenshot(page, 'handler-inbox');
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
    await checkPage(page, 'handler case page');

    const affects = await page.textContent('[data-action="acknowledge"] + .affects');
    await page.click('[data-action="acknowledge"]');
    await page.locator('#case-status', { hasText: '办理中' }).waitFor();
    const acknowledgeDeadline = await page.textContent('[data-deadline="acknowledgeBy"]');
    await page.click('[data-action="reply"]');
    await page.locator('#reply-template option', { hasText: '站牌已修复' }).waitFor({ state: 'attached' });
    await page.selectOption('#reply-template', { label: '站牌已修复' });
    const filled = await page.inputValue('#reply-text');
    await page.click('form[data-form="reply"] button[type="submit"]');
    await page.locator('#case-status', { hasText: '已答复' }).waitFor();
    const reply = await page.textContent('.reply p');
    const timeline = await page.locator('ol.timeline li').allTextContents();
    await checkPage(page, 'handler case page after the reply');
    await screenshot(page, 'handler-case');
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
    // Who by name and unit (the demo account's name is 县交通运输局承办人), never the login.
    expect(timeline.join('\n')).toMatch(/签收县交通运输局承办人[\s\S]*答复县交通运输局承办人答复诉求人/);
    expect(timeline.join('\n')).toMatch(/交办系统自动交办县交通运输局按分派规则 R\d+：类别为“交通出行”/);
    expect(timeline.join('\n')).not.toContain('handler-dept-transport');
    // A met deadline stops counting down: it says when, and that it was on time.
    expect(acknowledgeDeadline).toMatch(/已于 .+ 完成，按期/);
    expect(acknowledgeDeadline).not.toContain('剩');
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
    expect(message).toMatch(/^已被 督办人员 于 .+ 修改，请刷新$/);
    expect(statusAfterConflict).toBe('assigned');
    expect((await store.get(created.caseId))?.status).toBe('acknowledged');
  });
});

describe('what happens to the handler’s case record', () => {
  it('a 不满意 answer reaches the unit: bell notice, badges, the rating and comment on the case (desktop and phone)', async () => {
    const created = await assignedCase('transport', '公交站台顶棚漏雨');
    const token = await runtime.tokenFor('handler-dept-transport');
    const headers = { authorization: `Bearer ${token}` };
    let version = 2;
    for (const [action, body] of [
      ['acknowledge', {}],
      ['reply', { text: '顶棚已修补，感谢您的反映。' }],
      ['close', {}],
    ] as const) {
      const response = await runtime.postJson(
        `/api/staff/cases/${created.caseId}/${action}`,
        { expectedVersion: version, ...body },
        headers,
      );
      expect(response.status).toBe(200);
      version = ((await response.json()) as { version: number }).version;
    }
    const tracked = (await (
      await runtime.request(`/api/petitions/${created.trackingCode}?phone=5678`)
    ).json()) as { survey: { url: string } };
    const surveyToken = new URL(tracked.survey.url).searchParams.get('t');
    const answered = await runtime.postJson(`/api/surveys/${surveyToken}`, {
      rating: 'dissatisfied',
      comment: '下雨天还是漏，请再看看',
    });
    expect(answered.status).toBeLessThan(300);
    // The unit's bell gets the notice (the notifier runs from the queue).
    await eventually(async () => {
      const notices = (await (await runtime.request('/api/staff/notices', { headers })).json()) as {
        items: { caseId: string; template: string }[];
      };
      return notices.items.some(
        (notice) => notice.caseId === created.caseId && notice.template === 'redoAssigned',
      )
        ? true
        : undefined;
    }, 15_000);

    const results: Record<
      string,
      { bell: string; notice: string; badges: string; survey: string; timeline: string }
    > = {};
    for (const [name, open] of [
      ['desktop', desktopContext],
      ['phone', phoneContext],
    ] as const) {
      const context = await open(browser, runtime.url);
      const page = await context.newPage();
      await signIn(page, 'handler-dept-transport');
      await page.locator('#bell .badge:not([hidden])').waitFor();
      await page.click('#bell');
      const notice =
        (await page.locator('.notices li a', { hasText: created.trackingCode }).first().textContent()) ?? '';
      await checkPage(page, `${name}: the bell open`);
      await page.locator('.notices li a', { hasText: created.trackingCode }).first().click();
      await page.locator('#survey-result').waitFor();
      await checkPage(page, `${name}: the case after 不满意`);
      if (name === 'desktop') await screenshot(page, 'handler-dissatisfied');
      results[name] = {
        bell: (await page.getAttribute('#bell', 'aria-label')) ?? (await page.textContent('#bell')) ?? '',
        notice,
        badges: (await page.textContent('header.case-head')) ?? '',
        survey: (await page.textContent('#survey-result')) ?? '',
        timeline: (await page.locator('ol.timeline li[data-type="surveyAnswered"]').textContent()) ?? '',
      };
      await context.close();
    }

    for (const seen of Object.values(results)) {
      expect(seen.bell).toContain('通知');
      // The tracking code once, inside the notice's own words.
      expect(seen.notice.split(created.trackingCode).length - 1).toBe(1);
      expect(seen.notice).toContain('重新办理');
      expect(seen.badges).toContain('诉求人不满意');
      expect(seen.badges).toContain('重新办理（第 1 次）');
      expect(seen.survey).toContain('不满意');
      expect(seen.survey).toContain('下雨天还是漏，请再看看');
      expect(seen.timeline).toContain('评价：不满意，已交承办单位重新办理');
      expect(seen.timeline).not.toMatch(/dissatisfied|public/);
    }
    expect(await store.get(created.caseId)).toMatchObject({ status: 'acknowledged', reopenCount: 1 });
  });

  it('searches every stage from the inbox, not just the open tab (phone)', async () => {
    const waiting = await assignedCase('transport', '桥头路灯整夜不亮');
    const acknowledged = await assignedCase('transport', '桥尾路灯整夜不亮');
    const token = await runtime.tokenFor('handler-dept-transport');
    const version = (await store.get(acknowledged.caseId))?.version;
    const ack = await runtime.postJson(
      `/api/staff/cases/${acknowledged.caseId}/acknowledge`,
      { expectedVersion: version },
      { authorization: `Bearer ${token}` },
    );
    const context = await phoneContext(browser, runtime.url);
    const page = await context.newPage();
    await signIn(page, 'handler-dept-transport');
    await page.fill('#search', '路灯整夜不亮');
    await page.press('#search', 'Enter');
    await page.locator(`tr[data-case-id="${acknowledged.caseId}"]`).waitFor();
    const found = await page
      .locator('table.cases tbody tr')
      .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.caseId));
    const heading = await page.locator('h1').textContent();
    await checkPage(page, 'a search of every stage');
    await context.close();

    expect(ack.status).toBe(200);
    expect(found).toEqual(expect.arrayContaining([waiting.caseId, acknowledged.caseId]));
    expect(heading).toContain('所有环节');
  });

  it('退回 and 不予受理 come last and apart; after 退回 the handler is told and back on the list', async () => {
    const created = await assignedCase('transport', '小区门口垃圾桶满溢');
    const context = await desktopContext(browser, runtime.url);
    const page = await context.newPage();
    await signIn(page, 'handler-dept-transport');
    await page.goto(`/console.html#/case/${created.caseId}`);
    await page.locator('[data-action="return"]').waitFor();
    const order = await page
      .locator('#actions [data-action]')
      .evaluateAll((buttons) =>
        buttons.map((button) => [(button as HTMLElement).dataset.action, button.className]),
      );
    await page.click('[data-action="return"]');
    // A reason of one character: the API's field error shows beside the reason, in Chinese, without its path.
    await page.fill('form[data-form="return"] input[name="reason"]', '退');
    await page.click('form[data-form="return"] button[type="submit"]');
    const reasonError = page.locator('form[data-form="return"] .field-error:not(:empty)');
    await reasonError.waitFor();
    const reasonMessage = (await reasonError.textContent()) ?? '';
    await page.fill('form[data-form="return"] input[name="reason"]', '属环卫部门职责，非本单位');
    await checkPage(page, 'the return form');
    await page.click('form[data-form="return"] button[type="submit"]');
    await page.locator('.flash').waitFor();
    const flash = await page.textContent('.flash');
    const hash = await page.evaluate(() => location.hash);
    const errors = await page.locator('.error').count();
    await checkPage(page, 'the list after a return');
    await context.close();

    const actions = order.map(([action]) => action);
    const firstDestructive = actions.findIndex((action) => action === 'return' || action === 'reject');
    expect(firstDestructive).toBeGreaterThan(0);
    expect(
      actions.slice(firstDestructive).every((action) => action === 'return' || action === 'reject'),
    ).toBe(true);
    expect(order.filter(([action]) => action === 'return')[0]?.[1]).toContain('destructive');
    expect(reasonMessage).toMatch(/[\u4e00-\u9fff]/);
    expect(reasonMessage).not.toMatch(/[A-Za-z]/);
    expect(flash).toBe('退回已完成。此件已不在您的待办中。');
    expect(hash).toMatch(/^#\/cases/);
    expect(errors).toBe(0);
  });
});
