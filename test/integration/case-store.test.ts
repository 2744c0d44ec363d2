import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { provisionTables } from '../../infra/local/provision.ts';
import { toEventItem } from '../../shared/adapters/dynamo/case-items.ts';
import { DynamoCalendarStore } from '../../shared/adapters/dynamo/dynamo-calendar-store.ts';
import { DynamoCaseStore } from '../../shared/adapters/dynamo/dynamo-case-store.ts';
import { DynamoReceptionStore } from '../../shared/adapters/dynamo/dynamo-reception-store.ts';
import { duePartition, eventKey } from '../../shared/adapters/dynamo/keys.ts';
import { createWorkCalendar } from '../../shared/domain/calendar/index.ts';
import { CaseVersionConflictError } from '../../shared/domain/case/errors.ts';
import { type Decision, type DecisionContext, decide, register } from '../../shared/domain/case/lifecycle.ts';
import { type Case, publicActor, systemActor } from '../../shared/domain/case/model.ts';
import { newTrackingCode } from '../../shared/domain/case/tracking-code.ts';
import { statutoryPolicy } from '../../shared/domain/policy/sla-policy.ts';
import type { Unit } from '../../shared/domain/reference/model.ts';
import { ValidationError } from '../../shared/errors/index.ts';
import type { CaseSummary } from '../../shared/ports/case-store.ts';
import { demoCounty } from '../../shared/seed/demo-county.ts';
import { enterOfficialSchedule } from '../../shared/use-cases/enter-official-schedule.ts';

const calendar = createWorkCalendar({ overrides: [] });
const unitNamed = (unitId: string): Unit => ({
  unitId,
  nameZh: unitId,
  nameEn: unitId,
  kind: 'department',
  delivery: 'console',
});
const handlerOf = (unitId: string) => ({ id: `handler-${unitId}`, role: 'handler' as const, unitId });
let client: DynamoDBDocumentClient;
let store: DynamoCaseStore;
let tableName: string;

beforeAll(async () => {
  const dynamodb = new DynamoDBClient({
    endpoint: inject('dynamodbEndpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const tables = await provisionTables(dynamodb, `s${randomBytes(4).toString('hex')}-`);
  client = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  tableName = tables.main;
  store = new DynamoCaseStore({
    client,
    tableName: tables.main,
    idempotencyTableName: tables.idempotency,
    cursorSecret: 'test-secret-0123456789',
  });
});

afterAll(() => client?.destroy());

const context = (now: Date, actor: DecisionContext['actor'] = systemActor): DecisionContext => ({
  actor,
  now,
  calendar,
  policy: statutoryPolicy,
});

async function registered(now = new Date('2026-03-02T02:00:00Z'), title = '测试'): Promise<Case> {
  const decision = register(
    {
      caseId: ulid(),
      trackingCode: newTrackingCode(),
      channel: 'web',
      categoryCode: 'transport',
      jurisdictionCode: 'chengguan',
      title,
      content: '测试内容',
      petitioner: { phone: '13812345678', anonymous: false },
      confidential: false,
    },
    { actor: publicActor, now },
  );
  await store.create(decision, []);
  return decision.case;
}

async function assigned(unitId: string, now: Date, title?: string): Promise<Case> {
  const created = await registered(now, title);
  const decision = decide(created, { type: 'assign', unitId }, context(now));
  await store.commit(decision);
  return decision.case;
}

/**
 * The order an inbox lists assigned cases in: acknowledge deadline, then case id. Cases registered on days
 * that share a deadline (a Friday and the Sunday after it) tie on the deadline, and their ids decide.
 */
function inboxOrder(list: readonly Case[]): string[] {
  const key = (item: Case) => `${item.deadlines.acknowledgeBy!.at}#${item.caseId}`;
  return [...list].sort((a, b) => key(a).localeCompare(key(b))).map((item) => item.caseId);
}

describe('optimistic concurrency', () => {
  it('lets exactly one of two concurrent writers win; the loser learns who changed it', async () => {
    const current = await assigned('unit-race', new Date('2026-03-02T02:00:00Z'));
    const now = new Date('2026-03-02T03:00:00Z');
    const acknowledge = decide(current, { type: 'acknowledge' }, context(now, handlerOf('unit-race')));
    const note = decide(
      current,
      { type: 'note', text: '先记一笔' },
      context(now, { id: 'supervisor', role: 'supervisor' }),
    );

    const outcomes = await Promise.allSettled([store.commit(acknowledge), store.commit(note)]);

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const [lost] = outcomes.filter(
      (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
    );
    const conflict = lost?.reason as CaseVersionConflictError;
    expect(conflict).toBeInstanceOf(CaseVersionConflictError);
    expect(conflict.details).toMatchObject({
      expectedVersion: 2,
      currentVersion: 3,
    });
    expect((await store.get(current.caseId))?.version).toBe(3);
    expect(await store.timeline(current.caseId)).toHaveLength(3);
  });

  it('writes nothing of a change whose version is already taken', async () => {
    const current = await registered();
    const decision = decide(
      current,
      { type: 'assign', unitId: 'unit-atomic' },
      context(new Date('2026-03-02T03:00:00Z')),
    );
    // An item already sits where this change's event must go: the event put fails, so the case put must not land.
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...eventKey(current.caseId, 2), entity: 'event', stray: true },
      }),
    );

    await expect(store.commit(decision)).rejects.toBeInstanceOf(CaseVersionConflictError);

    const stored = await store.get(current.caseId);
    expect(stored?.version).toBe(1);
    expect(stored?.status).toBe('registered');
  });
});

