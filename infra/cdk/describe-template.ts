import {
  type QueueName,
  queuePhysicalName,
  routeKey,
  type SecretName,
  tableNames,
  tablePhysicalName,
} from '../../shared/topology.ts';
import type { RuntimeDescription } from '../local/runtime.ts';
import type { CfnTemplate } from './app.ts';
import {
  topology as defaultTopology,
  FUNCTION_TAG,
  KEY_TAG,
  names,
  secretDefs,
  type Topology,
} from './config.ts';
import { fromEventBridgeCron } from './cron.ts';

/**
 * Reads synthesized CloudFormation templates back into the shape of the local runtime's `describe()`, so a
 * test can prove the cloud and the local runtime mount the same routes, queues, event sources and schedules.
 * Pure: JSON in, JSON out. Names map back through the topology's physical-name helpers (queues, tables,
 * schedules) and the `huiyin:function` tag (functions); anything that does not map back is reported under
 * its physical name, so an extra resource shows up in a comparison instead of disappearing.
 * Lists follow the topology's order; entries the topology does not know come last, sorted.
 */

export type TemplateInput = CfnTemplate | Readonly<Record<string, CfnTemplate>>;

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

export interface LocatedResource {
  readonly stack: string;
  readonly logicalId: string;
  readonly resource: CfnResource;
  /** `Ref`, or the attribute of `Fn::GetAtt` (`Arn`, `StreamArn`, …). */
  readonly attribute: string;
  /** Literal text joined after the reference, e.g. `/index/*`. */
  readonly suffix: string;
}

function isTemplate(value: unknown): value is CfnTemplate {
  return typeof value === 'object' && value !== null && 'Resources' in value;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** One or more templates (keyed by stack name) with references resolved across them. */
export class TemplateSet {
  readonly stacks: ReadonlyMap<string, CfnTemplate>;

  constructor(input: TemplateInput) {
    this.stacks = new Map(isTemplate(input) ? [['stack', input]] : Object.entries(input));
  }

  *resources(type?: string): Generator<{ stack: string; logicalId: string; resource: CfnResource }> {
    for (const [stack, template] of this.stacks) {
      for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
        if (!type || resource.Type === type) yield { stack, logicalId, resource };
      }
    }
  }

  /** Follows Ref, Fn::GetAtt, Fn::Join (reference + literal), Fn::GetStackOutput and Fn::ImportValue. */
  resolve(stack: string, expression: unknown): LocatedResource | undefined {
    const object = record(expression);
    if (!object) return undefined;
    const template = this.stacks.get(stack);
    if (typeof object.Ref === 'string') {
      const resource = template?.Resources[object.Ref];
      return resource ? { stack, logicalId: object.Ref, resource, attribute: 'Ref', suffix: '' } : undefined;
    }
    const getAtt = object['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
      const resource = template?.Resources[getAtt[0]];
      return resource
        ? { stack, logicalId: getAtt[0], resource, attribute: String(getAtt[1]), suffix: '' }
        : undefined;
    }
    const join = object['Fn::Join'];
    if (Array.isArray(join) && join[0] === '' && Array.isArray(join[1]) && join[1].length >= 1) {
      const [head, ...rest] = join[1] as unknown[];
      if (!rest.every((part) => typeof part === 'string')) return undefined;
      const located = this.resolve(stack, head);
      return located ? { ...located, suffix: located.suffix + rest.join('') } : undefined;
    }
    const stackOutput = record(object['Fn::GetStackOutput']);
    if (stackOutput) {
      const producer = String(stackOutput.StackName);
      const outputName = String(stackOutput.OutputName);
      const candidates = this.stacks.has(producer) ? [producer] : [...this.stacks.keys()];
      for (const candidate of candidates) {
        const output = this.stacks.get(candidate)?.Outputs?.[outputName];
        if (output) return this.resolve(candidate, output.Value);
      }
      return undefined;
    }
    const importName = object['Fn::ImportValue'];
    if (typeof importName === 'string') {
      for (const [candidate, candidateTemplate] of this.stacks) {
        for (const output of Object.values(candidateTemplate.Outputs ?? {})) {
          if (output.Export?.Name === importName) return this.resolve(candidate, output.Value);
        }
      }
    }
    return undefined;
  }
}

/**
 * `dev-huiyin-routing` → `routing` when `name('', 'routing')` is its suffix after a prefix of lower-case words
 * (`dev-`, `prod-qingxi-`).
 */
