import { resolve } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoReceptionStore } from '../../shared/adapters/dynamo/dynamo-reception-store.ts';
import { launchBrowser, phoneContext } from '../support/browser.ts';
import { locatedJpeg, MetadataTool } from '../support/image-fixtures.ts';
import { checkPage } from '../support/page-checks.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';
import { lockAndReadUnlockCode, otherUnlockCode, submitWithPhone } from '../support/tracking-lock.ts';

/**
 * The public site in Chromium on a 360 px phone against the whole local runtime: the form (with a photo, a
 * hostile petition text, errors and the keyboard), the confirmation, the tracking page, the English switch,
 * the reception calendar, and the form page's first-load weight.
 */

let runtime: TestRuntime;
let browser: Browser;
let tool: MetadataTool;

const FIRST_LOAD_BUDGET_BYTES = 150 * 1024;

beforeAll(async () => {
  runtime = await startTestRuntime({ staticRoot: resolve(import.meta.dirname, '../../web/dist') });
  browser = await launchBrowser();
  tool = new MetadataTool();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  await tool?.end();
});

async function withPhone<T>(run: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await phoneContext(browser, runtime.url);
  try {
    return await run(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

const hostile = '<script>alert("xss")</script><img src=x onerror="alert(2)">';

describe('a resident on a phone', () => {
  it('submits a petition with a photo, learns what happens next, and reads it back as text', async () => {
    await withPhone(async (page) => {
      let dialogs = 0;
      page.on('dialog', async (dialog) => {
        dialogs++;
        await dialog.dismiss();
      });
      await page.goto('/');
      await page.selectOption('#categoryCode', 'transport');
      await expect.poll(() => page.locator('#category-description').textContent()).toContain('公交');
      await page.selectOption('#jurisdictionCode', 'chengguan');
      await page.fill('#title', `站牌损坏${hostile}`);
      await page.fill('#content', `人民路公交站牌被撞坏。\n${hostile}\n请尽快修复。`);
      expect(await page.locator('#content-count').textContent()).toMatch(/^\d+ \/ 2000/);
      await page.setInputFiles('#photos', {
        name: 'zhanpai.jpg',
        mimeType: 'image/jpeg',
        buffer: await locatedJpeg(tool, 640, 480),
      });
      await expect.poll(() => page.locator('#photo-list li').count()).toBe(1);
      await page.fill('#name', '张三');
      await page.fill('#phone', '138 1234 5678');
      await page.check('#consent');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      await checkPage(page, 'the filled form with a photo');
      await page.click('#submit');

      const code = (await page.locator('#confirmation .code').textContent({ timeout: 15_000 }))?.trim() ?? '';
      const confirmation = (await page.locator('#confirmation').textContent()) ?? '';
      const focused = await page.evaluate(() => document.activeElement?.id);
      await checkPage(page, 'the confirmation');
      await page.click('#confirmation a');
      await page.fill('#phone4', '5678');
      await page.click('button[type=submit]');
      await page.locator('#result h2').waitFor({ timeout: 10_000 });
      const shown = await page.locator('#result').textContent();
      const scriptsInResult = await page.locator('#result script, #result img').count();
      await checkPage(page, 'the tracking page');

      expect(overflow).toBeLessThanOrEqual(360);
      expect(code).toMatch(/^HY-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
      expect(focused).toBe('confirmation');
      expect(confirmation).toContain('县交通运输局');
      expect(confirmation).toMatch(/15 日内签收.*60 日内答复/);
      expect(confirmation).toContain('以短信通知您');
      expect(shown).toContain(code);
      expect(shown).toContain(hostile);
      expect(shown).toContain('附照片 1 张');
      expect(scriptsInResult).toBe(0);
      expect(dialogs).toBe(0);

      // The photo reached storage, and where it was taken did not.
      const stored = (await runtime.scanAll()).find(
        (item) => item.entity === 'case' && item.trackingCode === code,
      ) as { attachments: { key: string; contentType: string; locationShared: boolean }[] } | undefined;
      expect(stored?.attachments).toHaveLength(1);
      expect(stored?.attachments[0]).toMatchObject({ contentType: 'image/jpeg', locationShared: false });
      const object = await runtime.clients.s3.send(
        new GetObjectCommand({ Bucket: runtime.buckets.attachments, Key: stored!.attachments[0]!.key }),
      );
      const bytes = Buffer.from(await object.Body!.transformToByteArray());
      expect(bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
      expect(await tool.coordinates(bytes, 'jpg')).toEqual([]);
    });
  });

  it('with a landline and an English browser: told how they will hear back, errors in the page’s language', async () => {
    // The browser asks for English (Accept-Language: en-US); the page stays in its default, Chinese.
    const context = await browser.newContext({
      baseURL: runtime.url,
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
      locale: 'en-US',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    try {
      await page.goto('/');
      await page.selectOption('#categoryCode', 'transport');
      await page.selectOption('#jurisdictionCode', 'chengguan');
      await page.fill('#title', '路灯不亮');
      await page.fill('#content', '城关镇人民路路灯连续三晚不亮，夜里行人看不清路。');
      await page.fill('#name', '王五');
      await page.fill('#phone', '0571-88886666');
      await page.check('#consent');
      await page.click('#submit');
      const code = (await page.locator('#confirmation .code').textContent({ timeout: 15_000 }))?.trim() ?? '';
      const confirmation = (await page.locator('#confirmation').textContent()) ?? '';
      await page.goto(`/track.html?code=${code}`);
      await page.fill('#phone4', '0000');
      await page.click('button[type=submit]');
      await page.locator('#track-errors p').waitFor();
      const wrong = await page.locator('#track-errors').textContent();
      await page.fill('#phone4', '6666');
      await page.click('button[type=submit]');
      await page.locator('#result h2').waitFor({ timeout: 10_000 });
      const tracked = (await page.locator('#result').textContent()) ?? '';
      await checkPage(page, 'tracking a landline petition');

      expect(confirmation).toContain('打电话');
      expect(confirmation).not.toContain('短信通知');
      expect(tracked).toContain('打电话');
      expect(wrong).toMatch(/[\u4e00-\u9fff]/);
      expect(wrong).not.toMatch(/not found/i);
    } finally {
      await context.close();
    }
  });

  it('after too many wrong digits is asked for the unlock code, and the code from the SMS opens the case', async () => {
    const trackingCode = await submitWithPhone(runtime, '孙七', '13812347777');
    const unlockCode = await lockAndReadUnlockCode(runtime, trackingCode);
    const wrongCode = otherUnlockCode(unlockCode);

    await withPhone(async (page) => {
      await page.goto(`/track.html?code=${trackingCode}`);
      await page.fill('#phone4', '7777');
      await page.click('button[type=submit]');
      await page.locator('#unlock-field').waitFor({ state: 'visible' });
      const lockedText = await page.locator('#track-errors').textContent();
      const hint = await page.locator('#unlock-code-hint').textContent();
      const focused = await page.evaluate(() => document.activeElement?.id);
      await checkPage(page, 'the tracking page asking for the unlock code');

      await page.fill('#unlock-code', '123');
      await page.click('button[type=submit]');
      const formatError = await page.locator('#unlock-code-error').textContent();
      await page.fill('#unlock-code', wrongCode);
      await page.click('button[type=submit]');
      await expect.poll(() => page.locator('#unlock-code-error').textContent()).toMatch(/^解锁码不正确/);
      const invalid = await page.locator('#unlock-code').getAttribute('aria-invalid');
      await checkPage(page, 'a wrong unlock code');

      await page.fill('#unlock-code', unlockCode);
      await page.click('button[type=submit]');
      await page.locator('#result h2').waitFor({ timeout: 10_000 });
      const shown = (await page.locator('#result').textContent()) ?? '';

      expect(lockedText).toMatch(/^查询错误次数过多/);
      expect(hint).toContain('6 位解锁码');
      expect(focused).toBe('unlock-code');
      expect(await page.locator('#unlock-code').getAttribute('inputmode')).toBe('numeric');
      expect(await page.locator('#unlock-code').getAttribute('aria-describedby')).toContain(
        'unlock-code-error',
      );
      expect(formatError).toContain('6 位数字');
      expect(invalid).toBe('true');
      expect(shown).toContain(trackingCode);
      expect(await page.locator('#unlock-field').isHidden()).toBe(true);
    });
  });

  it('is told what to fix: the first invalid field takes the focus and every error is tied to its field', async () => {
    await withPhone(async (page) => {
      await page.goto('/');
      await page.locator('#jurisdictionCode option').nth(1).waitFor({ state: 'attached' });
      await page.fill('#phone', '12345');
      await page.click('#submit');

      const focused = await page.evaluate(() => document.activeElement?.id);
      const summary = page.locator('#error-summary');
      const titleError = await page.locator('#title-error').textContent();
      const describedBy = await page.locator('#title').getAttribute('aria-describedby');

      expect(focused).toBe('jurisdictionCode');
      expect(await summary.getAttribute('role')).toBe('alert');
      expect(await summary.isVisible()).toBe(true);
      expect(await page.locator('#error-summary li').count()).toBeGreaterThanOrEqual(5);
      expect(await page.locator('#title').getAttribute('aria-invalid')).toBe('true');
      expect(describedBy).toContain('title-error');
      expect(titleError).toContain('2 至 60');
      expect(await page.locator('#phone-error').textContent()).toContain('手机号码');

      // Anonymous: the name is no longer required.
      await page.check('#anonymous');
      expect(await page.locator('#name').isDisabled()).toBe(true);
    });
  });

  it('can be read in English, and the choice is remembered across pages', async () => {
    await withPhone(async (page) => {
      await page.goto('/');
      await page.click('#lang-switch');

      const heading = await page.locator('h1').textContent();
      const htmlLang = await page.evaluate(() => document.documentElement.lang);
      await page.click('#submit');
      const error = await page.locator('#jurisdictionCode-error').textContent();
      await page.goto('/track.html');
      const trackHeading = await page.locator('h1').textContent();
      const switchLabel = await page.locator('#lang-switch').textContent();
      await page.click('#lang-switch');
      const backInChinese = await page.locator('h1').textContent();

      expect(heading).toBe('Submit a petition');
      expect(htmlLang).toBe('en');
      expect(error).toBe('Choose your town or street');
      expect(trackHeading).toBe('Track progress');
      expect(switchLabel).toBe('中文');
      expect(backInChinese).toBe('查询办理进度');
    });
  });

  it('sees the coming reception days with the representatives on duty', async () => {
    const inFiveDays = new Date(Date.now() + 8 * 3_600_000 + 5 * 86_400_000).toISOString().slice(0, 10);
    await new DynamoReceptionStore({ client: runtime.clients.document, tableName: runtime.tables.main }).save(
      {
        studioId: 'studio-chengguan',
        date: inFiveDays,
        representatives: [{ representativeId: 'rep-e2e', name: '陈建国', title: '县党代表' }],
        published: true,
        hours: '09:00-11:30',
      },
    );

    await withPhone(async (page) => {
      await page.goto('/reception.html');
      await page.locator('#day-list li.day').first().waitFor({ timeout: 10_000 });
      const day = await page.locator('#day-list li.day').first().textContent();
      const studios = await page.locator('#studio option').count();

      expect(day).toContain('陈建国（县党代表）');
      expect(day).toContain('09:00-11:30');
      expect(studios).toBeGreaterThanOrEqual(3);
    });
  });
});

describe('page weight', () => {
  it(`loads the form page in at most ${FIRST_LOAD_BUDGET_BYTES / 1024} KB transferred`, async () => {
    await withPhone(async (page, context) => {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      const transferred = new Map<string, number>();
      const urls = new Map<string, string>();
      cdp.on('Network.requestWillBeSent', (event) => urls.set(event.requestId, event.request.url));
      cdp.on('Network.loadingFinished', (event) => transferred.set(event.requestId, event.encodedDataLength));

      await page.goto('/', { waitUntil: 'networkidle' });
      await page.locator('#jurisdictionCode option').nth(1).waitFor({ state: 'attached' });

      const total = [...transferred.values()].reduce((sum, bytes) => sum + bytes, 0);
      const resources = [...transferred.entries()].map(([id, bytes]) => `${bytes} ${urls.get(id)}`);
      console.info(
        `form page first load: ${total} bytes over ${transferred.size} requests\n${resources.join('\n')}`,
      );
      expect(transferred.size).toBeGreaterThanOrEqual(4);
      expect(total).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);
    });
  });
});
