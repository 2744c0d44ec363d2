import { describe, expect, it } from 'vitest';
import sample from '../../../events/mail-receiver.json' with { type: 'json' };
import { IdempotencyKeyReusedError } from '../../../shared/domain/case/errors.ts';
import type { Case } from '../../../shared/domain/case/model.ts';
import {
  deliveriesOf,
  inboundMailEventSchema,
  type MailDelivery,
} from '../../../shared/domain/mail/inbound-event.ts';
import { TooLargeObjectError } from '../../../shared/ports/attachment-store.ts';
import type { CaseStore } from '../../../shared/ports/case-store.ts';
import type {
  InboundMailStore,
  MailOutcome,
  QuarantinedMail,
} from '../../../shared/ports/inbound-mail-store.ts';
import type { ParsedMessage } from '../../../shared/ports/mail-parser.ts';
import { demoCounty } from '../../../shared/seed/demo-county.ts';
import { type MailboxDeps, receiveMail } from '../../../shared/use-cases/mailbox.ts';

const raw = (headers: string) => new Uint8Array(Buffer.from(`${headers}\r\n\r\nbody`));
const person =
  'Return-Path: <a@example.cn>\r\nFrom: a@example.cn\r\nMessage-ID: <m1@example.cn>\r\nSubject: 路灯';

function fakes(
  options: { raw?: Uint8Array | 'too-large'; parsed?: ParsedMessage; createError?: Error } = {},
) {
  const outcomes = new Map<string, MailOutcome>();
  const quarantined: QuarantinedMail[] = [];
  const created: Case[] = [];
  const inbox: InboundMailStore = {
    outcome: async (key) => outcomes.get(key) ?? null,
    recordCase: async (outcome) => void outcomes.set(outcome.messageKey, outcome),
    quarantine: async (entry, key) => {
      if (outcomes.has(key)) return false;
      outcomes.set(key, {
        messageKey: key,
        outcome: 'quarantined',
        deliveryId: entry.deliveryId,
        at: entry.receivedAt,
      });
      quarantined.push(entry);
      return true;
    },
    listQuarantine: async () => ({ items: quarantined, nextCursor: null }),
  };
  const store = {
    create: async (decision: { case: Case }) => {
      if (options.createError) throw options.createError;
      created.push(decision.case);
      return { outcome: 'created', case: decision.case };
    },
  } as unknown as CaseStore;
  const deps: MailboxDeps = {
    store,
    catalog: async () => demoCounty,
    rawMail: {
      read: async () => {
        if (options.raw === 'too-large') throw new TooLargeObjectError('too large');
        return { bytes: options.raw ?? raw(person), contentType: 'message/rfc822' };
      },
    },
    attachments: { write: async () => undefined },
    inbox,
    parser: {
      parse: async () =>
        options.parsed ?? {
          subject: '路灯',
          text: '青山镇新街路灯不亮了。',
          fromAddress: 'a@example.cn',
          attachments: [],
        },
    },
    own: { addresses: ['noreply@huiyin.local'], messageIdDomains: ['huiyin.local', 'amazonses.com'] },
    senderLimit: { limiter: { hit: async () => ({ allowed: true, remaining: 1 }) } },
    newTrackingPin: () => '0042',
  };
  return { deps, quarantined, created, outcomes };
}

const delivery = (overrides: Partial<MailDelivery> = {}): MailDelivery => ({
  bucket: null,
  key: 'raw/abc',
  deliveryId: 'abc',
  envelopeSender: 'a@example.cn',
  recipients: ['xinfang@mail.example.cn'],
  virusFound: false,
  spamFound: false,
  ...overrides,
});
const now = new Date('2026-12-01T02:00:00Z');

describe('the mailbox use case', () => {
  it('registers a person’s message once, however often it is delivered', async () => {
    const { deps, created } = fakes();
    const first = await receiveMail(deps, delivery(), now);
    const second = await receiveMail(deps, delivery({ deliveryId: 'def', key: 'raw/def' }), now);
    expect(first).toMatchObject({ outcome: 'case', replayed: false });
    expect(second).toEqual({ outcome: 'duplicate', caseId: created[0]!.caseId });
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      channel: 'email',
      jurisdictionCode: 'qingshan',
      petitioner: { email: 'a@example.cn', trackingPin: '0042' },
    });
  });

  it('refuses machine mail before parsing it', async () => {
    const { deps, created, quarantined } = fakes({ raw: raw(`${person}\r\nAuto-Submitted: auto-replied`) });
    expect(await receiveMail(deps, delivery(), now)).toEqual({
      outcome: 'refused',
      reason: 'auto-submitted',
    });
    expect(await receiveMail(fakes().deps, delivery({ envelopeSender: '' }), now)).toEqual({
      outcome: 'refused',
      reason: 'null-return-path',
    });
    expect(created).toEqual([]);
    expect(quarantined).toEqual([]);
  });

  it.each([
    ['an oversized message', { raw: 'too-large' as const }, {}, 'too-large'],
    ['a virus verdict', {}, { virusFound: true }, 'virus'],
    ['a spam verdict', {}, { spamFound: true }, 'spam'],
    ['a message without a sender', { parsed: { text: 'hello there', attachments: [] } }, {}, 'no-sender'],
    [
      'a reused Message-ID with other content',
      { createError: new IdempotencyKeyReusedError() },
      {},
      'message-id-conflict',
    ],
  ])('keeps %s for staff review', async (_what, options, overrides, reason) => {
    const { deps, quarantined, created } = fakes(options);
    expect(await receiveMail(deps, delivery(overrides), now)).toEqual({ outcome: 'quarantined', reason });
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]).toMatchObject({ reason, rawKey: 'raw/abc', status: 'pending' });
    expect(created).toEqual([]);
    // A repeated delivery of the same message is not quarantined twice.
    expect(await receiveMail(deps, delivery(overrides), now)).toMatchObject({ outcome: 'duplicate' });
    expect(quarantined).toHaveLength(1);
  });
});

describe('mail events', () => {
  it('reads the SES receipt event SES sends (and the sample)', () => {
    const [one] = deliveriesOf(inboundMailEventSchema.parse(sample));
    expect(one).toEqual({
      bucket: null,
      key: 'raw/o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1',
      deliveryId: 'o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1',
      envelopeSender: 'resident@example.cn',
      recipients: ['studio-xikou@mail.huiyin.example.cn'],
      virusFound: false,
      spamFound: false,
    });
  });

  it('reads an S3 notification, decoding its key', () => {
    const [one] = deliveriesOf(
      inboundMailEventSchema.parse({
        Records: [
          {
            eventSource: 'aws:s3',
            eventName: 'ObjectCreated:Put',
            s3: { bucket: { name: 'mail' }, object: { key: 'raw/a+b%2Bc', size: 10 } },
          },
        ],
      }),
    );
    expect(one).toMatchObject({ bucket: 'mail', key: 'raw/a b+c', deliveryId: 'a b+c' });
  });

  it('refuses anything else', () => {
    expect(inboundMailEventSchema.safeParse({ Records: [{ eventSource: 'aws:sqs' }] }).success).toBe(false);
    expect(
      inboundMailEventSchema.safeParse({
        Records: [
          {
            ...sample.Records[0],
            ses: { ...sample.Records[0]!.ses, mail: { ...sample.Records[0]!.ses.mail, messageId: '../x' } },
          },
        ],
      }).success,
    ).toBe(false);
  });
});
