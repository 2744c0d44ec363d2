import { describe, expect, it } from 'vitest';
import type { StaffActor } from '../../../shared/auth/claims.ts';
import { mayOpenHelpMailbox, maySeeHelpMailboxCounts } from '../../../shared/domain/help-mailbox/access.ts';
import {
  type HelpLetter,
  helpLetterSchema,
  helpMailboxCountsQuerySchema,
  idempotencyKeySchema,
  letterCodeForKey,
  letterCodePattern,
  letterIdOf,
  letterIdPathSchema,
  MAX_READ_FAILURES,
  newLetterCode,
  normalizeLetterCode,
  READ_FAILURE_WINDOW_SECONDS,
  REPLY_WORKING_DAYS,
  readLetterSchema,
  replyLetterSchema,
  toWriterView,
  writeLetterSchema,
} from '../../../shared/domain/help-mailbox/model.ts';
import { demoCounty } from '../../../shared/seed/demo-county.ts';

const designated: StaffActor = {
  id: 'handler-dept-organisation',
  username: 'handler-dept-organisation',
  role: 'handler',
  unitId: 'dept-organisation',
};

describe('who may open the help mailbox', () => {
  it('lets only the designated handlers of the keeping unit open letters', () => {
    expect(mayOpenHelpMailbox(designated, demoCounty)).toBe(true);
    // Another handler of the same unit, not named as designated staff.
    expect(mayOpenHelpMailbox({ ...designated, id: 'other', username: 'other' }, demoCounty)).toBe(false);
    // The designated name, but in another unit (which keeps no mailbox).
    expect(mayOpenHelpMailbox({ ...designated, unitId: 'dept-education' }, demoCounty)).toBe(false);
    // The designated name, but without a unit or with another role.
    const { unitId: _unit, ...withoutUnit } = designated;
    expect(mayOpenHelpMailbox(withoutUnit, demoCounty)).toBe(false);
    expect(mayOpenHelpMailbox({ ...designated, role: 'supervisor' }, demoCounty)).toBe(false);
    expect(mayOpenHelpMailbox({ ...designated, role: 'admin' }, demoCounty)).toBe(false);
    // A unit that does not exist.
    expect(mayOpenHelpMailbox({ ...designated, unitId: 'no-such-unit' }, demoCounty)).toBe(false);
  });

  it('shows counts to supervisors and the designated staff only', () => {
    expect(maySeeHelpMailboxCounts({ id: 's', username: 's', role: 'supervisor' }, demoCounty)).toBe(true);
    expect(maySeeHelpMailboxCounts(designated, demoCounty)).toBe(true);
    expect(maySeeHelpMailboxCounts({ ...designated, username: 'other' }, demoCounty)).toBe(false);
    expect(maySeeHelpMailboxCounts({ id: 'a', username: 'a', role: 'admin' }, demoCounty)).toBe(false);
  });
});

