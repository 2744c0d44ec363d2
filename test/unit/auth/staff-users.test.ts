import { describe, expect, it } from 'vitest';
import {
  profileOf,
  staffRecordSchema,
  staffRoleNamesZh,
  staffUserSchema,
  subjectClaimed,
} from '../../../shared/domain/users/model.ts';
import { hashPassword, verifyPassword } from '../../../shared/domain/users/password.ts';
import {
  chosenPasswordSchema,
  passwordPolicy,
  passwordProblems,
} from '../../../shared/domain/users/password-policy.ts';

describe('staff users as admins edit them', () => {
  const user = { username: 'handler-water', displayName: '李工', role: 'handler', unitId: 'dept-water' };

  it('names every role in Chinese for notices', () => {
    expect(staffRoleNamesZh).toEqual({
      liaison: '联络员',
      handler: '承办人',
      supervisor: '督办人员',
      admin: '管理员',
    });
  });

  it('takes user names of 3 to 60 lower-case letters, digits and dashes, starting with a letter or digit', () => {
    expect(staffUserSchema.parse(user)).toEqual({ ...user, disabled: false });
    for (const username of ['abc', `a${'-'.repeat(59)}`, '9lives'])
      expect(staffUserSchema.safeParse({ ...user, username }).success).toBe(true);
    for (const username of ['ab', `a${'b'.repeat(60)}`, '-abc', 'Abc', 'a_b', 'abc ', ' abc']) {
      const result = staffUserSchema.safeParse({ ...user, username });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(
        '只能用小写字母、数字和连字符，3–60 个字符 / lower-case letters, digits and dashes',
      );
    }
  });

  it('checks the display name, role, scope and e-mail', () => {
    expect(staffUserSchema.safeParse({ ...user, displayName: '' }).success).toBe(false);
    expect(staffUserSchema.safeParse({ ...user, displayName: '李'.repeat(30) }).success).toBe(true);
    expect(staffUserSchema.safeParse({ ...user, displayName: '李'.repeat(31) }).success).toBe(false);
    expect(staffUserSchema.safeParse({ ...user, role: 'petitioner' }).success).toBe(false);
    expect(staffUserSchema.safeParse({ ...user, unitId: '' }).success).toBe(false);
    expect(staffUserSchema.safeParse({ ...user, studioId: '' }).success).toBe(false);
    expect(staffUserSchema.safeParse({ ...user, studioId: 's1' }).success).toBe(true);
    expect(staffUserSchema.safeParse({ ...user, email: 'li@example.cn' }).success).toBe(true);
    expect(staffUserSchema.safeParse({ ...user, email: 'li' }).success).toBe(false);
    expect(staffUserSchema.parse({ ...user, disabled: true }).disabled).toBe(true);
  });

  it('keeps the provider subject in the record and out of the admin view', () => {
    const record = staffRecordSchema.parse({ ...user, subject: 'sub-1' });
    expect(profileOf(record)).toEqual({ ...user, disabled: false });
    expect(staffRecordSchema.safeParse({ ...user, subject: '' }).success).toBe(false);
    expect(staffRecordSchema.safeParse({ ...user, subject: 's'.repeat(128) }).success).toBe(true);
    expect(staffRecordSchema.safeParse({ ...user, subject: 's'.repeat(129) }).success).toBe(false);
  });

  it('refuses a subject that belongs to another staff member, on the subject field', () => {
    const error = subjectClaimed();
    expect(error.status).toBe(409);
    expect(error.details).toEqual({ field: 'subject' });
    expect(error.title).toEqual({
      zh: '该用户标识已对应其他工作人员',
      en: 'That subject already belongs to a staff member',
    });
  });
});

