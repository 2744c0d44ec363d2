/**
 * Typed errors. Every error the product raises on purpose is a `HuiyinError` with a stable `type` (the
 * problem+json `type` URI suffix), an HTTP status, and a bilingual title; the HTTP layer maps them without
 * knowing each class. Anything else is a bug and becomes a 500 with no details.
 */

export interface FieldError {
  /** Dotted path of the offending field, e.g. `petitioner.phone`. */
  readonly field: string;
  readonly message: string;
}

export interface LocalizedText {
  readonly zh: string;
  readonly en: string;
}

/** Subclasses spell out their `name`: minified bundles rename classes, and logs must say which error it was. */
export abstract class HuiyinError extends Error {
  abstract readonly type: string;
  abstract readonly status: number;
  readonly title: LocalizedText;

  constructor(title: LocalizedText, options?: { cause?: unknown }) {
    super(title.en, options);
    this.title = title;
  }
}

export class ValidationError extends HuiyinError {
  override readonly name = 'ValidationError';
  readonly type = 'validation-error';
  readonly status = 400;
  readonly errors: readonly FieldError[];

  constructor(
    errors: readonly FieldError[],
    title: LocalizedText = { zh: '提交的内容有误', en: 'Invalid request' },
  ) {
    super(title);
    this.errors = errors;
  }
}

/**
 * The request is well formed but names something that does not exist, or that the caller may not see or use
 * (a unit not in the catalog, a case in another unit): 422 with the field that points nowhere.
 */
export class InvalidReferenceError extends HuiyinError {
  override readonly name = 'InvalidReferenceError';
  readonly type = 'invalid-reference';
  readonly status = 422;
  readonly errors: readonly FieldError[];

  constructor(errors: readonly FieldError[]) {
    super({
      zh: '引用的单位或诉求不存在或无权使用',
      en: 'A referenced unit or case does not exist or is not yours to use',
    });
    this.errors = errors;
  }
}

export class NotFoundError extends HuiyinError {
  override readonly name = 'NotFoundError';
  readonly type = 'not-found';
  readonly status = 404;

  constructor(title: LocalizedText = { zh: '未找到', en: 'Not found' }) {
    super(title);
  }
}

const unlockCodeProblems = {
  unlockCodeWrong:
    '解锁码不正确，请核对短信或邮件中的 6 位数字 / The unlock code is wrong; check the 6 digits in the SMS or e-mail',
  unlockCodeSpent:
    '解锁码输错次数过多，已不能再用解锁码；暂停会在 24 小时后自动解除 / Too many wrong unlock codes; the pause lifts itself after 24 hours',
} as const;

/**
 * Tracking a case is paused after too many wrong phone digits (423: the resource is locked). With a wrong or
 * used-up unlock code it names that field, so the page can say so next to it.
 */
export class TrackingLockedError extends HuiyinError {
  override readonly name = 'TrackingLockedError';
  readonly type = 'tracking-locked';
  readonly status = 423;
  readonly errors?: readonly FieldError[];

  constructor(unlockCode?: keyof typeof unlockCodeProblems) {
    super({
      zh: '查询错误次数过多，此跟踪码已暂停查询 24 小时。如您登记了手机或邮箱，解锁码已发送给您',
      en: 'Too many wrong attempts: tracking this code is paused for 24 hours; an unlock code was sent to the petitioner',
    });
    if (unlockCode) this.errors = [{ field: 'unlockCode', message: unlockCodeProblems[unlockCode] }];
  }
}

export class PayloadTooLargeError extends HuiyinError {
  override readonly name = 'PayloadTooLargeError';
  readonly type = 'payload-too-large';
  readonly status = 413;

  constructor(limitBytes: number) {
    super({ zh: `提交内容过大（上限 ${limitBytes} 字节）`, en: `Request body exceeds ${limitBytes} bytes` });
  }
}

export class UnsupportedMediaTypeError extends HuiyinError {
  override readonly name = 'UnsupportedMediaTypeError';
  readonly type = 'unsupported-media-type';
  readonly status = 415;

  constructor(expected: string) {
    super({ zh: `请以 ${expected} 格式提交`, en: `Content-Type must be ${expected}` });
  }
}

/** Optimistic concurrency: somebody else changed the case since the caller read it. */
export class ConflictError extends HuiyinError {
  override readonly name = 'ConflictError';
  readonly type = 'conflict';
  readonly status = 409;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(title: LocalizedText, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(title, options);
    this.details = details;
  }
}

/** A dependency (DynamoDB, SQS) is down or too slow: the caller may retry later. */
export class DependencyUnavailableError extends HuiyinError {
  override readonly name = 'DependencyUnavailableError';
  readonly type = 'dependency-unavailable';
  readonly status = 503;

  constructor(dependency: string, options?: { cause?: unknown }) {
    super({ zh: '系统暂时繁忙，请稍后再试', en: `Service temporarily unavailable (${dependency})` }, options);
  }
}

/** No valid staff identity (→ 401). */
export class UnauthorizedError extends HuiyinError {
  override readonly name = 'UnauthorizedError';
  readonly type = 'unauthorized';
  readonly status = 401;

  constructor() {
    super({ zh: '请先登录', en: 'Authentication required' });
  }
}

/** The role may not use this route (→ 403). */
export class ForbiddenError extends HuiyinError {
  override readonly name = 'ForbiddenError';
  readonly type = 'forbidden';
  readonly status = 403;

  constructor() {
    super({ zh: '您的角色无权访问', en: 'Your role may not use this' });
  }
}

/** Configuration missing or invalid at cold start; never reaches a client as such. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}