describe('a change interrupted between its event and its case', () => {
  // What a writer that stops after its first write (the event, which claims the version) leaves behind.
  async function interrupted(): Promise<{ before: Case; decision: Decision }> {
    const before = await assigned('unit-stopped', new Date('2026-03-02T02:00:00Z'));
    const decision = decide(
      before,
      { type: 'acknowledge' },
      context(new Date('2026-03-02T03:00:00Z'), handlerOf('unit-stopped')),
    );
    await client.send(
      new PutCommand({ TableName: tableName, Item: toEventItem(decision.event, decision.case) }),
    );
    expect((await store.get(before.caseId))?.version).toBe(before.version);
    return { before, decision };
  }

  it('is completed from its event, exactly as decided, and completing twice changes nothing', async () => {
    const { before, decision } = await interrupted();

    await store.completeChange(before.caseId, decision.case.version);
    await store.completeChange(before.caseId, decision.case.version);

    expect(await store.get(before.caseId)).toEqual(JSON.parse(JSON.stringify(decision.case)));
    expect(await store.timeline(before.caseId)).toHaveLength(3);
    // The acknowledged case left the assigned inbox for the acknowledged one.
    const acknowledged = await store.inbox('unit-stopped', 'acknowledged', { limit: 50 });
    expect(acknowledged.items.map((item) => item.caseId)).toContain(before.caseId);
    const waiting = await store.inbox('unit-stopped', 'assigned', { limit: 50 });
    expect(waiting.items.map((item) => item.caseId)).not.toContain(before.caseId);
  });

  it('is completed by the next writer, who gets a conflict and succeeds on the completed case', async () => {
    const { before, decision } = await interrupted();
    const note = decide(
      before,
      { type: 'note', text: '先记一笔' },
      context(new Date('2026-03-02T04:00:00Z'), { id: 'supervisor', role: 'supervisor' }),
    );

    const conflict = await store.commit(note).then(
      () => null,
      (error: unknown) => error,
    );

    expect(conflict).toBeInstanceOf(CaseVersionConflictError);
    expect((conflict as CaseVersionConflictError).details).toMatchObject({
      expectedVersion: before.version,
      currentVersion: decision.case.version,
      changedBy: 'handler-unit-stopped',
    });
    const completed = await store.get(before.caseId);
    expect(completed?.status).toBe('acknowledged');
    await store.commit(
      decide(
        completed!,
        { type: 'note', text: '先记一笔' },
        context(new Date('2026-03-02T04:00:00Z'), { id: 'supervisor', role: 'supervisor' }),
      ),
    );
    expect((await store.get(before.caseId))?.version).toBe(decision.case.version + 1);
  });

  it('leaves a case alone whose next event is not there', async () => {
    const before = await assigned('unit-quiet', new Date('2026-03-02T02:00:00Z'));
    await store.completeChange(before.caseId, before.version + 1);
    expect(await store.get(before.caseId)).toEqual(JSON.parse(JSON.stringify(before)));
  });
});

