import type { StaffActor } from '../auth/claims.ts';
import type { WorkCalendar } from '../domain/calendar/index.ts';
import { addDays, type LocalDate, toShanghaiDate } from '../domain/calendar/shanghai-time.ts';
import { generateReceptionDays, monthOfDate, nextMonth } from '../domain/reception/generate.ts';
import type { ReceptionDay, Representative } from '../domain/reception/model.ts';
import type { Catalog, Studio } from '../domain/reference/model.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors/index.ts';
import { logger } from '../logging/logger.ts';
import type { QueuePublisher } from '../ports/queue-publisher.ts';
import type { ReceptionRosterStore } from '../ports/reception-store.ts';
import type { ReceptionReminderMessage } from '../schemas/messages.ts';

/**
 * Reception days (接待日): generation from each studio's rule, the duty roster, publication (公示), and the
 * daily `reception-roster` job. Who may touch a studio's days: its liaison officers, supervisors, admins.
 */

export interface ReceptionDeps {
  readonly store: ReceptionRosterStore;
  readonly catalog: () => Promise<Catalog>;
  readonly calendar: () => Promise<WorkCalendar>;
}

export const studioNotFound = () => new NotFoundError({ zh: '没有这个工作室', en: 'Studio not found' });
export const receptionDayNotFound = () =>
  new NotFoundError({ zh: '这一天不是该工作室的接待日', en: 'No reception day of this studio on that date' });

/** Liaison officers act for their own studio only; supervisors and admins for every studio. */
export function assertStudioAccess(actor: StaffActor, studioId: string): void {
  if (actor.role === 'supervisor' || actor.role === 'admin') return;
  if (actor.role === 'liaison' && actor.studioId === studioId) return;
  throw new ForbiddenError();
}

export async function studioOf(catalog: () => Promise<Catalog>, studioId: string): Promise<Studio> {
  const studio = (await catalog()).studios.find((candidate) => candidate.studioId === studioId);
  if (!studio) throw studioNotFound();
  return studio;
}

export interface GenerateResult {
  readonly studioId: string;
  readonly month: string;
  readonly created: number;
  readonly published: number;
  readonly days: readonly ReceptionDay[];
}

/**
 * Generates a studio's days of `month` (existing days are left alone: their roster may have been edited)
 * and, with `publish`, publishes every day of the month that was never published. A day someone
 * unpublished again (cancelled) keeps its `publishedAt` and stays unpublished.
 */
export async function generateMonth(
  deps: ReceptionDeps,
  studio: Studio,
  month: string,
  options: { readonly publish: boolean; readonly now: Date; readonly by: string },
): Promise<GenerateResult> {
  const calendar = await deps.calendar();
  const generated = generateReceptionDays(studio, month, calendar, { now: options.now });
  let created = 0;
  for (const day of generated) if (await deps.store.createIfAbsent(day)) created++;
  // A day moved across the month boundary lives in the month it landed in.
  const months = [...new Set([month, ...generated.map((day) => monthOfDate(day.date))])];
  let published = 0;
  if (options.publish) {
    const at = options.now.toISOString();
    const stored = await Promise.all(months.map((m) => deps.store.byStudioAndMonth(studio.studioId, m)));
    const belongs = (day: ReceptionDay) =>
      monthOfDate(day.date) === month || generated.some((candidate) => candidate.date === day.date);
    for (const existing of stored.flat()) {
      if (existing.published || existing.publishedAt || !belongs(existing)) continue;
      const next = { ...existing, published: true, publishedAt: at, updatedAt: at, updatedBy: options.by };
      if (await deps.store.replace(next, existing.updatedAt)) published++;
    }
  }
  const days = (await deps.store.byStudioAndMonth(studio.studioId, month)).sort((a, b) =>
    a.date.localeCompare(b.date),
  );
  return { studioId: studio.studioId, month, created, published, days };
}

export interface DayUpdate {
  /** `updatedAt` of the day as the caller read it; absent when creating an extra reception day. */
  readonly expectedUpdatedAt?: string;
  readonly representativeIds?: readonly string[];
  readonly published?: boolean;
  readonly note?: string | null;
  readonly hours?: string | null;
}

