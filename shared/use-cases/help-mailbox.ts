import type { StaffActor } from '../auth/claims.ts';
import type { WorkCalendar } from '../domain/calendar/index.ts';
import { startOfShanghaiDay, toShanghaiDate } from '../domain/calendar/shanghai-time.ts';
import { mayOpenHelpMailbox, maySeeHelpMailboxCounts } from '../domain/help-mailbox/access.ts';
import {
  type HelpLetter,
  type LetterForWriter,
  letterCodeForKey,
  letterIdOf,
  MAX_READ_FAILURES,
  newLetterCode,
  normalizeLetterCode,
  REPLY_WORKING_DAYS,
  toWriterView,
  type WriteLetterRequest,
} from '../domain/help-mailbox/model.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { hashPassword, verifyPassword } from '../domain/users/password.ts';
import { ConflictError, ForbiddenError, HuiyinError, NotFoundError } from '../errors/index.ts';
import type { HelpMailboxStore, ReadFailureCounter } from '../ports/help-mailbox-store.ts';

/**
 * The confidential help mailbox (心理帮助信箱): writing and reading back (public, anonymous), and the
 * designated officers' side (list, open, reply). Every staff path checks `mayOpenHelpMailbox` first; nothing
 * else in the system can reach a letter (it is not a case). Nothing here logs: a log line about a letter
 * would carry a time and a request id that could be matched to a connection.
 */

export interface HelpMailboxDeps {
  readonly store: HelpMailboxStore;
  readonly failures: ReadFailureCounter;
  readonly calendar: () => Promise<WorkCalendar>;
}

/** One answer for "no such code" and "wrong passphrase", so codes cannot be probed. */
export const letterNotFound = () =>
  new NotFoundError({
    zh: '信件编号或口令不正确',
    en: 'The letter code or the passphrase is not right',
  });

export class LetterLockedError extends HuiyinError {
  override readonly name = 'LetterLockedError';
  readonly type = 'letter-locked';
  readonly status = 429;

  constructor() {
    super({
      zh: '尝试次数过多，该信件编号已暂停查询，请 24 小时后再试',
      en: 'Too many attempts: this letter code is locked for reading; try again in 24 hours',
    });
  }
}

export interface WrittenLetter {
  readonly code: string;
  readonly receivedOn: string;
  readonly replyBy: string;
  readonly replayed: boolean;
}

async function replyDay(calendar: WorkCalendar, receivedOn: string): Promise<string> {
  const due = calendar.addWorkingDays(startOfShanghaiDay(receivedOn as never), REPLY_WORKING_DAYS);
  return toShanghaiDate(new Date(due.at));
}

export async function writeLetter(
  deps: HelpMailboxDeps,
  request: WriteLetterRequest,
  options: { readonly now: Date; readonly idempotencyKey?: string },
): Promise<WrittenLetter> {
  const code = options.idempotencyKey ? letterCodeForKey(options.idempotencyKey) : newLetterCode();
  const letterId = letterIdOf(code);
  const receivedOn = toShanghaiDate(options.now);
  const letter: HelpLetter = {
    letterId,
    receivedOn,
    replyBy: await replyDay(await deps.calendar(), receivedOn),
    ...(request.subject ? { subject: request.subject } : {}),
    content: request.content,
    passphraseHash: await hashPassword(request.passphrase),
    status: 'received',
  };
  if (await deps.store.create(letter)) return { code, receivedOn, replyBy: letter.replyBy, replayed: false };
  // Only a retry with the same key lands here (a random code colliding with 80 bits is not a real case).
  const existing = await deps.store.get(letterId);
  const same =
    existing !== null &&
    existing.content === request.content &&
    existing.subject === request.subject &&
    (await verifyPassword(request.passphrase, existing.passphraseHash));
  if (!existing || !same)
    throw new ConflictError({
      zh: '这个 Idempotency-Key 已用于另一封信',
      en: 'This Idempotency-Key was used for another letter',
    });
  return { code, receivedOn: existing.receivedOn, replyBy: existing.replyBy, replayed: true };
}

let dummyHash: Promise<string> | undefined;

/**
 * The writer reads their letter and the reply with code + passphrase. Unknown codes cost the same slow hash
 * as known ones and answer the same 404; after `MAX_READ_FAILURES` failures in 24 hours a code (known or
 * not) is locked for reading, so neither the passphrase nor the code space can be searched.
 */
