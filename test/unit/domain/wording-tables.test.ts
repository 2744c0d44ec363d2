import { describe, expect, it } from 'vitest';
import {
  actorRoles,
  caseEventTypes,
  caseStatuses,
  channels,
  surveyRatings,
} from '../../../shared/domain/case/model.ts';
import {
  attachmentName,
  attachmentSourceName,
  channelName,
  commandName,
  commandNames,
  deadlineName,
  deadlineNames,
  deliveryMethodName,
  deliveryStatusName,
  eventName,
  hearBackText,
  opinionOutcomeNames,
  petitionTypeName,
  publicSimilarStatusName,
  publicStatusText,
  ratingName,
  readText,
  replyRouteName,
  replyRoutes,
  roleName,
  shanghaiDate,
  shanghaiTime,
  similarDecisionName,
  similarKindName,
  statusName,
  visitKindName,
  visitOutcomeName,
} from '../../../shared/domain/case/wording.ts';

/** Every bilingual name the case record shows: a Chinese and an English text, neither empty, distinct per table. */

const cjk = /[\u4e00-\u9fff]/;
const english = /^[A-Za-z0-9][^\n]*[a-z]/;

function expectBilingual(name: (key: string, lang: 'zh' | 'en') => string, keys: readonly string[]) {
  const zh = keys.map((key) => name(key, 'zh'));
  const en = keys.map((key) => name(key, 'en'));
  for (const [index, key] of keys.entries()) {
    expect(zh[index], `${key} in Chinese`).toMatch(cjk);
    expect(en[index], `${key} in English`).toMatch(english);
    expect(en[index], `${key} in English`).not.toBe(key);
  }
  return { zh, en };
}

const distinct = (texts: readonly string[]) => new Set(texts).size;

describe('the names of the case record', () => {
  it('every state, event, command, channel, role and rating has its own Chinese and English name', () => {
    for (const [name, keys] of [
      [statusName, caseStatuses],
      [eventName, caseEventTypes],
      [commandName, Object.keys(commandNames)],
      [channelName, channels],
      [roleName, actorRoles],
      [ratingName, surveyRatings],
      [deadlineName, Object.keys(deadlineNames)],
      [replyRouteName, replyRoutes],
    ] as const) {
      const { zh, en } = expectBilingual(name, keys);
      expect(distinct(zh)).toBe(keys.length);
      expect(distinct(en)).toBe(keys.length);
    }
  });

  it('the smaller tables too: similar cases, visits, deliveries, files, opinions', () => {
    const tables = [
      [similarKindName, ['duplicate', 'related']],
      [similarDecisionName, ['duplicate', 'related', 'dismissed']],
      [visitOutcomeName, ['answered', 'case']],
      [deliveryMethodName, ['console', 'email', 'webhook']],
      [deliveryStatusName, ['delivered', 'retrying', 'failed']],
      [attachmentSourceName, ['photo', 'email', 'scan', 'open311']],
      [
        petitionTypeName,
        ['opinion', 'accusation', 'claim', 'inquiry', 'help', 'complaint', 'report', 'proposal'],
      ],
    ] as const;
    for (const [name, keys] of tables) {
      const { zh, en } = expectBilingual(name, keys);
      expect(distinct(zh)).toBe(keys.length);
      expect(distinct(en)).toBe(keys.length);
    }
    expect([visitKindName(false), visitKindName(true)]).toEqual(['接待日来访', '接待日来访（集体访）']);
    expect(visitKindName(true, 'en')).toBe('Reception-day visit (group)');
    expect(Object.values(opinionOutcomeNames).map(([zh, en]) => `${zh}|${en}`)).toEqual([
      '维持原处理意见|Upheld',
      '变更原处理意见|Revised',
    ]);
  });

  it('the public texts of every state and every way of hearing back are distinct in both languages', () => {
    const states = Object.values(publicStatusText);
    const routes = Object.values(hearBackText);
    for (const texts of [states, routes]) {
      expect(texts.every(({ zh }) => cjk.test(zh))).toBe(true);
      expect(texts.every(({ en }) => english.test(en))).toBe(true);
      expect(distinct(texts.map(({ zh }) => zh))).toBe(texts.length);
      expect(distinct(texts.map(({ en }) => en))).toBe(texts.length);
    }
    expect(states).toHaveLength(caseStatuses.length);
    const similar = caseStatuses.map((status) => publicSimilarStatusName(status));
    expect(similar.every((text) => cjk.test(text))).toBe(true);
    expect(
      caseStatuses.map((status) => publicSimilarStatusName(status, 'en')).every((t) => english.test(t)),
    ).toBe(true);
  });

  it('an unknown key reads as itself, or as nothing where a made-up word would mislead', () => {
    expect(statusName('mystery')).toBe('mystery');
    expect(eventName('mystery', 'en')).toBe('mystery');
    expect(commandName('mystery')).toBe('mystery');
    expect(channelName('fax')).toBe('fax');
    expect(roleName('robot')).toBe('robot');
    expect(deadlineName('someday')).toBe('someday');
    expect(similarKindName('odd')).toBe('odd');
    expect(similarDecisionName('odd')).toBe('odd');
    expect(deliveryMethodName('pigeon')).toBe('pigeon');
    expect(deliveryStatusName('lost')).toBe('lost');
    expect(petitionTypeName('other')).toBe('other');
    expect(ratingName('great')).toBe('');
    expect(publicSimilarStatusName('odd')).toBe('');
    expect(visitOutcomeName('odd')).toBe('');
    expect(replyRouteName('odd')).toBe('');
    expect(attachmentSourceName('odd')).toBe('附件');
    expect(attachmentSourceName('odd', 'en')).toBe('Attachment');
  });

  it('a file without a name is called by its kind and number', () => {
    expect(attachmentName({ source: 'photo' }, 1)).toBe('照片 2');
    expect(attachmentName({ source: 'scan' }, 0, 'en')).toBe('Letter scan 1');
    expect(attachmentName({ source: 'photo', name: 'a.jpg' }, 0)).toBe('a.jpg');
  });

  it('Shanghai time is UTC+8 to the minute; an unreadable instant is shown as it is', () => {
    expect(shanghaiTime('2026-12-04T14:54:30.000Z')).toBe('2026-12-04 22:54');
    expect(shanghaiTime('2026-12-04T16:00:00.000Z')).toBe('2026-12-05 00:00');
    expect(shanghaiDate('2026-12-04T16:00:00.000Z')).toBe('2026-12-05');
    expect(shanghaiTime('soon')).toBe('soon');
  });

  it('each kind of read has its own words', () => {
    const kinds = [
      'case',
      'petitioner',
      'audit',
      'attachment',
      'attachments',
      'attachment-view',
      'attachment-download',
    ];
    const zh = kinds.map((kind) => readText(kind));
    const en = kinds.map((kind) => readText(kind, 'en'));
    expect(distinct(zh)).toBe(kinds.length);
    expect(distinct(en)).toBe(kinds.length);
    expect(zh.every((text) => cjk.test(text))).toBe(true);
    expect(en.every((text) => /[a-z]/.test(text))).toBe(true);
  });
});

describe('reads in the audit trail', () => {
  it('quote the detail; an unknown read is a plain 查看', () => {
    expect(readText('attachment', 'zh', 'a.jpg')).toBe('查看附件“a.jpg”');
    expect(readText('attachment', 'en', 'a.jpg')).toBe('viewed an attachment “a.jpg”');
    expect(readText('odd')).toBe('查看');
    expect(readText('odd', 'en')).toBe('read');
  });
});
