import { describe, expect, it } from 'vitest';
import {
  chosenPasswordSchema,
  passwordProblems,
  passwordSymbols,
} from '../../../shared/domain/users/password-policy.ts';
import { temporaryPassword } from '../../../shared/domain/users/temporary-password.ts';

describe('the staff password policy (Cognito’s, applied everywhere)', () => {
  it('names every missing class, and accepts a password that has them all', () => {
    expect(passwordProblems('short').map((problem) => problem.en)).toEqual([
      'at least 12 characters',
      'an upper-case letter',
      'a digit',
      'a symbol',
    ]);
    expect(passwordProblems('ALLUPPERCASE1!').map((problem) => problem.en)).toEqual(['a lower-case letter']);
    expect(passwordProblems('Qingxi-Bus-Stop-9')).toEqual([]);
    expect(chosenPasswordSchema.safeParse('Qingxi-Bus-Stop-9').success).toBe(true);
    const refused = chosenPasswordSchema.safeParse('huiyin-demo');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toContain('至少 12 位');
  });

  it('generates temporary passwords of 16 symbols without look-alikes that always meet the policy', () => {
    const passwords = Array.from({ length: 500 }, () => temporaryPassword());

    for (const password of passwords) {
      expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9#%+=?@!]{16}$/);
      expect(passwordProblems(password)).toEqual([]);
    }
    expect(new Set(passwords).size).toBe(passwords.length);
    for (const symbol of '#%+=?@!') expect(passwordSymbols).toContain(symbol);
  });
});
