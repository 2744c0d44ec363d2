import * as z from 'zod';

/**
 * The staff password rule, one place for all of it: the Cognito user pool's policy (infra/cdk/auth-stack.ts),
 * the local provider's "choose a new password" step, passwords an admin types in, and the temporary passwords
 * Huiyin generates. At least 12 characters with lower case, upper case, a digit and a symbol.
 */
export const passwordPolicy = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
} as const;

/** Cognito's symbol set (the printable ASCII punctuation it accepts). */
export const passwordSymbols = '^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+-';

export interface PasswordProblem {
  readonly zh: string;
  readonly en: string;
}

const hasSymbol = (password: string) =>
  [...password].some((character) => passwordSymbols.includes(character));

/** What a password lacks under the policy; empty when it is acceptable. */
export function passwordProblems(password: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < passwordPolicy.minLength)
    problems.push({
      zh: `至少 ${passwordPolicy.minLength} 位`,
      en: `at least ${passwordPolicy.minLength} characters`,
    });
  if (!/[a-z]/.test(password)) problems.push({ zh: '需含小写字母', en: 'a lower-case letter' });
  if (!/[A-Z]/.test(password)) problems.push({ zh: '需含大写字母', en: 'an upper-case letter' });
  if (!/[0-9]/.test(password)) problems.push({ zh: '需含数字', en: 'a digit' });
  if (!hasSymbol(password)) problems.push({ zh: '需含符号', en: 'a symbol' });
  return problems;
}

/** A password someone chooses (an admin for a colleague, or a user replacing a temporary one). */
export const chosenPasswordSchema = z
  .string()
  .max(200)
  .superRefine((password, context) => {
    const problems = passwordProblems(password);
    if (problems.length > 0)
      context.addIssue({
        code: 'custom',
        message: `${problems.map((problem) => problem.zh).join('，')} / ${problems.map((problem) => problem.en).join(', ')}`,
      });
  });
