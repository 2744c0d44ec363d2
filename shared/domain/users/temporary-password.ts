import { randomInt } from 'node:crypto';

/**
 * Temporary passwords an admin hands to a new or locked-out colleague: 14 symbols from an alphabet without
 * look-alikes (no 0/O, 1/l/I), about 80 bits, shown once and never stored in clear.
 */
const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function temporaryPassword(length = 14): string {
  let password = '';
  for (let index = 0; index < length; index++) password += alphabet[randomInt(alphabet.length)];
  return password;
}
