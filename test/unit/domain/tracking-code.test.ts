import { describe, expect, it } from 'vitest';
import {
  newTrackingCode,
  normalizeTrackingCode,
  trackingAlphabet,
  trackingCodePattern,
} from '../../../shared/domain/case/tracking-code.ts';

describe('tracking codes', () => {
  it('use 32 unambiguous symbols (no 0, O, 1 or I), so 8 symbols carry 40 random bits', () => {
    expect(new Set(trackingAlphabet).size).toBe(32);
    expect(trackingAlphabet).not.toMatch(/[01OI]/);
  });

  it('look like HY-7K3Q-9MXD', () => {
    for (let i = 0; i < 200; i++) expect(newTrackingCode()).toMatch(trackingCodePattern);
  });

  it('accept what people type: lower case, spaces, no dashes, no prefix', () => {
    expect(normalizeTrackingCode('hy-7k3q-9mxd')).toBe('HY-7K3Q-9MXD');
    expect(normalizeTrackingCode(' 7K3Q 9MXD ')).toBe('HY-7K3Q-9MXD');
    expect(normalizeTrackingCode('HY7K3Q9MXD')).toBe('HY-7K3Q-9MXD');
  });

  it('refuse codes with look-alike symbols or the wrong length', () => {
    expect(normalizeTrackingCode('HY-0K3Q-9MXD')).toBeNull();
    expect(normalizeTrackingCode('HY-7K3Q-9MX')).toBeNull();
    expect(normalizeTrackingCode('')).toBeNull();
  });
});

describe('the tracking code pattern', () => {
  it('matches a whole code only, not a code inside longer text', () => {
    expect(trackingCodePattern.test('HY-7K3Q-9MXD')).toBe(true);
    expect(trackingCodePattern.test('XHY-7K3Q-9MXD')).toBe(false);
    expect(trackingCodePattern.test('HY-7K3Q-9MXDZ')).toBe(false);
  });

  it('refuses typed codes one symbol too long, with or without the prefix', () => {
    expect(normalizeTrackingCode('HY-7K3Q-9MXDZ')).toBeNull();
    expect(normalizeTrackingCode('Z7K3Q9MXD')).toBeNull();
  });
});
