import { describe, expect, it } from 'vitest';
import { lastFourDigits, maskPhone, normalizePhone } from '../../../shared/schemas/phone.ts';

describe('mainland phone numbers', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['+86 138-1234-5678', '13812345678'],
    ['0571-88886666', '0571-88886666'],
    ['057188886666', '0571-88886666'],
    ['010-12345678', '010-12345678'],
  ])('normalises %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each(['12345', '23812345678', '1381234567', '0571-123', 'abc', ''])('refuses %s', (input) => {
    expect(normalizePhone(input)).toBeNull();
  });

  it('masks mobiles as 138****5678 and landlines down to their last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0571-88886666')).toBe('0571-****6666');
  });

  it('compares tracking look-ups by the last four digits', () => {
    expect(lastFourDigits('0571-88886666')).toBe('6666');
  });
});