describe('the password policy', () => {
  it('asks for 12 characters of four classes', () => {
    expect(passwordPolicy).toEqual({
      minLength: 12,
      requireLowercase: true,
      requireUppercase: true,
      requireDigits: true,
      requireSymbols: true,
    });
  });

  it('counts characters, not UTF-16 units, and accepts exactly twelve', () => {
    expect(passwordProblems('Aa1!aaaaaaaa')).toEqual([]);
    expect(passwordProblems('Aa1!aaaaaaa')).toEqual([{ zh: '至少 12 位', en: 'at least 12 characters' }]);
    // Eleven characters, twelve UTF-16 units.
    expect(passwordProblems('Aa1!aaaaaa😀').map((problem) => problem.en)).toEqual(['at least 12 characters']);
  });

  it('names every missing class in both languages', () => {
    expect(passwordProblems('')).toEqual([
      { zh: '至少 12 位', en: 'at least 12 characters' },
      { zh: '需含小写字母', en: 'a lower-case letter' },
      { zh: '需含大写字母', en: 'an upper-case letter' },
      { zh: '需含数字', en: 'a digit' },
      { zh: '需含符号', en: 'a symbol' },
    ]);
    expect(passwordProblems('AAAAAAAAAAAA1!').map((problem) => problem.en)).toEqual(['a lower-case letter']);
    expect(passwordProblems('aaaaaaaaaaaa1!').map((problem) => problem.en)).toEqual(['an upper-case letter']);
    expect(passwordProblems('aaaaaaaaaaaA!').map((problem) => problem.en)).toEqual(['a digit']);
    expect(passwordProblems('aaaaaaaaaaaA1').map((problem) => problem.en)).toEqual(['a symbol']);
    // A character that is neither a letter, a digit nor one of the accepted symbols is no symbol.
    expect(passwordProblems('aaaaaaaaaaaA1中').map((problem) => problem.en)).toEqual(['a symbol']);
    for (const symbol of '^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+-')
      expect(passwordProblems(`aaaaaaaaaaA1${symbol}`)).toEqual([]);
  });

  it('says everything a chosen password lacks in one message, and refuses more than 200 characters', () => {
    const refused = chosenPasswordSchema.safeParse('abc');
    expect(refused.error?.issues[0]?.message).toBe(
      '至少 12 位，需含大写字母，需含数字，需含符号 / at least 12 characters, an upper-case letter, a digit, a symbol',
    );
    expect(chosenPasswordSchema.safeParse(`Aa1!${'a'.repeat(196)}`).success).toBe(true);
    expect(chosenPasswordSchema.safeParse(`Aa1!${'a'.repeat(197)}`).success).toBe(false);
  });
});

describe('local password hashes', () => {
  it('verifies the password it hashed and nothing else', async () => {
    const stored = await hashPassword('Qingxi-Bus-Stop-9');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('Qingxi-Bus-Stop-9', stored)).toBe(true);
    expect(await verifyPassword('Qingxi-Bus-Stop-8', stored)).toBe(false);
    // A fresh salt every time.
    expect(await hashPassword('Qingxi-Bus-Stop-9')).not.toBe(stored);
  });

  it('refuses a stored value of another scheme or without salt or hash', async () => {
    const stored = await hashPassword('Qingxi-Bus-Stop-9');
    const [, cost, r, p, salt, hash] = stored.split('$');
    expect(await verifyPassword('Qingxi-Bus-Stop-9', `bcrypt$${cost}$${r}$${p}$${salt}$${hash}`)).toBe(false);
    expect(await verifyPassword('Qingxi-Bus-Stop-9', `scrypt$${cost}$${r}$${p}$$${hash}`)).toBe(false);
    expect(await verifyPassword('Qingxi-Bus-Stop-9', `scrypt$${cost}$${r}$${p}$${salt}$`)).toBe(false);
    expect(await verifyPassword('Qingxi-Bus-Stop-9', `scrypt$${cost}$${r}$${p}$${salt}`)).toBe(false);
    // The stored parameters are the ones used: the same hash under another cost does not verify.
    expect(await verifyPassword('Qingxi-Bus-Stop-9', `scrypt$16384$${r}$${p}$${salt}$${hash}`)).toBe(false);
  });

  it('refuses a stored hash or salt cut short, even where the right password derives the same first bytes', async () => {
    const stored = await hashPassword('Qingxi-Bus-Stop-9');
    const [, cost, r, p, salt, hash] = stored.split('$');
    const bytes = Buffer.from(hash!, 'base64url');
    // A 1-byte hash is the right password's first byte: it would match one wrong password in 256.
    const cut = (length: number) => bytes.subarray(0, length).toString('base64url');
    expect(await verifyPassword('Qingxi-Bus-Stop-9', `scrypt$${cost}$${r}$${p}$${salt}$${cut(1)}`)).toBe(
      false,
    );
    expect(await verifyPassword('Qingxi-Bus-Stop-9', `scrypt$${cost}$${r}$${p}$${salt}$${cut(31)}`)).toBe(
      false,
    );
    const shortSalt = Buffer.from(salt!, 'base64url').subarray(0, 8).toString('base64url');
    expect(await verifyPassword('Qingxi-Bus-Stop-9', `scrypt$${cost}$${r}$${p}$${shortSalt}$${hash}`)).toBe(
      false,
    );
    // The whole value still verifies.
    expect(await verifyPassword('Qingxi-Bus-Stop-9', `scrypt$${cost}$${r}$${p}$${salt}$${cut(32)}`)).toBe(
      true,
    );
  });
});
