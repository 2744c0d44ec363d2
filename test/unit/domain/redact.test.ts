import { describe, expect, it } from 'vitest';
import { REDACTED, redactingReplacer, redactString } from '../../../shared/logging/redact.ts';

describe('log redaction', () => {
  it('removes personal-data fields wherever they are nested', () => {
    const line = JSON.stringify(
      {
        caseId: 'C1',
        petitioner: { name: '张三', phone: '13812345678' },
        nested: { content: '我家门口的路灯坏了', title: 't' },
      },
      redactingReplacer,
    );

    expect(JSON.parse(line)).toEqual({
      caseId: 'C1',
      petitioner: REDACTED,
      nested: { content: REDACTED, title: REDACTED },
    });
  });

  it('masks phone and ID numbers that hide inside free text such as error messages', () => {
    expect(redactString('call 13812345678 or 0571-88886666, id 33010219900101123X')).toBe(
      'call [phone] or [phone], id [id-number]',
    );
  });

  it('keeps error class names, which live under `name`', () => {
    expect(JSON.parse(JSON.stringify({ error: { name: 'ValidationError' } }, redactingReplacer))).toEqual({
      error: { name: 'ValidationError' },
    });
  });
});