export async function readLetter(
  deps: Pick<HelpMailboxDeps, 'store' | 'failures'>,
  input: { readonly code: string; readonly passphrase: string },
  now: Date,
): Promise<LetterForWriter> {
  const code = normalizeLetterCode(input.code);
  const key = letterIdOf(code ?? `invalid:${input.code}`);
  if ((await deps.failures.failures(key, now)) >= MAX_READ_FAILURES) throw new LetterLockedError();
  const letter = code ? await deps.store.get(key) : null;
  dummyHash ??= hashPassword('never-a-passphrase');
  const matches = await verifyPassword(input.passphrase, letter?.passphraseHash ?? (await dummyHash));
  if (!letter || !matches) {
    await deps.failures.recordFailure(key, now);
    throw letterNotFound();
  }
  return toWriterView(letter);
}

// ---- The designated officers ----------------------------------------------------------------------------

export interface LetterSummary {
  readonly letterId: string;
  readonly receivedOn: string;
  readonly replyBy: string;
  readonly subject?: string;
  readonly status: HelpLetter['status'];
  readonly overdue: boolean;
}

export interface StaffHelpMailboxDeps {
  readonly store: HelpMailboxStore;
  readonly catalog: () => Promise<Catalog>;
}

async function assertDesignated(deps: StaffHelpMailboxDeps, actor: StaffActor): Promise<void> {
  if (!mayOpenHelpMailbox(actor, await deps.catalog())) throw new ForbiddenError();
}

export async function listLetters(
  deps: StaffHelpMailboxDeps,
  actor: StaffActor,
  now: Date,
): Promise<LetterSummary[]> {
  await assertDesignated(deps, actor);
  const today = toShanghaiDate(now);
  return (await deps.store.list())
    .map((letter) => ({
      letterId: letter.letterId,
      receivedOn: letter.receivedOn,
      replyBy: letter.replyBy,
      ...(letter.subject ? { subject: letter.subject } : {}),
      status: letter.status,
      overdue: letter.status === 'received' && letter.replyBy < today,
    }))
    .sort(
      (a, b) =>
        Number(b.status === 'received') - Number(a.status === 'received') ||
        a.replyBy.localeCompare(b.replyBy) ||
        a.letterId.localeCompare(b.letterId),
    );
}

export type LetterForStaff = Omit<HelpLetter, 'passphraseHash'> & {
  readonly reads: readonly { actorId: string; at: string }[];
};

/** Opens one letter; every opening is recorded (who, when) under the letter. */
export async function openLetter(
  deps: StaffHelpMailboxDeps,
  actor: StaffActor,
  letterId: string,
  now: Date,
): Promise<LetterForStaff> {
  await assertDesignated(deps, actor);
  const letter = await deps.store.get(letterId);
  if (!letter) throw new NotFoundError({ zh: '没有这封信', en: 'No such letter' });
  await deps.store.recordRead(letterId, { actorId: actor.id, at: now.toISOString() });
  const { passphraseHash: _hash, ...rest } = letter;
  return { ...rest, reads: await deps.store.reads(letterId) };
}

export async function replyToLetter(
  deps: StaffHelpMailboxDeps,
  actor: StaffActor,
  letterId: string,
  text: string,
  now: Date,
): Promise<LetterSummary> {
  await assertDesignated(deps, actor);
  const letter = await deps.store.get(letterId);
  if (!letter) throw new NotFoundError({ zh: '没有这封信', en: 'No such letter' });
  const reply = { text, repliedOn: toShanghaiDate(now), by: actor.id };
  if (!(await deps.store.reply(letterId, reply)))
    throw new ConflictError({ zh: '这封信已经回复过', en: 'This letter has already been answered' });
  return {
    letterId,
    receivedOn: letter.receivedOn,
    replyBy: letter.replyBy,
    ...(letter.subject ? { subject: letter.subject } : {}),
    status: 'replied',
    overdue: false,
  };
}

export interface HelpMailboxCounts {
  readonly month: string;
  readonly received: number;
  readonly replied: number;
  readonly open: number;
  readonly overdue: number;
}

/** The county report's view: numbers only, never a letter, a subject or an id. */
export async function helpMailboxCounts(
  deps: StaffHelpMailboxDeps,
  actor: StaffActor,
  month: string,
  now: Date,
): Promise<HelpMailboxCounts> {
  if (!maySeeHelpMailboxCounts(actor, await deps.catalog())) throw new ForbiddenError();
  const today = toShanghaiDate(now);
  const letters = await deps.store.list();
  const inMonth = letters.filter((letter) => letter.receivedOn.startsWith(month));
  return {
    month,
    received: inMonth.length,
    replied: inMonth.filter((letter) => letter.status === 'replied').length,
    open: letters.filter((letter) => letter.status === 'received').length,
    overdue: letters.filter((letter) => letter.status === 'received' && letter.replyBy < today).length,
  };
}