/** The duty roster as the studio's reference data names them (ids must be the studio's representatives). */
export function rosterOf(studio: Studio, representativeIds: readonly string[]): Representative[] {
  const unknown = representativeIds.filter(
    (id) => !(studio.representatives ?? []).some((representative) => representative.representativeId === id),
  );
  if (unknown.length > 0)
    throw new ValidationError([
      {
        field: 'representativeIds',
        message: `不是本工作室的党代表 / not this studio's representatives: ${unknown.join(', ')}`,
      },
    ]);
  return representativeIds.map((id) => {
    const { representativeId, name, title } = (studio.representatives ?? []).find(
      (representative) => representative.representativeId === id,
    )!;
    return { representativeId, name, title };
  });
}

/**
 * Edits one day's roster, note, hours or publication; a day that does not exist yet is created (an extra
 * reception day). Optimistic: a day changed by someone else since it was read is a 409.
 */
export async function updateReceptionDay(
  deps: ReceptionDeps,
  actor: StaffActor,
  studioId: string,
  date: LocalDate,
  update: DayUpdate,
  now: Date,
): Promise<ReceptionDay> {
  assertStudioAccess(actor, studioId);
  const studio = await studioOf(deps.catalog, studioId);
  const existing = await deps.store.get(studioId, date);
  const at = now.toISOString();
  const base: ReceptionDay = existing ?? {
    studioId,
    date,
    representatives: [],
    published: false,
    hours: studio.receptionRule?.hours ?? '09:00-11:30',
  };
  const next: ReceptionDay = {
    ...base,
    ...(update.representativeIds ? { representatives: rosterOf(studio, update.representativeIds) } : {}),
    ...(update.published !== undefined
      ? {
          published: update.published,
          ...(update.published && !base.publishedAt ? { publishedAt: at } : {}),
        }
      : {}),
    updatedAt: at,
    updatedBy: actor.id,
  };
  if (update.note === null) delete (next as { note?: string }).note;
  else if (update.note !== undefined) (next as { note?: string }).note = update.note;
  if (update.hours === null) delete (next as { hours?: string }).hours;
  else if (update.hours !== undefined) (next as { hours?: string }).hours = update.hours;

  const written = existing
    ? await deps.store.replace(next, update.expectedUpdatedAt ?? existing.updatedAt)
    : await deps.store.createIfAbsent(next);
  if (!written) {
    throw new ConflictError(
      { zh: '接待日已被他人修改，请刷新后重试', en: 'The reception day changed meanwhile; reload and retry' },
      { studioId, date },
    );
  }
  return next;
}

export interface PublishResult {
  readonly months: readonly string[];
  readonly generated: number;
  readonly published: number;
}

/**
 * 公示 of the current and the next month for every studio, from each studio's rule: generates the days that
 * do not exist yet and publishes those never published. Idempotent (existing days and withdrawn days are left
 * alone), so the local runtime runs it on every start and the daily job runs it again.
 */
export async function publishUpcomingReceptionDays(deps: ReceptionDeps, now: Date): Promise<PublishResult> {
  const month = monthOfDate(toShanghaiDate(now));
  const months = [month, nextMonth(month)];
  const catalog = await deps.catalog();
  let generated = 0;
  let published = 0;
  for (const studio of catalog.studios) {
    for (const target of months) {
      const result = await generateMonth(deps, studio, target, { publish: true, now, by: 'system' });
      generated += result.created;
      published += result.published;
    }
  }
  return { months, generated, published };
}

export interface RosterJobResult {
  readonly generated: number;
  readonly published: number;
  readonly reminders: number;
}

/**
 * The `reception-roster` schedule, once a day: keeps this month's and next month's reception days generated
 * and published, and asks the notifier to remind tomorrow's representatives on duty and the studio's liaison
 * officers (one queue message per studio and day; the notifier's ledger makes each reminder go out once
 * however often this runs).
 */
export async function runReceptionRoster(
  deps: ReceptionDeps & { readonly publisher: QueuePublisher },
  now: Date,
): Promise<RosterJobResult> {
  const today = toShanghaiDate(now);
  const { generated, published } = await publishUpcomingReceptionDays(deps, now);
  const catalog = await deps.catalog();
  const tomorrow = addDays(today, 1);
  const reminders: { id: string; body: ReceptionReminderMessage }[] = [];
  for (const studio of catalog.studios) {
    const day = await deps.store.get(studio.studioId, tomorrow);
    if (!day?.published) continue;
    reminders.push({
      id: `reception:${studio.studioId}:${tomorrow}:remind`,
      body: { kind: 'remind-reception', studioId: studio.studioId, date: tomorrow },
    });
  }
  if (reminders.length > 0) await deps.publisher.send('notifications', reminders);
  logger.info('reception roster', { generated, published, reminders: reminders.length });
  return { generated, published, reminders: reminders.length };
}