function fromPhysical<N extends string>(
  physical: unknown,
  candidates: readonly N[],
  physicalName: (prefix: string, name: N) => string,
): N | undefined {
  if (typeof physical !== 'string') return undefined;
  return candidates.find((candidate) => {
    const bare = physicalName('', candidate);
    return (
      physical.endsWith(bare) && /^([a-z0-9]+-)*$/.test(physical.slice(0, physical.length - bare.length))
    );
  });
}

function tagValue(resource: CfnResource, key: string): string | undefined {
  const tags = resource.Properties?.Tags;
  if (!Array.isArray(tags)) return undefined;
  const tag = tags.find((entry) => record(entry)?.Key === key) as { Value?: unknown } | undefined;
  return typeof tag?.Value === 'string' ? tag.Value : undefined;
}

export function functionNameOf(located: LocatedResource | undefined): string | undefined {
  if (located?.resource.Type !== 'AWS::Lambda::Function') return undefined;
  return tagValue(located.resource, FUNCTION_TAG);
}

/** `data`, `messaging`, `mail`: the name a customer-managed key carries in its `huiyin:key` tag. */
export function keyNameOf(located: LocatedResource | undefined): string | undefined {
  if (located?.resource.Type !== 'AWS::KMS::Key') return undefined;
  return tagValue(located.resource, KEY_TAG);
}

/** Topology queue name of a queue resource, else its physical name. */
export function queueNameOf(resource: CfnResource, topology: Topology = defaultTopology): string {
  const physical = resource.Properties?.QueueName;
  const queueNames = Object.keys(topology.queues) as QueueName[];
  return fromPhysical(physical, queueNames, queuePhysicalName) ?? String(physical);
}

/** Topology table name of a table resource, else its physical name. */
export function tableNameOf(resource: CfnResource): string {
  const physical = resource.Properties?.TableName;
  return fromPhysical(physical, tableNames, tablePhysicalName) ?? String(physical);
}

/** Topology secret name of a secret resource (`dev-huiyin/cursor-secret` → `cursor`), else its physical name. */
export function secretNameOf(resource: CfnResource): string {
  const physical = resource.Properties?.Name;
  const secret = (Object.keys(secretDefs) as SecretName[]).find(
    (name) => typeof physical === 'string' && physical.endsWith(`huiyin/${secretDefs[name].name}`),
  );
  return secret ?? String(physical);
}

const tableTypes = new Set(['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable']);

/**
 * What an IAM resource ARN points at, in topology terms: `table:main`, `table:main/index/GSI1`, `stream:main`,
 * `queue:routing`, `queue:dev-huiyin-routing-dlq` (not a topology queue), `function:jobStuckSweep`, `key:data`,
 * `secret:cursor`,
 * or `unresolved:<json>` / `*`.
 */
export function resourceIdentity(
  set: TemplateSet,
  stack: string,
  expression: unknown,
  topology = defaultTopology,
) {
  if (typeof expression === 'string') return expression === '*' ? '*' : `literal:${expression}`;
  const located = set.resolve(stack, expression);
  if (!located) {
    const rendered = renderPseudoJoin(expression);
    return rendered === undefined ? `unresolved:${JSON.stringify(expression)}` : `literal:${rendered}`;
  }
  const { resource, attribute, suffix } = located;
  if (tableTypes.has(resource.Type)) {
    return `${attribute === 'StreamArn' ? 'stream' : 'table'}:${tableNameOf(resource)}${suffix}`;
  }
  if (resource.Type === 'AWS::SQS::Queue') return `queue:${queueNameOf(resource, topology)}${suffix}`;
  if (resource.Type === 'AWS::SecretsManager::Secret') return `secret:${secretNameOf(resource)}${suffix}`;
  const fn = functionNameOf(located);
  if (fn) return `function:${fn}${suffix}`;
  const key = keyNameOf(located);
  if (key) return `key:${key}${suffix}`;
  return `${resource.Type}:${located.logicalId}${suffix}`;
}

/**
 * An ARN built only from literals and pseudo parameters (`arn:<AWS::Partition>:ses:<AWS::Region>:…`), written
 * the way cdk-nag writes it; anything that references a resource is left to `resolve`.
 */
function renderPseudoJoin(expression: unknown): string | undefined {
  const join = record(expression)?.['Fn::Join'];
  if (!Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1])) return undefined;
  const parts = (join[1] as unknown[]).map((part) => {
    if (typeof part === 'string') return part;
    const ref = record(part)?.Ref;
    return typeof ref === 'string' && ref.startsWith('AWS::') ? `<${ref}>` : undefined;
  });
  return parts.every((part) => part !== undefined) ? parts.join('') : undefined;
}

