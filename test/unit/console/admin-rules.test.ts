import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../shared/domain/reference/model.ts';
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
  it('answers what the router would do, with a draft rule tried as if saved', () => {
    const request = dryRunSchema.parse({
      title: '井盖丢失',
      content: '小区门口井盖丢失',
      jurisdictionCode: 'chengguan',
    });
    const draft = dryRunSchema.parse({
      ...request,
      rule: { ruleId: 'R99', unitId: 'dept-transport', priority: 999, keywords: ['井盖'] },
    });

    expect(dryRun(request, catalog)).toMatchObject({ unitId: null, outcome: 'triage' });
    expect(dryRun(draft, catalog)).toMatchObject({
      unitId: 'dept-transport',
      ruleId: 'R99',
      unitName: '县交通运输局',
    });
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
