import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RouteDef, routeKey, routes } from '../../shared/topology.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * Property-based fuzzing of EVERY public route in the topology (fast-check): a thousand requests each (a fifth
 * of that for each of Open311's sixteen resource-and-format routes, which share two functions), bodies and
 * queries generated per route (routes added later get a generic generator). Bad input only
 * ever gets a 4xx, nothing answers 5xx, and nothing is stored: no case, no message in the outbox, no guard or
 * code in the idempotency table, no object in the attachments bucket. Rate limits are off for this process only.
 *
 * Generated requests go through the local gateway as real HTTP (API Gateway events, the real handlers), 16 at
 * a time. The seed is printed; `FUZZ_SEED=<n>` replays a run.
 */

const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 1000);
const CONCURRENCY = 16;
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** What a generated request must get: `bad` only 4xx; `any` anything but 5xx (reads that may be valid). */
type Expectation = 'bad' | 'any';

let runtime: TestRuntime;

beforeAll(async () => {
  process.env.RATE_LIMITS = 'off';
  runtime = await startTestRuntime();
});

afterAll(async () => {
  delete process.env.RATE_LIMITS;
  await runtime?.stop();
});

// ---------------------------------------------------------------------------------------------------------
// Building blocks

const anything = fc.anything({ maxDepth: 2, maxKeys: 4, withNullPrototype: false });
/** JSON drops `undefined` members: a mutation that sets one would leave a valid request behind. */
const defined = anything.filter((value) => value !== undefined);
const junkText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', '%00', '\u202e', '{{7*7}}'),
);
const queryValue = fc.oneof(junkText, fc.integer().map(String), fc.constant(''));

function json(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json',
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/problem+json',
);

/** Replaces the named fields of a record (or removes them with `undefined`). */
type Mutation = (body: Record<string, unknown>) => void;

const setField =
  (path: readonly string[], value: unknown): Mutation =>
  (body) => {
    let target = body as Record<string, unknown>;
    for (const key of path.slice(0, -1)) {
      if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    const last = path.at(-1)!;
    if (value === undefined) delete target[last];
    else target[last] = value;
  };

const notBoolean = fc.oneof(
  fc.string({ maxLength: 5 }),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.boolean()),
);
const notString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
);
// Controls the text rules refuse (C0, DEL, C1). Bidi controls and NEL (U+0085, a line separator) are not among
// them: single-line fields strip them and accept the rest (text-rules.ts); the hostile-input test covers them.
const withControl = fc
  .tuple(
    fc.string({ maxLength: 10 }),
    fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\u0080', '\u009b'),
    fc.string({ maxLength: 10 }),
  )
  .map(([before, control, after]) => `一段文字${before}${control}${after}`);
const tooLong = (max: number) =>
  fc.integer({ min: max + 1, max: max + 200 }).map((length) => '长'.repeat(length));
const uuid = fc.uuid({ version: 4 });

// ---------------------------------------------------------------------------------------------------------
// POST /api/petitions: a valid petition with at least one thing wrong with it (so none may be stored).

const validPetition = () => ({
  categoryCode: 'transport',
  jurisdictionCode: 'chengguan',
  title: '人民路路灯不亮',
  content: '人民路东段的路灯已经一个星期不亮了，晚上出行很不安全。',
  petitioner: { name: '张三', phone: '13812345678', anonymous: false },
  confidential: false,
});
const knownPetitionKeys = new Set([
  'categoryCode',
  'jurisdictionCode',
  'title',
  'content',
  'petitioner',
  'confidential',
  'website',
  'attachments',
  'shareLocation',
  'phoneVerification',
]);

const petitionMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('categoryCode', 'jurisdictionCode'),
      fc.oneof(
        junkText.map((text) => `zz-${text}`),
        notString,
      ),
    )
    .map(([field, value]) => setField([field], value)),
  fc
    .oneof(fc.string({ maxLength: 1 }), tooLong(60), withControl, notString, fc.constant('a\nb c'))
    .map((value) => setField(['title'], value)),
  fc
    .oneof(
      fc.string({ maxLength: 4 }).map((text) => text.trim().slice(0, 4)),
      tooLong(2000),
      withControl.map((text) => `${text}\u0008`),
      notString,
    )
    .map((value) => setField(['content'], value)),
  fc
    .oneof(
      fc.string({ maxLength: 12 }).map((text) => `x${text}`),
      fc.stringMatching(/^\d{21,30}$/),
      fc.stringMatching(/^1[0-2]\d{9}$/),
      notString,
    )
    .map((value) => setField(['petitioner', 'phone'], value)),
  fc
    .oneof(tooLong(30), withControl, notString, fc.constant(''))
    .map((value) => setField(['petitioner', 'name'], value)),
  notBoolean.map((value) => setField(['petitioner', 'anonymous'], value)),
  notBoolean.map((value) => setField(['confidential'], value)),
  notBoolean.map((value) => setField(['shareLocation'], value)),
  fc
    .string({ minLength: 1, maxLength: 200 })
    .filter((text) => text.trim().length > 0)
    .map((value) => setField(['website'], value)),
  fc
    .constantFrom('title', 'content', 'jurisdictionCode', 'petitioner')
    .map((field) => setField([field], undefined)),
  fc.constant(setField(['petitioner', 'phone'], undefined)),
  fc
    .tuple(
      fc
        .string({ minLength: 1, maxLength: 12 })
        .filter((key) => !knownPetitionKeys.has(key) && key !== '__proto__'),
      defined,
    )
    .map(([key, value]) => setField([key], value)),
  fc
    .tuple(
      fc
        .string({ minLength: 1, maxLength: 12 })
        .filter((key) => !['name', 'phone', 'anonymous', '__proto__'].includes(key)),
      defined,
    )
    .map(([key, value]) => setField(['petitioner', key], value)),
  fc
    .oneof(
      fc.array(junkText, { minLength: 1, maxLength: 3 }),
      fc.array(
        uuid.map((id) => `incoming/${id}`),
        { minLength: 4, maxLength: 6 },
      ),
      fc.array(
        uuid.map((id) => `incoming/${id}`),
        { minLength: 1, maxLength: 3 },
      ), // never uploaded
      uuid.map((id) => [`incoming/${id}`, `incoming/${id}`]),
      // Not `[]`: an empty list of photos is a valid petition.
      fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 20 })),
    )
    .map((value) => setField(['attachments'], value)),
  fc
    .oneof(
      fc.record({ id: uuid, code: fc.stringMatching(/^\d{6}$/) }), // unknown verification
      fc.record({ id: junkText, code: junkText }),
      defined,
    )
    .map((value) => setField(['phoneVerification'], value)),
);

const petitionRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        fc.array(petitionMutation, { minLength: 1, maxLength: 3 }),
        fc.option(fc.string({ minLength: 0, maxLength: 140 })),
      )
      .map(([mutations, key]) => {
        const body: Record<string, unknown> = validPetition();
        for (const mutate of mutations) mutate(body);
        return {
          method: 'POST',
          path: '/api/petitions',
          headers: {
            'content-type': 'application/json',
            ...(key !== null ? { 'idempotency-key': key.replace(/[^\x20-\x7e]/g, '') } : {}),
          },
          body: json(body),
        };
      }),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(contentTypes, anything).map(([type, value]) => ({
      method: 'POST',
      path: '/api/petitions',
      headers: { 'content-type': type },
      body: json(value),
    })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(contentTypes, fc.string({ maxLength: 200 })).map(([type, text]) => ({
      method: 'POST',
      path: '/api/petitions',
      headers: { 'content-type': type },
      body: text,
    })),
  },
  // A valid petition sent as something other than JSON.
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml')
      .map((type) => ({
        method: 'POST',
        path: '/api/petitions',
        headers: { 'content-type': type },
        body: json(validPetition()),
      })),
  },
);

// ---------------------------------------------------------------------------------------------------------
// POST /api/uploads and POST /api/phone-verifications: never a valid request (a valid one would presign or send).

