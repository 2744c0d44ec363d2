import { describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../../shared/domain/reference/model.ts';
import { type RoutableCase, routeCase } from '../../../shared/domain/routing/route-case.ts';
import { demoCounty } from '../../../shared/seed/demo-county.ts';

const subject = (overrides: Partial<RoutableCase> = {}): RoutableCase => ({
  jurisdictionCode: 'chengguan',
  title: '一个问题',
  content: '具体情况如下',
  channel: 'web',
  confidential: false,
  ...overrides,
});

const rule = (overrides: Partial<RoutingRule> & Pick<RoutingRule, 'ruleId' | 'unitId'>): RoutingRule => ({
  priority: 100,
  categoryCodes: [],
  jurisdictionCodes: [],
  keywords: [],
  channels: [],
  enabled: true,
  ...overrides,
});

describe('routing with the seed rules', () => {
  it('routes by category', () => {
    expect(routeCase(subject({ categoryCode: 'transport' }), demoCounty.routingRules)).toEqual({
      unitId: 'dept-transport',
      ruleId: 'R3',
      reason: 'rule R3, category',
    });
  });

  it('routes by a Chinese keyword in the text without word segmentation, and says which keyword', () => {
    const decision = routeCase(
      subject({ title: '村里水渠', content: '今年的灌溉用水不够' }),
      demoCounty.routingRules,
    );

    expect(decision).toEqual({ unitId: 'dept-agriculture', ruleId: 'R12', reason: 'rule R12, keyword 灌溉' });
  });

  it('lets a higher-priority keyword rule beat a category rule', () => {
    const decision = routeCase(
      subject({ categoryCode: 'construction', content: '工地拖欠工资三个月' }),
      demoCounty.routingRules,
    );

    expect(decision.unitId).toBe('dept-hrss');
  });

  it('sends confidential mental-health petitions to the mental-health team', () => {
    expect(
      routeCase(subject({ categoryCode: 'mental-health', confidential: true }), demoCounty.routingRules)
        .unitId,
    ).toBe('team-mental-health');
  });

  it('uses the channel: agriculture keywords at a reception-day visit go to the service team', () => {
    expect(
      routeCase(subject({ channel: 'visit', content: '想了解茶叶种植技术' }), demoCounty.routingRules).unitId,
    ).toBe('team-agriculture');
  });

  it('answers "no rule matched" when nothing fits', () => {
    expect(
      routeCase(subject({ categoryCode: 'other', content: '希望多办读书会' }), demoCounty.routingRules),
    ).toEqual({
      unitId: null,
      ruleId: null,
      reason: 'no rule matched',
    });
  });

  it('folds full-width characters and case before matching', () => {
    const rules = [rule({ ruleId: 'R1', unitId: 'u1', keywords: ['wifi'] })];

    expect(routeCase(subject({ content: '村委会的ＷＩＦＩ坏了' }), rules).unitId).toBe('u1');
  });
});

describe('rule precedence', () => {
  it('prefers higher priority, then more matched conditions, then the lower rule number', () => {
    const rules = [
      rule({ ruleId: 'R5', unitId: 'low', priority: 10, keywords: ['路灯'] }),
      rule({ ruleId: 'R4', unitId: 'tie-fewer', priority: 50, keywords: ['路灯'] }),
      rule({
        ruleId: 'R3',
        unitId: 'tie-more',
        priority: 50,
        keywords: ['路灯'],
        jurisdictionCodes: ['chengguan'],
      }),
      rule({
        ruleId: 'R2',
        unitId: 'tie-more-later',
        priority: 50,
        keywords: ['路灯'],
        jurisdictionCodes: ['chengguan'],
      }),
    ];

    expect(routeCase(subject({ content: '路灯坏了' }), rules).unitId).toBe('tie-more-later');
  });

  it('never chooses an excluded unit (a unit that returned the case)', () => {
    const rules = [
      rule({ ruleId: 'R1', unitId: 'first', priority: 90, keywords: ['路灯'] }),
      rule({ ruleId: 'R2', unitId: 'second', keywords: ['路灯'] }),
    ];

    expect(routeCase(subject({ content: '路灯坏了' }), rules, { excludeUnitIds: ['first'] }).unitId).toBe(
      'second',
    );
    expect(
      routeCase(subject({ content: '路灯坏了' }), rules, { excludeUnitIds: ['first', 'second'] }).unitId,
    ).toBeNull();
  });

  it('ignores disabled rules and rules without any condition', () => {
    const rules = [
      rule({ ruleId: 'R1', unitId: 'disabled', keywords: ['路灯'], enabled: false }),
      rule({ ruleId: 'R2', unitId: 'catch-all' }),
    ];

    expect(routeCase(subject({ content: '路灯坏了' }), rules).unitId).toBeNull();
  });
});

describe('rule conditions and ranking', () => {
  const lamp = subject({ content: '路灯坏了' });

  it('skips a rule whose jurisdictions do not include the case', () => {
    const rules = [
      rule({ ruleId: 'R1', unitId: 'elsewhere', keywords: ['路灯'], jurisdictionCodes: ['xiangzhen'] }),
    ];

    expect(routeCase(lamp, rules).unitId).toBeNull();
  });

  it('matches a confidential-only rule just when the case has the same confidentiality', () => {
    const rules = [rule({ ruleId: 'R1', unitId: 'secret', confidential: true })];

    expect(routeCase(subject({ confidential: true }), rules).unitId).toBe('secret');
    expect(routeCase(subject({ confidential: false }), rules).unitId).toBeNull();
    expect(
      routeCase(subject({ confidential: false }), [
        rule({ ruleId: 'R1', unitId: 'open', confidential: false }),
      ]).unitId,
    ).toBe('open');
  });

  it('counts each matched condition: category, jurisdiction, channel and confidentiality all outrank a keyword alone', () => {
    const keywordOnly = rule({ ruleId: 'R1', unitId: 'keyword-only', keywords: ['路灯'] });
    const extra: Partial<RoutingRule>[] = [
      { categoryCodes: ['transport'] },
      { jurisdictionCodes: ['chengguan'] },
      { channels: ['web'] },
      { confidential: false },
    ];
    for (const condition of extra) {
      const more = rule({ ruleId: 'R2', unitId: 'more', keywords: ['路灯'], ...condition });
      const petition = subject({ categoryCode: 'transport', content: '路灯坏了' });

      expect(routeCase(petition, [keywordOnly, more]).unitId).toBe('more');
      expect(routeCase(petition, [more, keywordOnly]).unitId).toBe('more');
    }
  });

  it('breaks a full tie by the lower rule number, whichever order the rules come in', () => {
    const first = rule({ ruleId: 'R1', unitId: 'first', keywords: ['路灯'] });
    const second = rule({ ruleId: 'R2', unitId: 'second', keywords: ['路灯'] });

    expect(routeCase(lamp, [first, second]).unitId).toBe('first');
    expect(routeCase(lamp, [second, first]).unitId).toBe('first');
  });

  it('compares rule numbers as numbers, not as text', () => {
    const r9 = rule({ ruleId: 'R9', unitId: 'nine', keywords: ['路灯'] });
    const r10 = rule({ ruleId: 'R10', unitId: 'ten', keywords: ['路灯'] });

    expect(routeCase(lamp, [r10, r9]).unitId).toBe('nine');
  });

  it('prefers the higher priority over more conditions', () => {
    const high = rule({ ruleId: 'R2', unitId: 'high', priority: 200, keywords: ['路灯'] });
    const more = rule({ ruleId: 'R1', unitId: 'more', keywords: ['路灯'], jurisdictionCodes: ['chengguan'] });

    expect(routeCase(lamp, [high, more]).unitId).toBe('high');
    expect(routeCase(lamp, [more, high]).unitId).toBe('high');
  });
});

describe('the reason given for a routing decision', () => {
  it('names only the jurisdiction for a jurisdiction-only rule', () => {
    const rules = [rule({ ruleId: 'R1', unitId: 'u1', jurisdictionCodes: ['chengguan'] })];

    expect(routeCase(subject(), rules)).toEqual({
      unitId: 'u1',
      ruleId: 'R1',
      reason: 'rule R1, jurisdiction',
    });
  });

  it('names the category and the jurisdiction when the rule matched on both', () => {
    const rules = [
      rule({ ruleId: 'R4', unitId: 'u4', categoryCodes: ['transport'], jurisdictionCodes: ['chengguan'] }),
    ];

    expect(routeCase(subject({ categoryCode: 'transport' }), rules)).toEqual({
      unitId: 'u4',
      ruleId: 'R4',
      reason: 'rule R4, category, jurisdiction',
    });
  });

  it('names the keyword instead of the category, and still the jurisdiction', () => {
    const rules = [
      rule({
        ruleId: 'R6',
        unitId: 'u6',
        categoryCodes: ['transport'],
        jurisdictionCodes: ['chengguan'],
        keywords: ['路灯'],
      }),
    ];

    expect(routeCase(subject({ categoryCode: 'transport', content: '路灯坏了' }), rules).reason).toBe(
      'rule R6, keyword 路灯, jurisdiction',
    );
  });

  it('names no condition for a channel-only rule', () => {
    const rules = [rule({ ruleId: 'R7', unitId: 'u7', channels: ['web'] })];

    expect(routeCase(subject(), rules).reason).toBe('rule R7');
  });

  it('routes nowhere when the best rule names the accused unit, and says so', () => {
    const rules = [
      rule({ ruleId: 'R1', unitId: 'accused', priority: 200, keywords: ['路灯'] }),
      rule({ ruleId: 'R2', unitId: 'other', keywords: ['路灯'] }),
    ];

    expect(routeCase(subject({ content: '路灯坏了', accusedUnitId: 'accused' }), rules)).toEqual({
      unitId: null,
      ruleId: 'R1',
      reason: 'rule R1 names the accused unit',
    });
    expect(routeCase(subject({ content: '路灯坏了', accusedUnitId: 'someone-else' }), rules).unitId).toBe(
      'accused',
    );
  });
});
