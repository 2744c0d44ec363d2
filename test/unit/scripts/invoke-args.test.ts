import { describe, expect, it } from 'vitest';
import { parseEventJson, parseInvokeArgs, resolveFunctionName } from '../../../scripts/invoke.ts';
import { functionNames, functions } from '../../../shared/topology.ts';

describe('resolveFunctionName', () => {
  it.each(functionNames)('accepts the topology key and the entry of %s', (name) => {
    expect(resolveFunctionName(name)).toBe(name);
    expect(resolveFunctionName(functions[name].entry)).toBe(name);
    expect(resolveFunctionName(`functions/${functions[name].entry}.ts`)).toBe(name);
  });

  it('rejects anything else, including near misses', () => {
    for (const input of ['', 'apihealth', 'ApiHealth', 'api_health', 'health', 'toString', 'constructor'])
      expect(resolveFunctionName(input)).toBeUndefined();
  });
});

describe('parseInvokeArgs', () => {
  it('takes a function and an event file', () => {
    expect(parseInvokeArgs(['apiHealth', 'events/api-health.json'])).toEqual({
      kind: 'invoke',
      fn: 'apiHealth',
      eventPath: 'events/api-health.json',
    });
    expect(parseInvokeArgs(['api-create-petition', 'events/api-create-petition.invalid.json'])).toEqual({
      kind: 'invoke',
      fn: 'apiCreatePetition',
      eventPath: 'events/api-create-petition.invalid.json',
    });
  });

  it('defaults the event to events/<entry>.json', () => {
    expect(parseInvokeArgs(['queueRouter'])).toEqual({
      kind: 'invoke',
      fn: 'queueRouter',
      eventPath: 'events/queue-router.json',
    });
  });

  it('ignores a leading -- (tsx scripts/invoke.ts -- …)', () => {
    expect(parseInvokeArgs(['--', 'jobStuckSweep'])).toMatchObject({ kind: 'invoke', fn: 'jobStuckSweep' });
  });

  it('answers help', () => {
    expect(parseInvokeArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseInvokeArgs(['apiHealth', '-h'])).toEqual({ kind: 'help' });
  });

  it('names an unknown function and lists the known ones', () => {
    const result = parseInvokeArgs(['api-heath', 'events/api-health.json']);
    expect(result.kind).toBe('error');
    if (result.kind !== 'error') return;
    expect(result.message).toContain('unknown function "api-heath"');
    expect(result.message).toContain('apiHealth (api-health)');
    expect(result.message).not.toContain('\n');
  });

  it('refuses missing, extra and unknown arguments in one line each', () => {
    for (const argv of [[], ['--'], ['apiHealth', 'a.json', 'b.json'], ['--verbose', 'apiHealth']]) {
      const result = parseInvokeArgs(argv);
      expect(result.kind, JSON.stringify(argv)).toBe('error');
      if (result.kind === 'error') expect(result.message).not.toContain('\n');
    }
  });
});

describe('parseEventJson', () => {
  it('parses JSON', () => {
    expect(parseEventJson('{"Records":[]}', 'e.json')).toEqual({ ok: true, event: { Records: [] } });
  });

  it('explains invalid JSON on one line naming the file', () => {
    const result = parseEventJson('{"Records": [', 'events/broken.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/^event events\/broken\.json is not valid JSON: /);
    expect(result.message).not.toContain('\n');
  });
});