/** Sorts by position in `order` (the topology's); unknown keys last, alphabetically. */
function inOrder<T>(values: readonly T[], order: readonly string[], key: (value: T) => string): T[] {
  const rank = (value: T) => {
    const index = order.indexOf(key(value));
    return index === -1 ? order.length : index;
  };
  return [...values].sort((a, b) => rank(a) - rank(b) || key(a).localeCompare(key(b)));
}

const self = (value: string) => value;

export function describeTemplate(
  input: TemplateInput,
  topology: Topology = defaultTopology,
): RuntimeDescription {
  const set = new TemplateSet(input);

  const routes = [...set.resources('AWS::ApiGatewayV2::Route')].map(({ resource }) =>
    String(resource.Properties?.RouteKey),
  );

  // A queue that something dead-letters into is a DLQ or failure destination, not a topology queue.
  const deadLetterTargets = new Set<string>();
  const markDeadLetter = (stack: string, expression: unknown) => {
    const located = set.resolve(stack, expression);
    if (located) deadLetterTargets.add(`${located.stack}/${located.logicalId}`);
  };
  for (const { stack, resource } of set.resources('AWS::SQS::Queue')) {
    markDeadLetter(stack, record(resource.Properties?.RedrivePolicy)?.deadLetterTargetArn);
  }
  for (const { stack, resource } of set.resources('AWS::Lambda::EventSourceMapping')) {
    const onFailure = record(record(resource.Properties?.DestinationConfig)?.OnFailure);
    markDeadLetter(stack, onFailure?.Destination);
  }
  for (const { stack, resource } of set.resources('AWS::Lambda::EventInvokeConfig')) {
    const onFailure = record(record(resource.Properties?.DestinationConfig)?.OnFailure);
    markDeadLetter(stack, onFailure?.Destination);
  }
  for (const { stack, resource } of set.resources('AWS::Scheduler::Schedule')) {
    markDeadLetter(stack, record(record(resource.Properties?.Target)?.DeadLetterConfig)?.Arn);
  }
  const queues = [...set.resources('AWS::SQS::Queue')]
    .filter(({ stack, logicalId }) => !deadLetterTargets.has(`${stack}/${logicalId}`))
    .map(({ resource }) => ({
      name: queueNameOf(resource, topology) as QueueName,
      maxReceiveCount: Number(record(resource.Properties?.RedrivePolicy)?.maxReceiveCount ?? 0),
      // SQS's default when the property is absent.
      visibilityTimeoutSeconds: Number(resource.Properties?.VisibilityTimeout ?? 30),
    }));

  const eventSources = [...set.resources('AWS::Lambda::EventSourceMapping')].map(({ stack, resource }) => {
    const fn = functionNameOf(set.resolve(stack, resource.Properties?.FunctionName)) ?? '?';
    const source = set.resolve(stack, resource.Properties?.EventSourceArn);
    if (source?.resource.Type === 'AWS::SQS::Queue')
      return `queue:${queueNameOf(source.resource, topology)}->${fn}`;
    if (source && tableTypes.has(source.resource.Type) && source.attribute === 'StreamArn') {
      return `stream:${tableNameOf(source.resource)}->${fn}`;
    }
    return `unknown:${JSON.stringify(resource.Properties?.EventSourceArn)}->${fn}`;
  });

  const scheduleNames = topology.schedules.map((schedule) => schedule.name);
  const schedules = [...set.resources('AWS::Scheduler::Schedule')].map(({ stack, resource }) => {
    const physical = resource.Properties?.Name;
    const name = fromPhysical(physical, scheduleNames, names.schedule) ?? String(physical);
    const expression = String(resource.Properties?.ScheduleExpression);
    let cron: string;
    try {
      cron = fromEventBridgeCron(expression);
    } catch {
      cron = expression;
    }
    const fn = functionNameOf(set.resolve(stack, record(resource.Properties?.Target)?.Arn)) ?? '?';
    return `${name}:${cron}:${fn}`;
  });

  return {
    routes: inOrder(routes, topology.routes.map(routeKey), self),
    queues: inOrder(queues, Object.keys(topology.queues), (queue) => queue.name),
    eventSources: inOrder(
      eventSources,
      topology.eventSources.map((source) =>
        source.kind === 'queue'
          ? `queue:${source.queue}->${source.fn}`
          : `stream:${source.table}->${source.fn}`,
      ),
      self,
    ),
    schedules: inOrder(
      schedules,
      topology.schedules.map((schedule) => `${schedule.name}:${schedule.cron}:${schedule.fn}`),
      self,
    ),
  };
}