describe('entering the official holiday schedule of a provisional year', () => {
  it('recomputes open provisional deadlines and leaves official ones alone', async () => {
    // Assigned 20 Nov 2026: the 60-day reply deadline (19 Jan 2027) relies on the provisional 2027 calendar.
    const provisional = await assigned('unit-official', new Date('2026-11-20T02:00:00Z'));
    const official = await assigned('unit-official', new Date('2026-03-02T02:00:00Z'));
    expect(provisional.deadlines.replyBy).toMatchObject({
      at: '2027-01-19T15:59:59.999Z',
      provisional: true,
    });
    const calendarStore = new DynamoCalendarStore({ client, tableName });

    const result = await enterOfficialSchedule(
      {
        store,
        calendarStore,
        policies: () => [statutoryPolicy],
        // The county's units, and the one these cases were assigned to: its inbox is where they are read from.
        catalog: async () => ({ ...demoCounty, units: [...demoCounty.units, unitNamed('unit-official')] }),
      },
      2027,
      [{ date: '2027-01-19' as never, kind: 'holiday', name: '测试假日' }],
      { id: 'admin', role: 'admin' },
      new Date('2026-12-01T02:00:00Z'),
    );

    const after = await store.get(provisional.caseId);
    expect(after?.deadlines.replyBy).toMatchObject({ at: '2027-01-20T15:59:59.999Z', provisional: false });
    expect((await store.timeline(provisional.caseId)).at(-1)?.type).toBe('deadlinesRecomputed');
    expect((await store.get(official.caseId))?.version).toBe(official.version);
    expect(result.recomputed).toBeGreaterThanOrEqual(1);
    expect(await calendarStore.load()).toMatchObject({ officialYears: [2027] });
  });
});

