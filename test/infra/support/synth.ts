import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { expect } from 'vitest';
import {
  type BuildOptions,
  buildApp,
  type CfnTemplate,
  type HuiyinStacks,
  stackList,
} from '../../../infra/cdk/app.ts';
import {
  type CloudStage,
  functionsStackPart,
  names,
  type StackPart,
  stageConfig,
  type Topology,
} from '../../../infra/cdk/config.ts';
import { functionNameOf, resourceIdentity, TemplateSet } from '../../../infra/cdk/describe-template.ts';
import { quotaUse, quotaViolations, templateQuotas } from '../../../infra/cdk/quotas.ts';
import type { RuntimeDescription } from '../../../infra/local/runtime.ts';
import {
  type FunctionName,
  functionArea,
  functionAreas,
  type QueueName,
  routeKey,
} from '../../../shared/topology.ts';

/** One synthesized deployment, shared by the tests of a file (synthesis is the slow part). */
export interface Synthesized {
  readonly stage: CloudStage;
  readonly app: App;
  readonly stacks: HuiyinStacks;
  readonly outdir: string;
  readonly templates: Record<string, CfnTemplate>;
  readonly set: TemplateSet;
  /** `dev-huiyin-functions` for `functions`. */
  stackName(part: StackPart): string;
  template(part: StackPart): CfnTemplate;
  dispose(): void;
}

export function synthesize(stage: CloudStage, options: Omit<BuildOptions, 'outdir'> = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), `huiyin-infra-${stage}-`));
  const { app, stacks } = buildApp(stage, { ...options, outdir });
  const assembly = app.synth();
  const templates = Object.fromEntries(
    stackList(stacks).map((stack) => [
      stack.stackName,
      assembly.getStackByName(stack.stackName).template as CfnTemplate,
    ]),
  );
  const prefix = stageConfig(stage, options.instance).prefix;
  return {
    stage,
    app,
    stacks,
    outdir,
    templates,
    set: new TemplateSet(templates),
    stackName: (part) => names.stack(prefix, part),
    template: (part) => templates[names.stack(prefix, part)]!,
    dispose: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** Resources as synthesized here: every one of them has Properties. */
export type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: Record<string, unknown>;
  DependsOn?: string[];
};

export function resourcesOf(template: CfnTemplate, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type) as [
    string,
    Resource,
  ][];
}

/** The functions stack of the function's topology area. */
export function functionStackName(synthesized: Synthesized, name: FunctionName): string {
  return synthesized.stackName(functionsStackPart(functionArea(name)));
}

/** Resources of a type across every functions stack, with their stack. */
export function functionStackResources(
  synthesized: Synthesized,
  type: string,
): { stack: string; logicalId: string; resource: Resource }[] {
  return functionAreas.flatMap((area) => {
    const stack = synthesized.stackName(functionsStackPart(area));
    return resourcesOf(synthesized.templates[stack]!, type).map(([logicalId, resource]) => ({
      stack,
      logicalId,
      resource,
    }));
  });
}

export function functionResource(synthesized: Synthesized, name: FunctionName): [string, Resource] {
  const stack = functionStackName(synthesized, name);
  const found = resourcesOf(synthesized.templates[stack]!, 'AWS::Lambda::Function').filter(
    ([logicalId, resource]) =>
      functionNameOf({ stack, logicalId, resource, attribute: 'Ref', suffix: '' }) === name,
  );
  expect(found, `exactly one Lambda function tagged for ${name}`).toHaveLength(1);
  return found[0]!;
}

export type Statement = {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};

export function statementsOf(policy: Resource): Statement[] {
  return (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
}

/** resource identity (`deny:…` for denials) → actions, over every AWS::IAM::Policy of `stack` attached to the role. */
export function permissionsOf(
  synthesized: Synthesized,
  stack: string,
  roleLogicalId: string,
): Map<string, Set<string>> {
  const granted = new Map<string, Set<string>>();
  for (const [, policy] of resourcesOf(synthesized.templates[stack]!, 'AWS::IAM::Policy')) {
    const roles = (policy.Properties.Roles as unknown[]) ?? [];
    if (!roles.some((ref) => synthesized.set.resolve(stack, ref)?.logicalId === roleLogicalId)) continue;
    for (const statement of statementsOf(policy)) {
      expect(['Allow', 'Deny']).toContain(statement.Effect);
      for (const resource of [statement.Resource].flat()) {
        const identity = resourceIdentity(synthesized.set, stack, resource);
        const key = statement.Effect === 'Deny' ? `deny:${identity}` : identity;
        const actions = granted.get(key) ?? new Set<string>();
        for (const action of [statement.Action].flat()) actions.add(action);
        granted.set(key, actions);
      }
    }
  }
  return granted;
}

/** What the local runtime's describe() returns for the same topology. */
export function expectedDescription(from: Topology): RuntimeDescription {
  return {
    routes: from.routes.map(routeKey),
    queues: (Object.keys(from.queues) as QueueName[]).map((name) => ({
      name,
      maxReceiveCount: from.queues[name].maxReceiveCount,
      visibilityTimeoutSeconds: from.queues[name].visibilityTimeoutSeconds,
    })),
    eventSources: from.eventSources.map((source) =>
      source.kind === 'queue'
        ? `queue:${source.queue}->${source.fn}`
        : `stream:${source.table}->${source.fn}`,
    ),
    schedules: from.schedules.map((schedule) => `${schedule.name}:${schedule.cron}:${schedule.fn}`),
  };
}

/**
 * The quota test of every deployment, whatever its profile: CloudFormation's template quotas and Lambda's 4 KB of
 * environment, and far from the template quotas, not just under them. `webReferences`: the dynamic references
 * the web stack needs for the origin-verify header (one per place the edge adds it); no other stack has any.
 */
export function expectWithinQuotas(synthesized: Synthesized, webReferences: number): void {
  expect(quotaViolations(synthesized.templates), synthesized.stage).toEqual([]);
  for (const [name, template] of Object.entries(synthesized.templates)) {
    const use = Object.fromEntries(quotaUse(name, template).map((entry) => [entry.quota, entry.used]));
    expect(use.dynamicReferences, name).toBe(name.endsWith('-web') ? webReferences : 0);
    expect(use.resources, name).toBeLessThan(templateQuotas.resources / 2);
  }
}
