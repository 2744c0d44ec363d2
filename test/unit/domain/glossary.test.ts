import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseEventTypes } from '../../../shared/domain/case/model.ts';
import * as wording from '../../../shared/domain/case/wording.ts';
import { avoidedWords, type GlossaryKey, glossary, termPair } from '../../../shared/domain/glossary.ts';
import { renderNotification, type TemplateContext } from '../../../shared/domain/notifications/templates.ts';
import { staffRoleNamesZh } from '../../../shared/domain/users/model.ts';
import { notificationTemplates } from '../../../shared/schemas/messages.ts';
import { exportColumns } from '../../../shared/use-cases/staff/export-cases.ts';
import { texts as consoleTexts } from '../../../web/src/console/i18n.ts';
import { messages as publicMessages } from '../../../web/src/i18n-messages.ts';

/**
 * One term per thing (shared/domain/glossary.ts), and no internal token in any Chinese text the system renders:
 * notices, exports, the case record's names and sentences, the console's and the public site's phrases and the
 * pages' static Chinese. The e2e page checks (test/support/page-checks.ts) cover the screens as rendered.
 */

const root = resolve(import.meta.dirname, '../../..');

/** Everything that renders words for people: the code that builds text, the pages, the seed and configuration. */
const renderingSources = ['shared', 'functions', 'web/src', 'web', 'infra/local', 'config'];
const sourceFile = /\.(ts|html|json|css)$/;

function filesUnder(dir: string, depth = 0): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      // `web` itself only for its pages (web/src is listed on its own; web/dist is a build).
      return dir.endsWith('/web') && depth === 0 ? [] : filesUnder(path, depth + 1);
    return sourceFile.test(name) ? [path] : [];
  });
}

/** Latin words left once links, tracking codes, placeholders and numbers are taken out. */
function latinTokens(text: string): string[] {
  const stripped = text
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\bHY-[A-Z0-9]{4}-[A-Z0-9]{4}\b/g, ' ')
    .replace(/\{\w+\}/g, ' ');
  return stripped.match(/[A-Za-z][A-Za-z0-9_]*/g) ?? [];
}

/**
 * Latin words a Chinese reader meets on purpose: names of standards, formats and products, abbreviations
 * people use in Chinese (PIN, ID), and the Open311 clients' own word. Anything else is an internal token.
 */
const acceptedLatin = new Set([
  'Open311',
  'API',
  'CSV',
  'Excel',
  'PDF',
  'PIN',
  'ID',
  'SMS',
  'JPEG',
  'PNG',
  'HEIC',
  'MB',
  'KB',
  'English',
  'HY',
  'TOTP',
  'OIDC',
  'IMAP',
  'SMTP',
  'HTTPS',
  'URL',
  'Webhook',
  'WebP',
  'GIF',
  'BMP',
  'TIFF',
  'JavaScript',
  'Ctrl',
  'Enter',
]);

const unknownTokens = (text: string) => latinTokens(text).filter((token) => !acceptedLatin.has(token));

/** A context with every field a notice may use, in the words a real one carries. */
const context: TemplateContext = {
  trackingCode: 'HY-ABCD-EFGH',
  unitName: '县交通运输局',
  trackUrl: 'https://xf.qingxi.gov.cn/track.html?code=HY-ABCD-EFGH',
  surveyUrl: 'https://xf.qingxi.gov.cn/survey.html#t',
  surveyWindow: '30日',
  deadline: '12月14日',
  extension: '5个工作日',
  reason: '需要现场勘查',
  reviewBody: '县人民政府',
  opinion: '维持原处理意见',
  outcome: '维持',
  requestUntil: '12月30日',
  stage: 'reply',
  title: '溪口镇路灯不亮',
  unlockUrl: 'https://xf.qingxi.gov.cn/track.html?unlock=x',
  code: '042517',
  validMinutes: 10,
  trackingPin: '4821',
  reception: {
    studioName: '溪口镇党代表工作室',
    address: '溪口镇人民路1号',
    date: '12月10日（周四）',
    hours: '9:00–11:30',
    representativeNames: ['王一', '李二'],
  },
  account: {
    step: 'requested',
    kind: 'create',
    targetName: '张三',
    roleName: staffRoleNamesZh.supervisor,
    requesterName: '赵四',
  },
};

const nameTables = [
  wording.statusNames,
  wording.eventNames,
  wording.commandNames,
  wording.channelNames,
  wording.roleNames,
  wording.ratingNames,
  wording.opinionOutcomeNames,
  wording.deadlineNames,
  wording.similarKindNames,
  wording.similarDecisionNames,
  wording.publicSimilarStatusNames,
];

