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
