import { randomInt } from 'node:crypto';
import { passwordProblems } from './password-policy.ts';

/**
 * Temporary passwords an admin hands to a new or locked-out colleague: 16 symbols from an alphabet without
 * look-alikes (no 0/O, 1/l/I), about 95 bits, shown once and never stored in clear. Drawn again until it meets
 * the password policy (every class present), since Cognito refuses a temporary password that does not.
 */
const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789#%+=?@!';

export function temporaryPassword(length = 16): string {
  for (;;) {
    let password = '';
    for (let index = 0; index < length; index++) password += alphabet[randomInt(alphabet.length)];
    if (passwordProblems(password).length === 0) return password;
  }
}