const uploadRequest: fc.Arbitrary<FuzzRequest> = fc
  .oneof(
    fc.record({
      contentType: fc.oneof(
        junkText.filter((text) => !['image/jpeg', 'image/png', 'image/heic', 'image/heif'].includes(text)),
        notString,
      ),
      size: fc.integer({ min: 1, max: 1000 }),
    }),
    fc.record({
      contentType: fc.constantFrom('image/jpeg', 'image/png', 'image/heic'),
      size: fc.oneof(
        fc.integer({ max: 0 }),
        fc.integer({ min: 8 * 1024 * 1024 + 1 }),
        fc.double({ min: 1.01, max: 99.99, noInteger: true }),
        fc.string(),
        fc.constant(null),
      ),
    }),
    fc.record({ contentType: fc.constant('image/png'), size: fc.constant(10), key: junkText }),
    anything,
  )
  .chain((body) =>
    fc.tuple(contentTypes, fc.boolean()).map(([type, raw]) => ({
      method: 'POST',
      path: '/api/uploads',
      headers: { 'content-type': type },
      body: raw ? String(json(body)).slice(0, Math.max(1, String(json(body)).length - 1)) : json(body),
    })),
  );

const verificationRequest: fc.Arbitrary<FuzzRequest> = fc
  .oneof(
    fc.record({
      phone: fc.oneof(
        fc.string({ maxLength: 12 }).map((text) => `x${text}`),
        fc.stringMatching(/^0571-\d{8}$/),
        fc.stringMatching(/^\d{21,25}$/),
        notString,
      ),
    }),
    fc.record({ phone: fc.constant('13812345678'), extra: defined }),
    fc.record({ mobile: fc.constant('13812345678') }),
    anything,
  )
  .chain((body) =>
    contentTypes.map((type) => ({
      method: 'POST',
      path: '/api/phone-verifications',
      headers: { 'content-type': type },
      body: json(body),
    })),
  );

// ---------------------------------------------------------------------------------------------------------
// Reads

const trackingAlphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const codeLike = fc
  .array(fc.constantFrom(...trackingAlphabet), { minLength: 8, maxLength: 8 })
  .map((chars) => `HY-${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`);

const trackRequest: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    fc.oneof(
      codeLike,
      junkText.filter((text) => text.length > 0),
      fc.string({ minLength: 21, maxLength: 60 }),
    ),
    fc.option(fc.oneof(fc.stringMatching(/^\d{4}$/), queryValue)),
  )
  .map(([code, phone]) => ({
    method: 'GET',
    path: `/api/petitions/${encodeURIComponent(code)}${phone === null ? '' : `?phone=${encodeURIComponent(phone)}`}`,
    headers: {},
  }));

const isoDate = fc
  .date({ min: new Date('1999-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));
const receptionRequest: fc.Arbitrary<FuzzRequest> = fc
  .record(
    {
      studioId: fc.oneof(fc.constantFrom('studio-chengguan', 'studio-xikou', 'studio-nowhere'), queryValue),
      from: fc.oneof(isoDate, queryValue, fc.constant('2026-02-30')),
      to: fc.oneof(isoDate, queryValue),
      other: queryValue,
    },
    { requiredKeys: [] },
  )
  .map((query) => ({
    method: 'GET',
    path: `/api/reception-days?${new URLSearchParams(query as Record<string, string>)}`,
    headers: {},
  }));

const plainGet = (path: string): fc.Arbitrary<FuzzRequest> =>
  fc
    .tuple(
      fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), queryValue, { maxKeys: 3 }),
      fc.option(fc.oneof(fc.constantFrom('en', 'zh-CN', 'en-US,en;q=0.9'), junkText)),
    )
    .map(
      ([query, language]): FuzzRequest => ({
        method: 'GET',
        path: `${path}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`,
        headers: language ? { 'accept-language': language.replace(/[^\x20-\x7e]/g, '') } : {},
      }),
    );

// ---------------------------------------------------------------------------------------------------------
// Routes without a generator of their own (added later): random path parameters, queries and bodies.

const pathSegment = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom('%E0%A4%A', '%', '..', '%2F', 'null', '0', 'x'.repeat(300)),
);

