import { describe, expect, it } from 'vitest';
import {
  CaseVersionConflictError,
  CommandRefusedError,
  ForbiddenCommandError,
  IdempotencyKeyReusedError,
  IllegalTransitionError,
  SameTextRegisteredError,
  TrackingCodeTakenError,
} from '../../../shared/domain/case/errors.ts';
import { statusName } from '../../../shared/domain/case/wording.ts';

/** The case errors as clients receive them: type, HTTP status, both titles and the details. */

describe('case errors', () => {
  it('an illegal transition names the state in Chinese and the command in English (409)', () => {
    const error = new IllegalTransitionError('reply', 'closed');

    expect(error).toMatchObject({ name: 'IllegalTransitionError', type: 'illegal-transition', status: 409 });
    expect(error.title).toEqual({
      zh: `当前状态（${statusName('closed')}）下不能执行此操作`,
      en: 'Cannot reply a case that is closed',
    });
    expect(error.message).toBe('Cannot reply a case that is closed');
    expect(error.details).toEqual({ command: 'reply', currentStatus: 'closed' });
  });

  it('a forbidden command says whether the role or the unit is wrong (403)', () => {
    const role = new ForbiddenCommandError('archive', 'handler');
    const unit = new ForbiddenCommandError('reply', 'handler', 'not-own-unit');

    expect(role).toMatchObject({ name: 'ForbiddenCommandError', type: 'forbidden', status: 403 });
    expect(role.title).toEqual({ zh: '您的角色无权执行此操作', en: 'A handler may not archive a case' });
    expect(role.details).toEqual({ command: 'archive', role: 'handler', reason: 'role' });
    expect(unit.title).toEqual({ zh: '此件不属于您所在的单位', en: 'This case belongs to another unit' });
    expect(unit.details).toEqual({ command: 'reply', role: 'handler', reason: 'not-own-unit' });
  });

  it('a refused command carries its rule as type and detail, 422 unless told', () => {
    const title = { zh: '请填写内容', en: 'reason is required' };
    const plain = new CommandRefusedError('text-required', title);
    const gone = new CommandRefusedError('survey-expired', title, { field: 'x' }, 410);

    expect(plain).toMatchObject({ name: 'CommandRefusedError', type: 'text-required', status: 422, title });
    expect(plain.details).toEqual({ rule: 'text-required' });
    expect(gone).toMatchObject({ type: 'survey-expired', status: 410 });
    expect(gone.details).toEqual({ rule: 'survey-expired', field: 'x' });
  });

  it('a version conflict names who changed the case and when, if known (409)', () => {
    const known = new CaseVersionConflictError('c1', 3, {
      version: 4,
      updatedBy: '张三',
      updatedAt: '2026-03-02 10:00',
    });
    const unknown = new CaseVersionConflictError('c1', 3);
    const anonymous = new CaseVersionConflictError('c1', 3, { version: 5 });

    expect(known).toMatchObject({ name: 'CaseVersionConflictError', type: 'version-conflict', status: 409 });
    expect(known.title).toEqual({
      zh: '此件已被 张三 于 2026-03-02 10:00 修改，请刷新后再操作',
      en: 'Changed by 张三 at 2026-03-02 10:00; reload and try again',
    });
    expect(known.details).toEqual({
      caseId: 'c1',
      expectedVersion: 3,
      currentVersion: 4,
      changedBy: '张三',
      changedAt: '2026-03-02 10:00',
    });
    expect(unknown.title).toEqual({
      zh: '此件已被他人修改，请刷新后再操作',
      en: 'The case was changed by someone else; reload and try again',
    });
    expect(unknown.details).toEqual({ caseId: 'c1', expectedVersion: 3, currentVersion: null });
    expect(anonymous.details).toEqual({ caseId: 'c1', expectedVersion: 3, currentVersion: 5 });
    expect(anonymous.title.en).toBe('The case was changed by someone else; reload and try again');
  });

  it('the internal errors are named, and a reused idempotency key is 422', () => {
    const reused = new IdempotencyKeyReusedError();

    expect(new TrackingCodeTakenError().name).toBe('TrackingCodeTakenError');
    const same = new SameTextRegisteredError('c0');
    expect(same).toMatchObject({ name: 'SameTextRegisteredError', caseId: 'c0' });
    expect(same.message).toBe('the same text was registered as c0');
    expect(reused).toMatchObject({
      name: 'IdempotencyKeyReusedError',
      type: 'idempotency-key-reused',
      status: 422,
    });
    expect(reused.title).toEqual({
      zh: '同一个幂等键不能用于不同的提交内容',
      en: 'Idempotency-Key was already used with a different request',
    });
  });
});
