import { describe, expect, it } from 'vitest';
import { defaultJurisdiction, findJurisdiction } from '../../../shared/domain/mail/find-jurisdiction.ts';
import {
  deliveriesOf,
  inboundMailEventSchema,
  RAW_MAIL_PREFIX,
} from '../../../shared/domain/mail/inbound-event.ts';
import { notificationMessageId, outgoingMailHeaders } from '../../../shared/domain/mail/outgoing-headers.ts';

const towns = [
  { code: 'xikou', nameZh: '溪口镇' },
  { code: 'chengguan', nameZh: '城关镇', countySeat: true },
  { code: 'dongjie', nameZh: '东街街道' },
  { code: 'xi', nameZh: '西乡' },
  { code: 'xikou-new', nameZh: '溪口新区街道' },
];

describe('the town a free text is about', () => {
  it('prefers the longest full name the text contains', () => {
    expect(findJurisdiction('溪口新区街道的路灯坏了', towns)).toBe('xikou-new');
    expect(findJurisdiction('溪口镇的路灯坏了', towns)).toBe('xikou');
    expect(findJurisdiction('城关镇东街街道的路灯', towns)).toBe('dongjie');
  });

  it('finds a town by its name without the suffix, the longest first, but never by one character', () => {
    expect(findJurisdiction('溪口村的路灯坏了', towns)).toBe('xikou');
    expect(findJurisdiction('东街菜场', towns)).toBe('dongjie');
    expect(findJurisdiction('溪口新区菜场', towns)).toBe('xikou-new');
    // 西乡 without 乡 is 西: one character names nothing.
    expect(findJurisdiction('西边的水渠', towns)).toBeNull();
    expect(findJurisdiction('西乡的水渠', towns)).toBe('xi');
    expect(findJurisdiction('没有地名', towns)).toBeNull();
    expect(findJurisdiction('城关', [{ code: 'cg', nameZh: '城关街' }])).toBe('cg');
    expect(findJurisdiction('城关', [{ code: 'cg', nameZh: '城关乡' }])).toBe('cg');
    // Only a suffix at the end is dropped.
    expect(findJurisdiction('镇海', [{ code: 'zh', nameZh: '镇海路' }])).toBeNull();
  });

  it('sends a petition that names no town to the county seat, else the first town', () => {
    expect(defaultJurisdiction(towns)).toBe('chengguan');
    expect(defaultJurisdiction([{ code: 'a' }, { code: 'b', countySeat: false }])).toBe('a');
    expect(defaultJurisdiction([])).toBeNull();
  });
});

describe('e-mails the system sends', () => {
  it('says it was sent by a machine: an automatic reply to a petition, generated for every other notice', () => {
    expect(outgoingMailHeaders('registered')).toEqual({
      'Auto-Submitted': 'auto-replied',
      'X-Auto-Response-Suppress': 'All',
    });
    expect(outgoingMailHeaders('replied', { 'In-Reply-To': '<a@b>' })).toEqual({
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
      'In-Reply-To': '<a@b>',
    });
  });

  it('derives the same Message-ID from the same notification, under the sender domain', () => {
    const id = notificationMessageId('n-1', 'hy.example.cn');
    expect(id).toMatch(/^[0-9a-f]{32}@hy\.example\.cn$/);
    expect(notificationMessageId('n-1', 'hy.example.cn')).toBe(id);
    expect(notificationMessageId('n-2', 'hy.example.cn')).not.toBe(id);
  });
});

describe('what wakes the mailbox', () => {
  const ses = (receipt: Record<string, unknown> = {}, mail: Record<string, unknown> = {}) => ({
    Records: [
      {
        eventSource: 'aws:ses',
        ses: {
          mail: { source: 'a@example.cn', messageId: 'abc.123_x-y', destination: ['xf@hy.cn'], ...mail },
          receipt: { recipients: ['box@hy.cn'], ...receipt },
        },
      },
    ],
  });

  it('reads an SES receipt: the raw message key, envelope, recipients and verdicts', () => {
    expect(RAW_MAIL_PREFIX).toBe('raw/');
    expect(deliveriesOf(inboundMailEventSchema.parse(ses()))).toEqual([
      {
        bucket: null,
        key: 'raw/abc.123_x-y',
        deliveryId: 'abc.123_x-y',
        envelopeSender: 'a@example.cn',
        recipients: ['box@hy.cn'],
        virusFound: false,
        spamFound: false,
      },
    ]);
    const flagged = deliveriesOf(
      inboundMailEventSchema.parse(
        ses({ recipients: [], virusVerdict: { status: 'FAIL' }, spamVerdict: { status: 'FAIL' } }),
      ),
    )[0]!;
    expect([flagged.recipients, flagged.virusFound, flagged.spamFound]).toEqual([['xf@hy.cn'], true, true]);
    const passed = deliveriesOf(
      inboundMailEventSchema.parse(
        ses({ virusVerdict: { status: 'PASS' }, spamVerdict: { status: 'PASS' } }),
      ),
    )[0]!;
    expect([passed.virusFound, passed.spamFound]).toEqual([false, false]);
  });

  it('reads no recipients when SES names none, in the receipt or the envelope', () => {
    const event = ses({ recipients: undefined }, { destination: undefined });
    expect(deliveriesOf(inboundMailEventSchema.parse(event))[0]!.recipients).toEqual([]);
    const envelopeOnly = ses({ recipients: undefined });
    expect(deliveriesOf(inboundMailEventSchema.parse(envelopeOnly))[0]!.recipients).toEqual(['xf@hy.cn']);
  });

  it('refuses an SES message id that could leave the raw prefix', () => {
    expect(inboundMailEventSchema.safeParse(ses({}, { messageId: '../x' })).success).toBe(false);
    expect(inboundMailEventSchema.safeParse(ses({}, { messageId: '' })).success).toBe(false);
    expect(inboundMailEventSchema.safeParse(ses({}, { messageId: 'a'.repeat(201) })).success).toBe(false);
    expect(inboundMailEventSchema.safeParse(ses({}, { messageId: 'a'.repeat(200) })).success).toBe(true);
    expect(inboundMailEventSchema.safeParse({ Records: [] }).success).toBe(false);
  });

  it('reads an S3 notification of a created object, with its key decoded', () => {
    const s3 = (eventName: string, key: string) => ({
      Records: [
        { eventSource: 'aws:s3', eventName, s3: { bucket: { name: 'mail' }, object: { key, size: 10 } } },
      ],
    });
    expect(deliveriesOf(inboundMailEventSchema.parse(s3('ObjectCreated:Put', 'raw/a+b%2Bc')))).toEqual([
      {
        bucket: 'mail',
        key: 'raw/a b+c',
        deliveryId: 'a b+c',
        recipients: [],
        virusFound: false,
        spamFound: false,
      },
    ]);
    expect(deliveriesOf(inboundMailEventSchema.parse(s3('ObjectRemoved:Delete', 'raw/x')))).toEqual([]);
    expect(deliveriesOf(inboundMailEventSchema.parse(s3('ObjectCreated:Put', 'top')))[0]!.deliveryId).toBe(
      'top',
    );
    expect(inboundMailEventSchema.safeParse(s3('ObjectCreated:Put', '')).success).toBe(false);
  });
});