function genericRequest(route: RouteDef): fc.Arbitrary<FuzzRequest> {
  const segments = route.path.split('/');
  const parameters = segments.filter((segment) => /^\{\w+\+?\}$/.test(segment)).length;
  return fc
    .tuple(
      fc.array(pathSegment, { minLength: parameters, maxLength: parameters }),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), queryValue, { maxKeys: 3 }),
      contentTypes,
      fc.oneof(anything.map(json), fc.string({ maxLength: 200 })),
    )
    .map(([values, query, type, body]): FuzzRequest => {
      let index = 0;
      const path = segments
        .map((segment) => (/^\{\w+\+?\}$/.test(segment) ? values[index++]! : segment))
        .join('/');
      const search = Object.keys(query).length ? `?${new URLSearchParams(query)}` : '';
      return route.method === 'GET' || route.method === 'DELETE'
        ? { method: route.method, path: `${path}${search}`, headers: {} }
        : { method: route.method, path: `${path}${search}`, headers: { 'content-type': type }, body };
    });
}

// ---------------------------------------------------------------------------------------------------------
// Open311 GeoReport v2 (form-encoded writes with a key, JSON and XML reads): no generated write carries a key,
// so nothing is valid; one route per resource and format, and `{resource}` for every other name.

const open311Format = fc.constantFrom('.json', '.xml', '', '.html', '.JSON');
const open311Fields = fc.dictionary(
  fc.constantFrom(
    'description',
    'lat',
    'long',
    'address_string',
    'address_id',
    'email',
    'phone',
    'first_name',
    'last_name',
    'media_url',
    'device_id',
    'account_id',
    'attribute[x]',
    'jurisdiction_id',
    'api_key',
    'service_request_id',
    'update_id',
    'status',
  ),
  queryValue,
  { maxKeys: 6 },
);
function open311Post(resource: fc.Arbitrary<string>): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(
      resource,
      fc.option(
        fc.oneof(
          junkText.map((text) => `zz-${text}`),
          fc.constant(''),
        ),
      ),
      open311Fields,
      fc.constantFrom(
        'application/x-www-form-urlencoded',
        'application/x-www-form-urlencoded',
        'application/json',
        'text/xml',
      ),
    )
    .map(
      ([name, serviceCode, fields, type]): FuzzRequest => ({
        method: 'POST',
        path: `/open311/v2/${name}`,
        headers: { 'content-type': type },
        body: new URLSearchParams({
          ...fields,
          ...(serviceCode === null ? {} : { service_code: serviceCode }),
        }).toString(),
      }),
    );
}
function open311Get(resource: fc.Arbitrary<string>): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(
      resource,
      fc.dictionary(
        fc.constantFrom(
          'service_code',
          'status',
          'start_date',
          'end_date',
          'service_request_id',
          'jurisdiction_id',
          'api_key',
          'page',
        ),
        queryValue,
        { maxKeys: 4 },
      ),
    )
    .map(
      ([name, query]): FuzzRequest => ({
        method: 'GET',
        path: `/open311/v2/${name}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`,
        headers: {},
      }),
    );
}
const open311File = (folder: string, name: fc.Arbitrary<string>) =>
  fc.tuple(name, open311Format).map(([id, format]) => `${folder}/${encodeURIComponent(`${id}${format}`)}`);
const fileName = fc.oneof(
  codeLike,
  fc.constantFrom('transport', 'construction', 'mental-health'),
  junkText.filter((text) => text.length > 0),
  fc.integer().map(String),
);

