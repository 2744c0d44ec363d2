import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopContext, launchBrowser } from '../support/browser.ts';
import { checkPage } from '../support/page-checks.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';
import { signIn } from '../support/staff-sign-in.ts';

/**
 * An admin in the console: routing dry run, a new account asked for (a handler reads personal data, so it waits
 * for a second person) and approved by the supervisor, who is shown its one-time password; a reception day's
 * duty roster published, the calendar warning.
 */

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

describe('an admin in the console', () => {
  it('tries the routing rules, creates an account that can sign in, and sees which years are provisional', async () => {
    const context = await desktopContext(browser, runtime.url);
    const page = await context.newPage();
    await signIn(page, 'admin', { ready: '#admin-units table.entries' });
    // Headers and values in words (单位, 是/否, unit names), not field names, codes or `true`.
    await checkPage(page, 'admin units');

    await page.click('a[href="#/admin/rules"]');
    await page.fill('#dry-title', '村里的灌溉水渠堵了');
    await page.selectOption('#dry-town', 'xikou');
    await page.click('#dry-run button[type="submit"]');
    await page.locator('#dry-run-result p').waitFor();
    const routed = await page.locator('#dry-run-result').textContent();

    await page.click('a[href="#/admin/users"]');
    await page.locator('#admin-users table.entries').waitFor();
    await checkPage(page, 'admin users');
    const userHeaders = await page.locator('#admin-users table.entries th').allTextContents();
    await page.click('#add-entry');
    await page.fill('#editor input[name="username"]', 'handler-transport-2');
    await page.fill('#editor input[name="displayName"]', '交通局第二承办人');
    await page.selectOption('#editor select[name="role"]', 'handler');
    await page.selectOption('#editor select[name="unitId"]', 'dept-transport');
    await page.click('#editor button[type="submit"]');
    // A handler reads personal data: the account waits for a second person, and the admin gets no password.
    const submitted = (await page.locator('#temporary-password p').textContent()) ?? '';
    await page.click('a[href="#/admin/approvals"]');
    const pendingRow = page.locator('#account-requests tbody tr[data-status="pending"]').first();
    await pendingRow.waitFor();
    const pendingCells = await pendingRow.locator('td').allTextContents();
    const ownButtons = await pendingRow.locator('button').allTextContents();
    const approvalsText = (await page.locator('#admin-approvals').textContent()) ?? '';

    // The county's supervisor approves it in their console and is shown the password, once.
    const supervisorContext = await desktopContext(browser, runtime.url);
    const supervisorPage = await supervisorContext.newPage();
    await signIn(supervisorPage, 'supervisor');
    await supervisorPage.click('a[href="#/account-requests"]');
    await supervisorPage
      .locator('#account-requests tbody tr[data-status="pending"] button[data-decision="approve"]')
      .first()
      .click();
    const password = (await supervisorPage.locator('#approved-password code').textContent())?.trim() ?? '';
    await supervisorContext.close();
    // The temporary password works once, to set a new one (as at Cognito).
    const login = await runtime.postJson('/api/auth/token', {
      username: 'handler-transport-2',
      password,
      newPassword: 'Qingxi-Transport-2nd!',
    });

    await page.click('a[href="#/admin/reception"]');
    await page.selectOption('#reception-studio', 'studio-xikou');
    await page.locator('#generate-days').waitFor();
    await page.click('#generate-days');
    const day = page.locator('form.reception-day').first();
    await day.waitFor();
    const date = await day.getAttribute('data-date');
    await day.locator('input[name="representativeIds"]').first().check();
    await day.locator('input[name="published"]').check();
    await day.locator('button[type="submit"]').click();
    await page.locator('.flash').waitFor();
    const publicDays = (await (
      await runtime.request(`/api/reception-days?studioId=studio-xikou&from=${date}&to=${date}`)
    ).json()) as unknown;

    await page.click('a[href="#/admin/calendar"]');
    await page.locator('#official-form').waitFor();
    await checkPage(page, 'admin calendar');
    const warning = await page.locator('#provisional-warning').count();
    await context.close();

    expect(userHeaders.slice(0, 6)).toEqual(['登录名', '姓名', '角色', '承办单位', '工作室', '已停用']);
    expect(submitted).toContain('须由另一名管理员或督办人员');
    // Requester by name, the change in words, Shanghai time; the requester may only withdraw.
    expect(pendingCells[0]).toBe('系统管理员');
    expect(pendingCells[1]).toContain('交通局第二承办人');
    expect(pendingCells[1]).toContain('承办人（县交通运输局）');
    expect(pendingCells[2]).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/);
    expect(ownButtons).toEqual(['撤回']);
    expect(approvalsText).not.toMatch(/handler-|supervisor|admin\b|pending|resetPassword|dept-/);
    expect(routed).toContain('县农业农村局');
    expect(JSON.stringify(publicDays)).toContain(date ?? 'no date');
    expect(password).toMatch(/^[A-Za-z2-9#%+=?@!]{16}$/);
    expect(login.status).toBe(200);
    expect(((await login.json()) as { user: { unitId: string } }).user.unitId).toBe('dept-transport');
    // chinese-days ships 2026; whether a warning shows depends on today's date, the element must agree with the API.
    const token = await runtime.tokenFor('admin');
    const overview = (await (
      await runtime.request('/api/admin/calendar', { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { provisionalYears: number[] };
    expect(warning).toBe(overview.provisionalYears.length > 0 ? 1 : 0);
  });
});
