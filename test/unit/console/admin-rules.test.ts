import { describe, expect, it } from 'vitest';
import { type Catalog, type RoutingRule, routingRuleSchema } from '../../../shared/domain/reference/model.ts';
import { routeCase, triageUnitFor } from '../../../shared/domain/routing/route-case.ts';
import type { StaffUser } from '../../../shared/domain/users/model.ts';
import { demoCounty } from '../../../shared/seed/demo-county.ts';
import { referenceProblems, referrersOf } from '../../../shared/use-cases/admin/reference-data.ts';
import { dryRun, dryRunSchema } from '../../../shared/use-cases/admin/routing-dry-run.ts';
import { scopedUser } from '../../../shared/use-cases/admin/users.ts';
import { noticeAudience } from '../../../shared/use-cases/staff/notices.ts';

const catalog: Catalog = demoCounty;

describe('routing rule checks', () => {
  const rule = {
    ruleId: 'R50',
    unitId: 'dept-housing',
    priority: 100,
    categoryCodes: [] as string[],
    jurisdictionCodes: [] as string[],
    keywords: ['井盖'],
    channels: [] as ('web' | 'visit')[],
    enabled: true,
  };

  it('accepts a rule that names what exists and has a condition', () => {
    expect(referenceProblems('routing-rules', rule, catalog)).toEqual([]);
  });

  it('names every unknown reference and a missing condition', () => {
    const problems = referenceProblems(
      'routing-rules',
      { ...rule, unitId: 'x-unit', categoryCodes: ['transport', 'nope'], keywords: [] },
      catalog,
    );
    expect(problems.map((problem) => problem.field)).toEqual(['unitId', 'categoryCodes.1']);
    expect(
      referenceProblems('routing-rules', { ...rule, keywords: [] }, catalog).map((problem) => problem.field),
    ).toEqual(['']);
  });

  it('counts confidentiality as a condition', () => {
    expect(
      referenceProblems('routing-rules', { ...rule, keywords: [], confidential: true }, catalog),
    ).toEqual([]);
  });
});

describe('deleting reference data', () => {
  const users = [
    { username: 'handler-a', role: 'handler', unitId: 'dept-housing', disabled: false, displayName: 'a' },
  ] as StaffUser[];

  it('lists who still points at a unit, a category or a town', () => {
    expect(referrersOf('units', 'dept-housing', catalog, users)).toEqual([
      'rule:R4',
      'rule:R14',
      'user:handler-a',
    ]);
    expect(referrersOf('units', 'petition-office', catalog, [])).toEqual(['system:petition-office']);
    expect(referrersOf('categories', 'transport', catalog, [])).toEqual(['rule:R3']);
    expect(referrersOf('jurisdictions', 'xikou', catalog, [])).toEqual(['studio:studio-xikou']);
    expect(referrersOf('categories', 'other', catalog, [])).toEqual([]);
  });
});

describe('the routing dry run', () => {
  const noHistory = {
    catalog: async () => catalog,
    registeredIn: async () => [],
    routingSubjects: async () => [],
  };
  const now = new Date('2026-12-06T02:00:00Z');

  it('answers what the router would do, with a draft rule tried as if saved', async () => {
    const request = dryRunSchema.parse({
      title: '井盖丢失',
      content: '小区门口井盖丢失',
      jurisdictionCode: 'chengguan',
    });
    const draft = dryRunSchema.parse({
      ...request,
      rule: { ruleId: 'R99', unitId: 'dept-transport', priority: 999, keywords: ['井盖'] },
    });

    expect(await dryRun(noHistory, request, now)).toMatchObject({ unitId: null, outcome: 'triage' });
    expect(await dryRun(noHistory, draft, now)).toMatchObject({
      unitId: 'dept-transport',
      ruleId: 'R99',
      unitName: '县交通运输局',
    });
  });

  it('says what share of the last 30 days a draft rule would take, and warns above a fifth', async () => {
    // Ten recent cases (two about 井盖), one older than 30 days, across two months.
    const cases = Array.from({ length: 11 }, (_, index) => ({
      caseId: `C${index}`,
      registeredAt:
        index === 10
          ? '2026-10-20T00:00:00Z'
          : index < 5
            ? `2026-11-1${index}T00:00:00Z`
            : `2026-12-0${index - 4}T00:00:00Z`,
      title: index < 2 ? '井盖丢失' : `路灯不亮 ${index}`,
    }));
    const deps = {
      catalog: async () => catalog,
      registeredIn: async (month: string) => cases.filter((item) => item.registeredAt.startsWith(month)),
      routingSubjects: async (ids: readonly string[]) =>
        cases
          .filter((item) => ids.includes(item.caseId))
          .map((item) => ({
            caseId: item.caseId,
            title: item.title,
            content: '请尽快处理',
            jurisdictionCode: 'chengguan',
            channel: 'web' as const,
            confidential: false,
          })),
    };
    const narrow = dryRunSchema.parse({
      rule: { ruleId: 'R98', unitId: 'dept-transport', priority: 999, keywords: ['井盖'] },
    });
    const broad = dryRunSchema.parse({
      rule: { ruleId: 'R97', unitId: 'dept-transport', priority: 999, keywords: ['处理'] },
    });

    const narrowResult = await dryRun(deps, narrow, now);
    const broadResult = await dryRun(deps, broad, now);

    expect(narrowResult.share).toMatchObject({ cases: 10, taken: 2, share: 0.2, tooBroad: false });
    expect(narrowResult.share).not.toHaveProperty('warning');
    expect(broadResult.share).toMatchObject({ cases: 10, taken: 10, share: 1, tooBroad: true });
    expect(broadResult.share?.warning).toMatch(/^规则 R97 将接收近 30 天 100% 的诉求/);
  });
});