const open311Generators = Object.fromEntries(
  routes
    .filter((route) => route.path.startsWith('/open311/'))
    .map((route) => {
      const last = route.path.split('/').at(-1)!;
      const resource = last.startsWith('{')
        ? route.path.includes('/services/')
          ? open311File('services', fileName)
          : route.path.includes('/requests/')
            ? open311File('requests', fileName)
            : pathSegment
        : fc.constant(last);
      return [
        routeKey(route),
        route.method === 'POST'
          ? { arbitrary: open311Post(resource), expect: 'bad' as const, share: 5 }
          : { arbitrary: open311Get(resource), expect: 'any' as const, share: 5 },
      ];
    }),
);

/** `share`: the route gets `RUNS_PER_ROUTE / share` requests (routes that share one function and one parser). */
const generators: Record<
  string,
  { arbitrary: fc.Arbitrary<FuzzRequest>; expect: Expectation; share?: number }
> = {
  ...open311Generators,
  'POST /api/petitions': { arbitrary: petitionRequest, expect: 'bad' },
  'POST /api/uploads': { arbitrary: uploadRequest, expect: 'bad' },
  'POST /api/phone-verifications': { arbitrary: verificationRequest, expect: 'bad' },
  'GET /api/petitions/{trackingCode}': { arbitrary: trackRequest, expect: 'bad' },
  'GET /api/reception-days': { arbitrary: receptionRequest, expect: 'any' },
  'GET /api/catalog': { arbitrary: plainGet('/api/catalog'), expect: 'any' },
  'GET /api/health': { arbitrary: plainGet('/api/health'), expect: 'any' },
};

function generatorFor(route: RouteDef) {
  return (
    generators[routeKey(route)] ?? {
      arbitrary: genericRequest(route),
      // Writes with random input must all be refused; reads may find nothing or something.
      expect: route.method === 'GET' ? ('any' as const) : ('bad' as const),
    }
  );
}

// ---------------------------------------------------------------------------------------------------------