/** Every Chinese text the system renders from code, labelled by where it comes from. */
function renderedChinese(): [string, string][] {
  const texts: [string, string][] = [];
  for (const template of notificationTemplates)
    for (const stage of ['reply', 'review'] as const) {
      const notice = renderNotification(template, { ...context, stage });
      texts.push([`notice ${template} sms`, notice.sms], [`notice ${template} e-mail`, notice.emailSubject]);
      texts.push([`notice ${template} e-mail body`, notice.emailBody]);
    }
  for (const table of nameTables)
    for (const [key, [zh]] of Object.entries(table)) texts.push([`name ${key}`, zh]);
  for (const [key, { zh }] of Object.entries(wording.publicStatusText)) texts.push([`status ${key}`, zh]);
  for (const [key, { zh }] of Object.entries(wording.hearBackText)) texts.push([`hear back ${key}`, zh]);
  for (const type of caseEventTypes) texts.push([`event ${type}`, wording.eventName(type)]);
  for (const column of exportColumns) texts.push(['export column', column]);
  for (const [key, [zh]] of Object.entries(consoleTexts)) texts.push([`console ${key}`, zh]);
  for (const [key, { zh }] of Object.entries(publicMessages)) texts.push([`site ${key}`, zh]);
  for (const page of readdirSync(join(root, 'web')).filter((name) => name.endsWith('.html'))) {
    const html = readFileSync(join(root, 'web', page), 'utf8');
    // The text people read: elements' text and the attributes that are read out or shown.
    const visible = html
      .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
      .replace(/<[^>]*?\b(?:aria-label|placeholder|title|alt)="([^"]*)"[^>]*>/g, ' $1 ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&[a-z]+;/g, ' ');
    texts.push([`page ${page}`, visible]);
  }
  return texts;
}

describe('the glossary', () => {
  it('gives each term one name: no avoided word in any code that renders text', () => {
    const found: string[] = [];
    for (const dir of renderingSources)
      for (const file of filesUnder(join(root, dir))) {
        if (file.endsWith('shared/domain/glossary.ts')) continue;
        const lines = readFileSync(file, 'utf8').split('\n');
        lines.forEach((line, index) => {
          for (const { word, use } of avoidedWords)
            if (line.includes(word)) found.push(`${relative(root, file)}:${index + 1}: ${word} → ${use}`);
        });
      }
    expect(found).toEqual([]);
  });

  it('names the roles and the hotline channel as the glossary does, wherever they are named', () => {
    expect(wording.roleName('supervisor')).toBe(glossary.supervisor.zh);
    expect(wording.roleName('liaison')).toBe(glossary.liaison.zh);
    expect(wording.channelName('open311')).toBe(glossary.hotline.zh);
    expect(staffRoleNamesZh).toEqual({
      liaison: glossary.liaison.zh,
      handler: glossary.handler.zh,
      supervisor: glossary.supervisor.zh,
      admin: glossary.admin.zh,
    });
    expect(exportColumns[0]).toBe(glossary.trackingCode.zh);
    expect(consoleTexts.trackingCode[0]).toBe(glossary.trackingCode.zh);
  });

  it('keeps no avoided word inside another term’s own name', () => {
    for (const { word } of avoidedWords)
      for (const term of Object.values(glossary)) expect(term.zh.includes(word), term.zh).toBe(false);
  });
});

describe('rendered Chinese text', () => {
  it('holds no internal token: every notice, name, sentence, export column, phrase and page', () => {
    const offending = renderedChinese().flatMap(([where, text]) => {
      const tokens = unknownTokens(text);
      return tokens.length > 0 ? [`${where}: ${[...new Set(tokens)].join(', ')}`] : [];
    });
    expect(offending).toEqual([]);
  });

  it('catches what it is for: enum values, field names and logins in an otherwise Chinese text', () => {
    expect(unknownTokens('状态：acknowledged')).toEqual(['acknowledged']);
    expect(unknownTokens('由 handler-dept-transport 于 12月4日 修改')).toEqual([
      'handler',
      'dept',
      'transport',
    ]);
    expect(unknownTokens('rule R4, category')).toEqual(['rule', 'R4', 'category']);
    expect(unknownTokens('跟踪码 HY-ABCD-EFGH，详见 https://xf.qingxi.gov.cn/track.html')).toEqual([]);
  });
});

describe('the agreed words', () => {
  it('are these, in Chinese and English (a change here is a change of wording everywhere)', () => {
    expect(
      Object.fromEntries(Object.entries(glossary).map(([key]) => [key, termPair(key as GlossaryKey)])),
    ).toEqual({
      petition: ['诉求', 'petition'],
      petitioner: ['诉求人', 'petitioner'],
      trackingCode: ['跟踪码', 'tracking code'],
      trackingPin: ['查询码', 'PIN'],
      unit: ['承办单位', 'responsible unit'],
      studio: ['党代表工作室', 'party representatives’ studio'],
      receptionDay: ['接待日', 'reception day'],
      liaison: ['联络员', 'Liaison officer'],
      handler: ['承办人', 'Handler'],
      supervisor: ['督办人员', 'Supervisor'],
      admin: ['管理员', 'Administrator'],
      system: ['系统自动', 'Automatic'],
      hotline: ['12345热线', '12345 hotline'],
      review: ['复查', 'review (复查)'],
      recheck: ['复核', 'recheck (复核)'],
    });
  });

  it('list each avoided word with the word to use instead', () => {
    expect(avoidedWords).toEqual([
      { word: '追踪码', use: '跟踪码' },
      { word: '督办员', use: '督办人员' },
      { word: '市民热线接口', use: '12345热线' },
      { word: '市民热线', use: '12345热线' },
    ]);
  });
});
