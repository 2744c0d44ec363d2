import { HuiyinError, type LocalizedText } from '../../errors/index.ts';
import type { CaseStatus } from './model.ts';
import { statusName } from './wording.ts';

/** The command is not allowed in the case's current state (→ 409). */
export class IllegalTransitionError extends HuiyinError {
  override readonly name = 'IllegalTransitionError';
  readonly type = 'illegal-transition';
  readonly status = 409;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(command: string, from: CaseStatus) {
    super({
      zh: `当前状态（${statusName(from)}）下不能执行此操作`,
      en: `Cannot ${command} a case that is ${from}`,
    });
    this.details = { command, currentStatus: from };
  }
}

/** The actor's role may not issue this command, or the case belongs to another unit (→ 403). */
export class ForbiddenCommandError extends HuiyinError {
  override readonly name = 'ForbiddenCommandError';
  readonly type = 'forbidden';
  readonly status = 403;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(command: string, role: string, reason: 'role' | 'not-own-unit' = 'role') {
    super(
      reason === 'role'
        ? { zh: '您的角色无权执行此操作', en: `A ${role} may not ${command} a case` }
        : { zh: '此件不属于您所在的单位', en: 'This case belongs to another unit' },
    );
    this.details = { command, role, reason };
  }
}

/** The move is allowed in this state but a business rule refuses it (→ 422 unless stated). */
export class CommandRefusedError extends HuiyinError {
  override readonly name = 'CommandRefusedError';
  readonly type: string;
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(rule: string, title: LocalizedText, details: Record<string, unknown> = {}, status = 422) {
    super(title);
    this.type = rule;
    this.status = status;
    this.details = { rule, ...details };
  }
}

/** Another writer changed the case first (optimistic concurrency, → 409). */
export class CaseVersionConflictError extends HuiyinError {
  override readonly name = 'CaseVersionConflictError';
  readonly type = 'version-conflict';
  readonly status = 409;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    caseId: string,
    expectedVersion: number,
    current?: { version: number; updatedBy?: string; updatedAt?: string },
  ) {
    super({
      zh: current?.updatedBy
        ? `此件已被 ${current.updatedBy} 于 ${current.updatedAt} 修改，请刷新后再操作`
        : '此件已被他人修改，请刷新后再操作',
      en: current?.updatedBy
        ? `Changed by ${current.updatedBy} at ${current.updatedAt}; reload and try again`
        : 'The case was changed by someone else; reload and try again',
    });
    this.details = {
      caseId,
      expectedVersion,
      currentVersion: current?.version ?? null,
      ...(current?.updatedBy ? { changedBy: current.updatedBy, changedAt: current.updatedAt } : {}),
    };
  }
}

/** The generated tracking code already exists; the caller draws a new one (40 random bits make it rare). */
export class TrackingCodeTakenError extends Error {
  override readonly name = 'TrackingCodeTakenError';
}

/** A guard that reports instead of replaying found another case with the same text (not an HTTP error). */
export class SameTextRegisteredError extends Error {
  override readonly name = 'SameTextRegisteredError';
  constructor(
    /** The case that registered this text first. */
    readonly caseId: string,
  ) {
    super(`the same text was registered as ${caseId}`);
  }
}

/** The same Idempotency-Key was sent with a different request body (→ 422). */
export class IdempotencyKeyReusedError extends HuiyinError {
  override readonly name = 'IdempotencyKeyReusedError';
  readonly type = 'idempotency-key-reused';
  readonly status = 422;

  constructor() {
    super({
      zh: '同一个幂等键不能用于不同的提交内容',
      en: 'Idempotency-Key was already used with a different request',
    });
  }
}