describe('rules that would catch everything or breach confidentiality', () => {
  const base = {
    ruleId: 'R60',
    unitId: 'dept-housing',
    priority: 100,
    categoryCodes: [] as string[],
    jurisdictionCodes: [] as string[],
    channels: [] as string[],
    keywords: [] as string[],
    enabled: true,
  };

  it.each([['\u3000'], [' '], ['  \t'], ['a'], ['Ａ '], ['\u200b井']])(
    'refuses the keyword %j',
    (keyword) => {
      const parsed = routingRuleSchema.safeParse({ ...base, keywords: ['井盖', keyword] });
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues[0]!.path).toEqual(['keywords', 1]);
    },
  );

  it('ignores such keywords in rules stored before, instead of matching every petition', () => {
    const legacy = { ...base, keywords: ['\u3000'] } as RoutingRule;
    expect(
      routeCase(
        {
          title: '任何诉求',
          content: '任何内容',
          jurisdictionCode: 'chengguan',
          channel: 'web',
          confidential: false,
        },
        [legacy],
      ).unitId,
    ).toBeNull();
  });

  it('refuses a confidential category for a unit not cleared for it, and allows it for one that is', () => {
    const problems = referenceProblems(
      'routing-rules',
      { ...base, categoryCodes: ['mental-health'] },
      catalog,
    );
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'categoryCodes.0',
        message: expect.stringMatching(/^保密类别只能交由/),
      }),
    ]);
    expect(
      referenceProblems(
        'routing-rules',
        { ...base, unitId: 'team-mental-health', categoryCodes: ['mental-health'] },
        catalog,
      ),
    ).toEqual([]);
  });

  it('refuses to take the clearance from a unit that confidential rules route to', () => {
    const team = catalog.units.find((unit) => unit.unitId === 'team-mental-health')!;
    expect(
      referenceProblems('units', { ...team, clearedForConfidential: false }, catalog).map((p) => p.field),
    ).toEqual(['clearedForConfidential']);
    const transport = catalog.categories.find((category) => category.code === 'transport')!;
    expect(
      referenceProblems('categories', { ...transport, confidential: true }, catalog).map((p) => p.field),
    ).toEqual(['confidential']);
  });

  it('never routes a confidential category to an uncleared unit, even when a keyword rule matches', () => {
    const subject = {
      title: '住房压力很大',
      content: '因为住房问题心理压力很大，失眠',
      categoryCode: 'mental-health',
      jurisdictionCode: 'chengguan',
      channel: 'web' as const,
      confidential: true,
    };
    const housing = { ...base, priority: 1000, keywords: ['住房'] } as RoutingRule;
    expect(routeCase(subject, [housing, ...catalog.routingRules], { catalog }).unitId).toBe(
      'team-mental-health',
    );
    expect(routeCase(subject, [housing], { catalog }).unitId).toBeNull();
    expect(triageUnitFor({ ...subject, studioId: 'studio-xikou' }, catalog)).toBe('petition-office');
    expect(triageUnitFor({ categoryCode: 'transport', studioId: 'studio-xikou' }, catalog)).toBe(
      'studio-xikou',
    );
  });

  it('skips rules whose unit is not in the catalog (no case stranded in a ghost unit)', () => {
    const ghost = { ...base, unitId: 'dept-ghost', keywords: ['井盖'] } as RoutingRule;
    expect(
      routeCase(
        {
          title: '井盖丢失',
          content: '井盖',
          jurisdictionCode: 'chengguan',
          channel: 'web',
          confidential: false,
        },
        [ghost],
        { catalog },
      ).unitId,
    ).toBeNull();
  });
});

describe('accounts and scopes', () => {
  const base = { username: 'someone', displayName: '某人', disabled: false };

  it('gives a liaison officer the studio’s triage unit, and drops scope from county-wide roles', () => {
    expect(scopedUser({ ...base, role: 'liaison', studioId: 'studio-xikou' }, catalog)).toMatchObject({
      studioId: 'studio-xikou',
      unitId: 'studio-xikou',
    });
    expect(scopedUser({ ...base, role: 'supervisor', unitId: 'dept-housing' }, catalog)).not.toHaveProperty(
      'unitId',
    );
    expect(() => scopedUser({ ...base, role: 'handler' }, catalog)).toThrow();
  });

  it('reads the bell of the caller’s own unit, or the supervisors’, never one the request names', () => {
    expect(noticeAudience({ id: 'h', username: 'h', role: 'handler', unitId: 'dept-housing' })).toBe(
      'dept-housing',
    );
    expect(noticeAudience({ id: 's', username: 's', role: 'supervisor' })).toBe('supervisors');
    expect(() => noticeAudience({ id: 'a', username: 'a', role: 'admin' })).toThrow();
  });
});
