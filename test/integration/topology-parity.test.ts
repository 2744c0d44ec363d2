import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeTemplates } from '../../infra/cdk/app.ts';
import { describeTemplate } from '../../infra/cdk/describe-template.ts';
import type { RuntimeDescription } from '../../infra/local/runtime.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime-harness.ts';

/**
 * One topology, two runtimes: the synthesized CloudFormation and the running local runtime expose exactly
 * the same routes, queues (with their redrive settings), event sources and schedules.
 */

let runtime: TestRuntime;
let local: RuntimeDescription;
let cloud: RuntimeDescription;

beforeAll(async () => {
  runtime = await startTestRuntime({ runSchedules: true });
  local = await runtime.describe();
  cloud = describeTemplate(await synthesizeTemplates('dev', { bundle: false }));
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('the CDK template and the local runtime agree', () => {
  it('on routes', () => {
    expect([...local.routes].sort()).toEqual([...cloud.routes].sort());
    expect(local.routes.length).toBeGreaterThan(0);
  });

  it('on queues, their DLQ receive counts and visibility timeouts', () => {
    const byName = (entries: RuntimeDescription['queues']) =>
      [...entries].sort((a, b) => a.name.localeCompare(b.name));

    expect(byName(local.queues)).toEqual(byName(cloud.queues));
  });

  it('on event sources', () => {
    expect([...local.eventSources].sort()).toEqual([...cloud.eventSources].sort());
  });

  it('on schedules', () => {
    expect([...local.schedules].sort()).toEqual([...cloud.schedules].sort());
  });
});