describe('letter codes', () => {
  it('draws sixteen symbols of the tracking alphabet, in four groups after XL', () => {
    let next = 0;
    const code = newLetterCode(() => next++ % 32);
    expect(code).toBe('XL-2345-6789-ABCD-EFGH');
    expect(letterCodePattern.test(code)).toBe(true);
    expect(newLetterCode(() => 31)).toBe('XL-ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    expect(newLetterCode()).toMatch(letterCodePattern);
  });

  it('recognises a whole letter code and nothing around it', () => {
    expect(letterCodePattern.test('XL-7K3Q-9MXD-2HPA-WQ4N')).toBe(true);
    expect(letterCodePattern.test('xXL-7K3Q-9MXD-2HPA-WQ4N')).toBe(false);
    expect(letterCodePattern.test('XL-7K3Q-9MXD-2HPA-WQ4N-')).toBe(false);
    expect(letterCodePattern.test('XL-7K3Q-9MXD-2HPA-WQ4N-ABCD')).toBe(false);
  });

  it('derives the same code from the same idempotency key, and another from another key', () => {
    const key = 'k'.repeat(40);
    const code = letterCodeForKey(key);
    expect(code).toMatch(letterCodePattern);
    expect(letterCodeForKey(key)).toBe(code);
    expect(letterCodeForKey(`${key}x`)).not.toBe(code);
  });

  it('reads what people type: lower case, spaces, missing dashes or prefix', () => {
    expect(normalizeLetterCode('xl-7k3q-9mxd-2hpa-wq4n')).toBe('XL-7K3Q-9MXD-2HPA-WQ4N');
    expect(normalizeLetterCode(' XL 7K3Q 9MXD 2HPA WQ4N ')).toBe('XL-7K3Q-9MXD-2HPA-WQ4N');
    expect(normalizeLetterCode('7K3Q9MXD2HPAWQ4N')).toBe('XL-7K3Q-9MXD-2HPA-WQ4N');
    expect(normalizeLetterCode('XL7K3Q9MXD2HPAWQ4N')).toBe('XL-7K3Q-9MXD-2HPA-WQ4N');
    // Too short, too long, or with symbols outside the alphabet (0, O, 1, I).
    expect(normalizeLetterCode('XL-7K3Q-9MXD-2HPA-WQ4')).toBeNull();
    expect(normalizeLetterCode('XL-7K3Q-9MXD-2HPA-WQ4NN')).toBeNull();
    expect(normalizeLetterCode('XL-7K3Q-9MXD-2HPA-WQ40')).toBeNull();
    expect(normalizeLetterCode('XL-7K3Q-9MXD-2HPA-WQ4I')).toBeNull();
    expect(normalizeLetterCode('')).toBeNull();
  });

  it('keeps a letter under a hash of its code, never the code', () => {
    const id = letterIdOf('XL-7K3Q-9MXD-2HPA-WQ4N');
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(letterIdOf('XL-7K3Q-9MXD-2HPA-WQ4N')).toBe(id);
    expect(letterIdOf('XL-7K3Q-9MXD-2HPA-WQ4P')).not.toBe(id);
    expect(letterIdPathSchema.safeParse({ letterId: id }).success).toBe(true);
  });

  it('pins the derivations, so codes and ids stay the same across releases', () => {
    // Changing a salt would orphan every letter already written.
    expect(letterCodeForKey('a'.repeat(32))).toMatchInlineSnapshot(`"XL-92G4-8H5E-AZJV-ZU5J"`);
    expect(letterIdOf('XL-2222-2222-2222-2222')).toMatchInlineSnapshot(`"5716a3f6933d2a2973fa5d45c92daed5"`);
  });
});

const letter: HelpLetter = {
  letterId: 'a'.repeat(32),
  receivedOn: '2026-03-02',
  replyBy: '2026-03-09',
  content: '最近压力很大。',
  passphraseHash: 'scrypt$...',
  status: 'received',
};

describe('limits of the mailbox', () => {
  it('locks reading after five failures in a day, and replies within five working days', () => {
    expect([MAX_READ_FAILURES, READ_FAILURE_WINDOW_SECONDS, REPLY_WORKING_DAYS]).toEqual([5, 86_400, 5]);
  });
});

describe('what the writer reads back', () => {
  it('shows the letter without the passphrase hash or the replying officer', () => {
    expect(toWriterView(letter)).toEqual({
      receivedOn: '2026-03-02',
      content: '最近压力很大。',
      status: 'received',
      replyBy: '2026-03-09',
    });
    const replied: HelpLetter = {
      ...letter,
      subject: '工作压力',
      status: 'replied',
      reply: { text: '感谢来信。', repliedOn: '2026-03-05', by: 'handler-dept-organisation' },
    };
    expect(toWriterView(replied)).toEqual({
      receivedOn: '2026-03-02',
      subject: '工作压力',
      content: '最近压力很大。',
      status: 'replied',
      replyBy: '2026-03-09',
      reply: { text: '感谢来信。', repliedOn: '2026-03-05' },
    });
  });
});

describe('the help mailbox requests', () => {
  it('checks a stored letter', () => {
    expect(helpLetterSchema.safeParse(letter).success).toBe(true);
    expect(helpLetterSchema.safeParse({ ...letter, letterId: 'A'.repeat(32) }).success).toBe(false);
    expect(helpLetterSchema.safeParse({ ...letter, receivedOn: '2026-03-02T10:00' }).success).toBe(false);
    expect(helpLetterSchema.safeParse({ ...letter, replyBy: '2026-3-9' }).success).toBe(false);
    expect(helpLetterSchema.safeParse({ ...letter, subject: 'x'.repeat(61) }).success).toBe(false);
    expect(helpLetterSchema.safeParse({ ...letter, subject: 'x'.repeat(60) }).success).toBe(true);
    expect(helpLetterSchema.safeParse({ ...letter, content: '' }).success).toBe(false);
    expect(helpLetterSchema.safeParse({ ...letter, content: 'x'.repeat(5001) }).success).toBe(false);
    expect(helpLetterSchema.safeParse({ ...letter, content: 'x'.repeat(5000) }).success).toBe(true);
    expect(helpLetterSchema.safeParse({ ...letter, passphraseHash: '' }).success).toBe(false);
    expect(helpLetterSchema.safeParse({ ...letter, status: 'closed' }).success).toBe(false);
    expect(helpLetterSchema.safeParse({ ...letter, status: 'replied' }).success).toBe(true);
    for (const around of [(value: string) => `x${value}`, (value: string) => `${value}x`]) {
      expect(helpLetterSchema.safeParse({ ...letter, letterId: around(letter.letterId) }).success).toBe(
        false,
      );
      expect(helpLetterSchema.safeParse({ ...letter, receivedOn: around(letter.receivedOn) }).success).toBe(
        false,
      );
      expect(helpLetterSchema.safeParse({ ...letter, replyBy: around(letter.replyBy) }).success).toBe(false);
      const reply = { text: '好', repliedOn: around('2026-03-05'), by: 'h' };
      expect(helpLetterSchema.safeParse({ ...letter, reply }).success).toBe(false);
    }
    const reply = { text: '好', repliedOn: '2026-03-05', by: 'h' };
    expect(helpLetterSchema.safeParse({ ...letter, reply }).success).toBe(true);
    expect(helpLetterSchema.safeParse({ ...letter, reply: { ...reply, text: '' } }).success).toBe(false);
    expect(
      helpLetterSchema.safeParse({ ...letter, reply: { ...reply, text: 'x'.repeat(5001) } }).success,
    ).toBe(false);
    expect(helpLetterSchema.safeParse({ ...letter, reply: { ...reply, repliedOn: '5 March' } }).success).toBe(
      false,
    );
    expect(helpLetterSchema.safeParse({ ...letter, reply: { ...reply, by: '' } }).success).toBe(false);
  });

  it('takes a letter and a passphrase of 8 to 64 characters, and nothing else', () => {
    const write = { content: '最近工作压力很大，睡不好。', passphrase: '12345678' };
    expect(writeLetterSchema.safeParse(write).success).toBe(true);
    expect(writeLetterSchema.safeParse({ ...write, subject: '压力' }).success).toBe(true);
    expect(writeLetterSchema.safeParse({ ...write, subject: '' }).success).toBe(false);
    expect(writeLetterSchema.safeParse({ ...write, content: '太短了' }).success).toBe(false);
    expect(writeLetterSchema.safeParse({ ...write, name: '张三' }).success).toBe(false);
    expect(writeLetterSchema.safeParse({ ...write, passphrase: 'x'.repeat(64) }).success).toBe(true);
    const short = writeLetterSchema.safeParse({ ...write, passphrase: '1234567' });
    expect(short.error?.issues[0]?.message).toBe('口令至少 8 个字符 / at least 8 characters');
    const long = writeLetterSchema.safeParse({ ...write, passphrase: 'x'.repeat(65) });
    expect(long.error?.issues[0]?.message).toBe('口令最多 64 个字符 / at most 64 characters');
  });

  it('reads with a code and a passphrase in the body', () => {
    expect(readLetterSchema.safeParse({ code: 'XL', passphrase: 'p' }).success).toBe(true);
    expect(readLetterSchema.safeParse({ code: '', passphrase: 'p' }).success).toBe(false);
    expect(readLetterSchema.safeParse({ code: 'x'.repeat(41), passphrase: 'p' }).success).toBe(false);
    expect(readLetterSchema.safeParse({ code: 'x'.repeat(40), passphrase: 'p'.repeat(64) }).success).toBe(
      true,
    );
    expect(readLetterSchema.safeParse({ code: 'XL', passphrase: '' }).success).toBe(false);
    expect(readLetterSchema.safeParse({ code: 'XL', passphrase: 'p'.repeat(65) }).success).toBe(false);
    expect(readLetterSchema.safeParse({ code: 'XL', passphrase: 'p', extra: 1 }).success).toBe(false);
  });

  it('takes a reply of at least 5 characters', () => {
    expect(replyLetterSchema.safeParse({ text: '感谢您来信。' }).success).toBe(true);
    expect(replyLetterSchema.safeParse({ text: '谢谢' }).success).toBe(false);
    expect(replyLetterSchema.safeParse({ text: '感谢您来信。', by: 'x' }).success).toBe(false);
  });

  it('counts by month, and names letters by a 32-digit hex id', () => {
    expect(helpMailboxCountsQuerySchema.safeParse({ month: '2026-03' }).success).toBe(true);
    expect(helpMailboxCountsQuerySchema.safeParse({ month: '2026-12' }).success).toBe(true);
    const bad = helpMailboxCountsQuerySchema.safeParse({ month: '2026-13' });
    expect(bad.error?.issues[0]?.message).toBe('月份格式为 YYYY-MM / a month as YYYY-MM');
    expect(helpMailboxCountsQuerySchema.safeParse({ month: '2026-00' }).success).toBe(false);
    expect(helpMailboxCountsQuerySchema.safeParse({ month: 'x2026-03' }).success).toBe(false);
    expect(helpMailboxCountsQuerySchema.safeParse({ month: '2026-03x' }).success).toBe(false);
    const path = letterIdPathSchema.safeParse({ letterId: 'g'.repeat(32) });
    expect(path.error?.issues[0]?.message).toBe('信件编号格式不正确');
    expect(letterIdPathSchema.safeParse({ letterId: `${'a'.repeat(32)}b` }).success).toBe(false);
    expect(letterIdPathSchema.safeParse({ letterId: `x${'a'.repeat(32)}` }).success).toBe(false);
  });

  it('takes an idempotency key of 32 to 128 URL-safe characters, or none', () => {
    expect(idempotencyKeySchema.safeParse(undefined).success).toBe(true);
    expect(idempotencyKeySchema.safeParse('a-_Z9'.repeat(7)).success).toBe(true);
    expect(idempotencyKeySchema.safeParse('a'.repeat(128)).success).toBe(true);
    const short = idempotencyKeySchema.safeParse('a'.repeat(31));
    expect(short.error?.issues[0]?.message).toBe('Idempotency-Key: 32–128 random letters, digits, - or _');
    expect(idempotencyKeySchema.safeParse('a'.repeat(129)).success).toBe(false);
    expect(idempotencyKeySchema.safeParse(`${'a'.repeat(32)}!`).success).toBe(false);
    expect(idempotencyKeySchema.safeParse(`!${'a'.repeat(32)}`).success).toBe(false);
  });
});
