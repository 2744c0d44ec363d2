import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopContext, launchBrowser, phoneContext } from '../support/browser.ts';
import { checkPage, screenshot } from '../support/page-checks.ts';
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
    await page.click('#dry-go');
    await page.locator('#dry-result p').waitFor();
    const routed = await page.locator('#dry-result').textContent();

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

  it('writes a routing rule with pickers, switched on by default, tried in the form before it is saved', async () => {
    const context = await desktopContext(browser, runtime.url);
    const page = await context.newPage();
    await signIn(page, 'admin', { ready: '#admin-units table.entries' });
    await page.click('a[href="#/admin/rules"]');
    await page.locator('#admin-rules table.entries').waitFor();
    await page.click('#add-entry');
    const ruleId = await page.locator('#editor input[name="ruleId"]').inputValue();
    const enabledByDefault = await page.locator('#editor input[name="enabled"]').isChecked();
    const statusOn = await page.locator('#rule-status').textContent();
    await page.selectOption('#editor select[name="unitId"]', 'dept-housing');
    await page.fill('#editor input[name="priority"]', '1000');
    await page.locator('#editor fieldset.picker', { hasText: '镇街' }).getByLabel('溪口镇').check();
    // One character is too short for a keyword: the API's answer shows beside the field, in Chinese.
    await page.fill('#editor input[name="keywords"]', '井盖，坑');
    await page.click('#editor button[type="submit"]');
    const keywordError = page.locator('#editor .field', { has: page.locator('input[name="keywords"]') });
    await keywordError.locator('.field-error:not(:empty)').waitFor();
    const keywordMessage = await keywordError.locator('.field-error').textContent();
    const keywordInvalid = await page.locator('#editor input[name="keywords"]').getAttribute('aria-invalid');
    await page.fill('#editor input[name="keywords"]', '井盖');
    await page.fill('#rule-try-title', '村口井盖丢了');
    await page.selectOption('#rule-try-town', 'xikou');
    await page.click('#rule-try-go');
    await page.locator('#rule-try-result p').first().waitFor();
    const tried = (await page.locator('#rule-try-result').textContent()) ?? '';
    await checkPage(page, 'admin rule form');
    await screenshot(page, 'admin-rule-form');
    await page.locator('#editor input[name="enabled"]').uncheck();
    const statusOff = await page.locator('#rule-status').textContent();
    await page.locator('#editor input[name="enabled"]').check();
    await page.click('#editor button[type="submit"]');
    const row = page.locator(`#admin-rules tr[data-id="${ruleId}"]`);
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    await context.close();

    const token = await runtime.tokenFor('admin');
    const catalog = (await (
      await runtime.request('/api/admin/reference', { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { routingRules: { ruleId: string; enabled: boolean; jurisdictionCodes: string[] }[] };
    const saved = catalog.routingRules.find((rule) => rule.ruleId === ruleId);
    const highest = Math.max(
      ...catalog.routingRules.filter((rule) => rule !== saved).map((rule) => Number(rule.ruleId.slice(1))),
    );
    expect(ruleId).toBe(`R${highest + 1}`);
    expect(enabledByDefault).toBe(true);
    expect(statusOn).toContain('已启用');
    expect(statusOff).toContain('已停用');
    expect(keywordMessage).toContain('关键词至少 2 个字');
    expect(keywordMessage).not.toMatch(/[A-Za-z]/);
    expect(keywordInvalid).toBe('true');
    expect(tried).toContain('这件诉求将交给县住房和城乡建设局');
    expect(tried).toContain('内容含关键词“井盖”');
    expect(tried).toContain('正是正在编辑的这条规则');
    expect(rowText).toContain('溪口镇');
    expect(saved).toMatchObject({ enabled: true, jurisdictionCodes: ['xikou'] });
  });

  it('adds a unit on a phone: a generated id, Chinese labels, the missing e-mail named beside its field', async () => {
    const context = await phoneContext(browser, runtime.url);
    const page = await context.newPage();
    await signIn(page, 'admin', { ready: '#admin-units table.entries' });
    await page.click('#add-entry');
    const idFieldShown = await page.locator('#editor input[name="unitId"]').count();
    await page.fill('#editor input[name="nameZh"]', '县水务局');
    await page.fill('#editor input[name="nameEn"]', 'County Water Bureau');
    await page.selectOption('#editor select[name="delivery"]', 'email');
    await page.click('#editor button[type="submit"]');
    const emailField = page.locator('#editor .field', { has: page.locator('input[name="contactEmail"]') });
    await emailField.locator('.field-error:not(:empty)').waitFor();
    const emailMessage = await emailField.locator('.field-error').textContent();
    await checkPage(page, 'admin unit form with an error');
    await screenshot(page, 'admin-unit-form');
    await page.fill('#editor input[name="contactEmail"]', 'water@example.gov.cn');
    await page.click('#editor button[type="submit"]');
    await page.locator('#admin-units tbody tr', { hasText: '县水务局' }).waitFor();
    const unitId = await page
      .locator('#admin-units tbody tr', { hasText: '县水务局' })
      .getAttribute('data-id');
    const headers = await page.locator('#admin-units table.entries th').allTextContents();
    await checkPage(page, 'admin units after adding one');
    await context.close();

    expect(idFieldShown).toBe(0);
    expect(emailMessage).toBe('邮件送达需要邮箱');
    expect(unitId).toMatch(/^unit-[a-z0-9]{6}$/);
    expect(headers.filter((header) => header.trim() === '')).toEqual([]);
  });
});