async function send(request: FuzzRequest): Promise<{ status: number; text: string }> {
  const response = await fetch(`${runtime.url}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
  return { status: response.status, text: await response.text() };
}

async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await run(items[index]!);
      }
    }),
  );
  return results;
}

async function storedState() {
  const main = await runtime.scanAll();
  const { Items: guards = [] } = await runtime.clients.document.send(
    new ScanCommand({ TableName: runtime.tables.idempotency }),
  );
  const { Items: outbox = [] } = await runtime.clients.document.send(
    new ScanCommand({ TableName: runtime.outboxTable }),
  );
  const objects = await runtime.clients.s3.send(
    new ListObjectsV2Command({ Bucket: runtime.buckets.attachments }),
  );
  return {
    cases: main.filter((item) => item.entity === 'case').length,
    events: main.filter((item) => String(item.SK ?? '').startsWith('EVENT#')).length,
    outbox: outbox.length,
    // Rate windows and wrong-tracking counters are what bad requests are meant to leave (hashed, with TTL).
    guards: guards.filter((item) => !/^(rate|track-fail)#/.test(String(item.id))).length,
    objects: objects.KeyCount ?? 0,
  };
}

const publicRoutes = routes.filter((route) => route.auth === 'public') as readonly RouteDef[];
const tally: Record<string, Record<number, number>> = {};

describe(`fuzzing every public route (${RUNS_PER_ROUTE} requests each, seed ${seed})`, () => {
  it('covers every public route of the topology', () => {
    expect(publicRoutes.length).toBeGreaterThanOrEqual(7);
  });

  it.each(publicRoutes.map((route) => [routeKey(route), route] as const))(
    '%s: bad input gets a 4xx, nothing a 5xx, nothing is stored',
    async (key, route) => {
      const { arbitrary, expect: expectation, share = 1 } = generatorFor(route);
      const runs = Math.ceil(RUNS_PER_ROUTE / share);
      const requests = fc.sample(arbitrary, { numRuns: runs, seed });
      const before = await storedState();

      const results = await inParallel(requests, CONCURRENCY, send);

      const statuses: Record<number, number> = {};
      for (const { status } of results) statuses[status] = (statuses[status] ?? 0) + 1;
      tally[key] = statuses;
      const failures = results
        .map((result, index) => ({ ...result, request: requests[index]! }))
        .filter(({ status }) => status >= 500 || (expectation === 'bad' && (status < 400 || status >= 500)));
      expect(
        failures
          .slice(0, 3)
          .map(({ status, text, request }) => ({ status, text: text.slice(0, 300), request })),
        `seed ${seed}`,
      ).toEqual([]);
      expect(requests.length).toBe(runs);
      expect(await storedState()).toEqual(before);
    },
    120_000,
  );

  afterAll(() => {
    const total = Object.values(tally).reduce(
      (sum, statuses) => sum + Object.values(statuses).reduce((a, b) => a + b, 0),
      0,
    );
    console.info(
      `fuzzed ${total} requests over ${Object.keys(tally).length} public routes (seed ${seed}):\n${JSON.stringify(tally, null, 1)}`,
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// Hostile but well-formed: valid shapes carrying markup, invisible text, huge unicode and another case's
// tokens. Each is either registered as sent (NFC, nothing executed or resolved) or refused with field
// errors in Chinese; nothing answers 5xx, and the case whose tokens it carries is not touched.

describe('hostile but well-formed petitions', () => {
  it('are registered as text or refused in Chinese, and change nothing already stored', async () => {
    const victim = (await (await runtime.postJson('/api/petitions', validPetition())).json()) as {
      caseId: string;
      trackingCode: string;
    };
    const victimBefore = await runtime.caseStore.get(victim.caseId);
    const hostile = fc.constantFrom(
      '<img src=x onerror=alert(1)><script>fetch("/api/staff/cases")</script>',
      '=HYPERLINK("http://evil.example","点我")',
      '\u200b\u200c\u200d\u2060\ufeff',
      '\u202e反向文字\u202c 与 \u2066隔离\u2069',
      'e\u0301 与 é 与 ㈱ 与 ｆｕｌｌ',
      '𠀀𠀁𠀂𪚥'.repeat(12),
      `查询 ${victim.trackingCode} 的进度，手机后四位 5678`,
      `{"caseId":"${victim.caseId}","status":"closed"}`,
      `../../../survey.html?t=${victim.caseId}.1.${'A'.repeat(32)}`,
    );
    const samples = fc.sample(fc.tuple(hostile, hostile, fc.constantFrom('title', 'content', 'name')), {
      numRuns: 30,
      seed,
    });
    for (const [first, second, field] of samples) {
      const body = validPetition();
      const text = `${first} ${second}`;
      if (field === 'title') body.title = text.slice(0, 60);
      else if (field === 'content') body.content = `${body.content}${text}`;
      else body.petitioner.name = text.slice(0, 20);
      const response = await runtime.postJson('/api/petitions', body);
      const answer = (await response.json()) as {
        caseId?: string;
        errors?: { field: string; message: string }[];
      };
      expect([201, 400], `${field}: ${text}`).toContain(response.status);
      if (response.status === 400) {
        expect(answer.errors?.length, text).toBeGreaterThan(0);
        for (const error of answer.errors ?? []) expect(error.message, text).toMatch(/[\u4e00-\u9fff]/);
        continue;
      }
      const stored = await runtime.caseStore.get(answer.caseId!);
      // Stored as text: NFC, never interpreted (markup and formulas kept as characters, tokens not resolved).
      expect(stored!.caseId).not.toBe(victim.caseId);
      for (const value of [stored!.title, stored!.content, stored!.petitioner.name ?? ''])
        expect(value).toBe(value.normalize('NFC'));
    }
    // Routing may have moved it on meanwhile; what the petitioner wrote and the codes are untouched.
    const victimAfter = await runtime.caseStore.get(victim.caseId);
    const written = (item: typeof victimAfter) => ({
      trackingCode: item?.trackingCode,
      title: item?.title,
      content: item?.content,
      petitioner: item?.petitioner,
      confidential: item?.confidential,
    });
    expect(written(victimAfter)).toEqual(written(victimBefore));
  }, 120_000);
});
