import { describe, expect, it } from 'vitest';
import type { Actor, Case } from '../../../shared/domain/case/model.ts';
import { maskAddress, maskName, toStaffView } from '../../../shared/domain/case/staff-view.ts';

/** What staff see of the petitioner by default: masked (DESIGN §6); revealing is a separate, audited request. */

const at = '2026-03-02T02:00:00.000Z';
const handler: Actor = { id: 'handler-water', role: 'handler', unitId: 'unit-water' };

function caseWith(petitioner: Case['petitioner']): Case {
  return {
    caseId: 'c1',
    trackingCode: 'HY-2222-2222',
    version: 3,
    status: 'assigned',
    channel: 'letter',
    jurisdictionCode: 'xikou',
    title: '灌溉渠堵塞',
    content: '灌溉渠堵塞两周。',
    petitioner,
    confidential: false,
    unitId: 'unit-water',
    deadlines: {},
    reopenCount: 0,
    createdAt: at,
    updatedAt: at,
  } as Case;
}

describe('masking the petitioner for staff', () => {
  it('keeps the first character of a name and stars the rest, at least one star', () => {
    expect(maskName('王小明', false)).toBe('王**');
    expect(maskName('王', false)).toBe('王*');
    expect(maskName('欧阳小明', false)).toBe('欧***');
  });

  it('shows 匿名 for an anonymous petitioner or one without a name', () => {
    expect(maskName('王小明', true)).toBe('匿名');
    expect(maskName(undefined, false)).toBe('匿名');
    expect(maskName('', false)).toBe('匿名');
  });

  it('keeps the first six characters of an address; a short one only its first', () => {
    expect(maskAddress('溪口镇老街12号陈家')).toBe('溪口镇老街1****');
    expect(maskAddress('溪口镇老街1')).toBe('溪****');
    expect(maskAddress('溪口镇老街12')).toBe('溪口镇老街1****');
  });

  it('masks phone, e-mail and address, and says how the petitioner hears back', () => {
    const view = toStaffView(
      caseWith({
        name: '王小明',
        phone: '13800138000',
        email: 'zhangsan@example.com',
        address: '溪口镇老街12号陈家',
        anonymous: false,
      }),
      [],
      handler,
    );

    expect(view.petitioner).toEqual({
      name: '王**',
      phone: '138****8000',
      email: 'z******n@example.com',
      address: '溪口镇老街1****',
      anonymous: false,
      masked: true,
      replyRoute: 'sms',
    });
  });

  it('leaves out what the petitioner did not give; a letter with only an address is answered by post', () => {
    const view = toStaffView(caseWith({ address: '溪口镇老街12号陈家', anonymous: true }), [], handler);

    expect(view.petitioner).toEqual({
      name: '匿名',
      phone: '',
      address: '溪口镇老街1****',
      anonymous: true,
      masked: true,
      replyRoute: 'post',
    });
  });

  it('offers the actions the actor may take and the timeline', () => {
    const view = toStaffView(
      caseWith({ name: '王小明', phone: '13800138000', anonymous: false }),
      [],
      handler,
    );

    expect(view.allowedActions).toContain('acknowledge');
    expect(view.timeline).toEqual([]);
    expect(view.title).toBe('灌溉渠堵塞');
  });
});
