import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopContext, launchBrowser, phoneContext } from '../support/browser.ts';
import { checkPage, screenshot } from '../support/page-checks.ts';
import { eventually, petitionBody, startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';
import { signIn } from '../support/staff-sign-in.ts';
import { giveStaffEmails, reminderEmails, remindNow, staffEmail } from '../support/unit-notices.ts';

/**
 * Who works a case inside the unit, in the console: the lead of 县交通运输局 finds a new case under 未分配,
 * reads each person's load, gives the case to the unit's handler (picked by name); the handler takes another
 * from 未分配 and finds both under 我的; the deadline reminder then reaches the handler, not the lead.
 */

let runtime: TestRuntime;
let browser: Browser;
const LEAD = 'lead-dept-transport';
const HANDLER = 'handler-dept-transport';
const HANDLER_NAME = '县交通运输局承办人';

beforeAll(async () => {
  runtime = await startTestRuntime({ staticRoot: resolve(import.meta.dirname, '../../web/dist') });
  // E-mail addresses on both accounts, so the reminder's recipients show in the outbox.
  await giveStaffEmails(runtime, [LEAD, HANDLER]);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

async function transportCase(title: string) {
  const response = await runtime.postJson(
    '/api/petitions',
    petitionBody({ categoryCode: 'transport', title }),
  );
  const { caseId } = (await response.json()) as { caseId: string };
  await eventually(async () =>
    (await runtime.caseStore.get(caseId))?.status === 'assigned' ? true : undefined,
  );
  return caseId;
}

/** The open cases the lead's load panel gives the handler. */
async function handlerLoad(page: Page): Promise<number> {
  const line = page.locator(`#unit-load li[data-person="${HANDLER}"]`);
  await line.waitFor();
  const text = (await line.textContent()) ?? '';
  const match = text.match(new RegExp(`^${HANDLER_NAME}：(\\d+)$`));
  expect(match, text).not.toBeNull();
  return Number(match![1]);
}

describe('a unit lead shares the work out', () => {
  it.each([
    ['desktop', desktopContext],
    ['phone', phoneContext],
  ] as const)(
    'assigns a case to a handler by name; the handler takes another and finds both under 我的; the reminder reaches the handler (%s)',
    async (viewport, open) => {
      const caseId = await transportCase('公交站台顶棚破损');
      const otherCaseId = await transportCase('路灯不亮');
      const contexts: BrowserContext[] = [];
      const opened = async () => {
        const context = await open(browser, runtime.url);
        contexts.push(context);
        return context.newPage();
      };
      try {
        // The lead: 未分配 holds the case; the load panel names each person, with their open cases.
        const lead = await opened();
        await signIn(lead, LEAD);
        await lead.click('#tab-unassigned');
        await lead.locator(`tr[data-case-id="${caseId}"]`).waitFor();
        const loadBefore = await handlerLoad(lead);
        const loadHeading = await lead.locator('.unit-load h2').textContent();
        await checkPage(lead, `${viewport}: the lead's 未分配 list with each person's load`);
        if (viewport === 'desktop') await screenshot(lead, 'lead-unassigned');

        await lead.click(`tr[data-case-id="${caseId}"] a.code`);
        await lead.locator('#case-owner', { hasText: '未分配' }).waitFor();
        await lead.click('[data-action="assignOwner"]');
        const handlerOption = lead.locator('#owner-select option', { hasText: HANDLER_NAME });
        await handlerOption.waitFor({ state: 'attached' });
        const options = await lead.locator('#owner-select option').allTextContents();
        await checkPage(lead, `${viewport}: choosing who works the case`);
        await lead.selectOption('#owner-select', { label: `${HANDLER_NAME}（${loadBefore}）` });
        await lead.click('form[data-form="assignOwner"] button[type="submit"]');
        await lead.locator('#case-owner', { hasText: HANDLER_NAME }).waitFor();
        const timeline = await lead.locator('.timeline').textContent();
        await checkPage(lead, `${viewport}: the case with its owner`);

        await lead.goto('/console.html#/cases?owner=unassigned');
        await lead.locator('#unit-load').waitFor();
        await lead.locator('.case-row, .empty').first().waitFor();
        const stillUnassigned = await lead.locator(`tr[data-case-id="${caseId}"]`).count();
        const loadAfter = await handlerLoad(lead);

        // The handler takes the other case from 未分配 (我来办); both are then under 我的.
        const handler = await opened();
        await signIn(handler, HANDLER);
        await handler.click('#tab-unassigned');
        await handler.click(`tr[data-case-id="${otherCaseId}"] a.code`);
        await handler.click('[data-action="assignOwner"]');
        await handler.click('form[data-form="assignOwner"] button[type="submit"]:has-text("我来办")');
        await handler.locator('#case-owner', { hasText: HANDLER_NAME }).waitFor();
        const taken = await handler.locator('.timeline').textContent();
        await handler.goto('/console.html#/cases?owner=mine');
        await handler.locator(`tr[data-case-id="${caseId}"]`).waitFor();
        await handler.locator(`tr[data-case-id="${otherCaseId}"]`).waitFor();
        const mineCurrent = await handler.getAttribute('#tab-mine', 'aria-current');
        const loadPanels = await handler.locator('#unit-load').count();
        await checkPage(handler, `${viewport}: the handler's 我的 list`);

        expect(loadHeading).toBe('本单位在办件数');
        // People by name with their load, never a login; and a way back to nobody.
        expect(options).toEqual(expect.arrayContaining(['未分配', `${HANDLER_NAME}（${loadBefore}）`]));
        expect(options.join(' ')).not.toMatch(/handler-|lead-/);
        expect(timeline).toContain(`分配给${HANDLER_NAME}承办`);
        expect(stillUnassigned).toBe(0);
        expect(loadAfter).toBe(loadBefore + 1);
        expect(taken).toContain('认领承办');
        expect(mineCurrent).toBe('page');
        // Only the lead sees the unit's load.
        expect(loadPanels).toBe(0);
      } finally {
        for (const context of contexts) await context.close();
      }

      // The reminder of the acknowledgement deadline goes to the person who works the case, not to the lead.
      await remindNow(runtime, caseId);
      const emails = await reminderEmails(runtime, caseId, staffEmail(HANDLER));
      expect(emails).not.toContain(staffEmail(LEAD));
    },
  );
});