describe('queries', () => {
  it('lists a unit inbox by status, nearest deadline first, across signed pages', async () => {
    const starts = [
      '2026-03-06T02:00:00Z',
      '2026-03-02T02:00:00Z',
      '2026-03-04T02:00:00Z',
      '2026-03-03T02:00:00Z',
      '2026-03-05T02:00:00Z',
    ];
    const cases = await Promise.all(starts.map((start) => assigned('unit-inbox', new Date(start))));
    const expected = inboxOrder(cases);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.inbox('unit-inbox', 'assigned', { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((item) => item.caseId));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);

    expect(seen).toEqual(expected);
    expect((await store.inbox('unit-inbox', 'acknowledged', { limit: 10 })).items).toEqual([]);
  });

  it('refuses a tampered cursor, and a cursor replayed against another unit inbox', async () => {
    await Promise.all([
      assigned('unit-cursor', new Date('2026-03-02T02:00:00Z')),
      assigned('unit-cursor', new Date('2026-03-03T02:00:00Z')),
    ]);
    const { nextCursor } = await store.inbox('unit-cursor', 'assigned', { limit: 1 });
    const [payload, signature] = nextCursor!.split('.');
    const tampered = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), GSI1PK: 'INBOX#other#assigned' })).toString('base64url')}.${signature}`;

    await expect(
      store.inbox('unit-cursor', 'assigned', { limit: 1, cursor: tampered }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      store.inbox('unit-other', 'assigned', { limit: 1, cursor: nextCursor! }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('lists the county’s cases of one state from every unit’s inbox, in deadline order across pages', async () => {
    // Three units with interleaved deadlines, so every page needs more than one unit's partition.
    const placed = [
      ['county-a', '2026-04-06T02:00:00Z'],
      ['county-b', '2026-04-01T02:00:00Z'],
      ['county-c', '2026-04-03T02:00:00Z'],
      ['county-a', '2026-04-02T02:00:00Z'],
      ['county-b', '2026-04-07T02:00:00Z'],
      ['county-c', '2026-04-08T02:00:00Z'],
      ['county-a', '2026-04-09T02:00:00Z'],
    ] as const;
    const cases = await Promise.all(placed.map(([unitId, start]) => assigned(unitId, new Date(start))));
    const units = ['county-a', 'county-b', 'county-c', 'county-empty'];
    const listAll = async (page: { limit: number; deadlineBefore?: Date; titleContains?: string }) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const result = await store.byStatus('assigned', units, { ...page, ...(cursor ? { cursor } : {}) });
        expect(result.items.length).toBeLessThanOrEqual(page.limit);
        seen.push(...result.items.map((item) => item.caseId));
        cursor = result.nextCursor ?? undefined;
        pages++;
      } while (cursor && pages < 20);
      return seen;
    };

    for (const limit of [1, 2, 3, 10]) expect(await listAll({ limit })).toEqual(inboxOrder(cases));
    // Overdue ones only: acknowledge deadlines before this instant.
    const cut = new Date('2026-04-08T00:00:00Z');
    expect(await listAll({ limit: 2, deadlineBefore: cut })).toEqual(
      inboxOrder(cases.filter((item) => item.deadlines.acknowledgeBy!.at < cut.toISOString())),
    );
    // A unit not named is not read (the catalog names every unit that holds cases).
    expect(
      (await store.byStatus('assigned', ['county-b'], { limit: 10 })).items.map((item) => item.unitId),
    ).toEqual(['county-b', 'county-b']);
    expect(await store.unitHoldsCases('county-c')).toBe(true);
    expect(await store.unitHoldsCases('county-empty')).toBe(false);
  });

  it('lists registered cases (no unit holds them) as summaries, and keeps a title filter across pages', async () => {
    const unrouted = await registered(new Date('2026-04-20T02:00:00Z'), '无人承办的诉求');
    const county: CaseSummary[] = [];
    let next: string | undefined;
    do {
      const page = await store.byStatus('registered', [], { limit: 2, ...(next ? { cursor: next } : {}) });
      county.push(...page.items);
      next = page.nextCursor ?? undefined;
    } while (next);
    expect(county.map((item) => item.caseId)).toContain(unrouted.caseId);
    expect(county.every((item) => item.unitId === undefined && item.status === 'registered')).toBe(true);
    // A list row, never the petition or the petitioner.
    expect(county.some((item) => 'content' in item || 'petitioner' in item)).toBe(false);
    const byTitle = await store.byStatus('registered', [], { limit: 100, titleContains: '无人承办' });
    expect(byTitle.items.map((item) => item.caseId)).toEqual([unrouted.caseId]);
    // No deadline runs for a registered case, so none is overdue.
    expect(
      await store.byStatus('registered', [], { limit: 100, deadlineBefore: new Date('2030-01-01') }),
    ).toEqual({
      items: [],
      nextCursor: null,
    });

    const titled = await Promise.all(
      ['county-t1', 'county-t2', 'county-t1', 'county-t2', 'county-t1'].map((unitId, index) =>
        assigned(unitId, new Date(`2026-04-1${index}T02:00:00Z`), index % 2 === 0 ? '路灯不亮' : '噪音扰民'),
      ),
    );
    const lamps: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.byStatus('assigned', ['county-t1', 'county-t2'], {
        limit: 1,
        titleContains: '路灯',
        ...(cursor ? { cursor } : {}),
      });
      lamps.push(...page.items.map((item) => item.caseId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(lamps).toEqual(inboxOrder(titled.filter((_, index) => index % 2 === 0)));
    const none = await store.byStatus('assigned', ['county-t1', 'county-t2'], {
      limit: 10,
      titleContains: '没有这个词',
    });
    expect(none).toEqual({ items: [], nextCursor: null });
  });

  it('refuses a county-wide cursor that was tampered with or replayed against another state', async () => {
    await Promise.all([
      assigned('county-cursor', new Date('2026-05-02T02:00:00Z')),
      assigned('county-cursor', new Date('2026-05-03T02:00:00Z')),
    ]);
    const { nextCursor } = await store.byStatus('assigned', ['county-cursor'], { limit: 1 });
    const [payload, signature] = nextCursor!.split('.');
    const tampered = `${Buffer.from(JSON.stringify({ after: '0000' })).toString('base64url')}.${signature}`;
    expect(payload).not.toBe(tampered.split('.')[0]);

    await expect(
      store.byStatus('assigned', ['county-cursor'], { limit: 1, cursor: tampered }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      store.byStatus('acknowledged', ['county-cursor'], { limit: 1, cursor: nextCursor! }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('returns only the cases that are due, reading nothing else (sparse index)', async () => {
    const now = new Date('2026-06-10T02:00:00Z');
    // Assigned long ago: their acknowledge reminders are due. Assigned at `now`: nothing due yet.
    const due = await Promise.all(
      [1, 2, 3].map(() => assigned('unit-due', new Date('2026-05-04T02:00:00Z'))),
    );
    const later = await Promise.all([1, 2, 3, 4, 5, 6].map(() => assigned('unit-due-later', now)));

    const page = await store.due('deadline', now, { limit: 100 });
    const raw = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :until',
        ExpressionAttributeValues: { ':pk': duePartition('deadline'), ':until': `${now.toISOString()}#~` },
      }),
    );

    const dueIds = due.map((item) => item.caseId);
    expect(
      page.items
        .map((item) => item.caseId)
        .filter((id) => dueIds.includes(id))
        .sort(),
    ).toEqual([...dueIds].sort());
    expect(page.items.every((item) => item.due!.at <= now.toISOString())).toBe(true);
    expect(page.items.some((item) => later.some((notDue) => notDue.caseId === item.caseId))).toBe(false);
    // Everything DynamoDB read was returned: no filter discarded items it had to pay for.
    expect(raw.ScannedCount).toBe(page.items.length);
  });

  it('reads several cases in one call: each once, consistently, and none for an id without a case', async () => {
    const first = await registered();
    const second = await assigned('dept-transport', new Date('2026-03-02T03:00:00Z'));
    const many = await store.getMany([
      first.caseId,
      second.caseId,
      first.caseId,
      '01NOCASE0000000000000000000',
    ]);
    expect([...many.keys()].sort()).toEqual([first.caseId, second.caseId].sort());
    expect(many.get(second.caseId)).toEqual(await store.get(second.caseId));
    expect(many.get(first.caseId)?.status).toBe('registered');
    expect((await store.getMany([])).size).toBe(0);
  });

  it('finds a case by tracking code and returns its timeline in version order', async () => {
    const current = await assigned('unit-timeline', new Date('2026-03-02T02:00:00Z'));

    const found = await store.getByTrackingCode(current.trackingCode);
    const timeline = await store.timeline(current.caseId);

    expect(found?.caseId).toBe(current.caseId);
    expect(timeline.map((event) => [event.version, event.type])).toEqual([
      [1, 'registered'],
      [2, 'assigned'],
    ]);
  });

  it('lists a studio’s reception days of one month in date order', async () => {
    const reception = new DynamoReceptionStore({ client, tableName });
    const day = (date: string) => ({
      studioId: 'studio-q',
      date,
      representatives: [{ representativeId: 'r1', name: '王代表', title: '县党代表' }],
      published: true,
    });
    await Promise.all(
      ['2026-12-20', '2026-12-10', '2027-01-10', '2026-11-20'].map((date) => reception.save(day(date))),
    );
    await reception.save({ ...day('2026-12-10'), studioId: 'studio-other' });

    const december = await reception.byStudioAndMonth('studio-q', '2026-12');

    expect(december.map((entry) => entry.date)).toEqual(['2026-12-10', '2026-12-20']);
    expect(december[0]?.representatives[0]?.name).toBe('王代表');
  });

  it('records staff reads of personal data under the case', async () => {
    const current = await registered();
    const supervisor = { id: 'supervisor', role: 'supervisor' as const };

    await store.recordRead({
      caseId: current.caseId,
      actor: supervisor,
      at: '2026-03-02T05:00:00.000Z',
      what: 'petitioner.phone',
    });

    expect(await store.reads(current.caseId)).toEqual([
      { caseId: current.caseId, actor: supervisor, at: '2026-03-02T05:00:00.000Z', what: 'petitioner.phone' },
    ]);
  });
});
