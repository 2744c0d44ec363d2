import type { CfnTemplate } from './app.ts';

/**
 * CloudFormation's per-template quotas (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html):
 * a stack that exceeds one is refused at deploy time, long after an offline synth looked fine. `npm test`
 * checks every template of every stage and both profiles against them (test/infra/hardening.test.ts,
 * test/infra/china.test.ts), with Lambda's quota on a function's environment.
 */
export const templateQuotas = {
  /** `{{resolve:…}}` dynamic references in one template. */
  dynamicReferences: 60,
  resources: 500,
  /** Template body uploaded through S3 (CDK deploys every template that way): 1 MB. */
  bodyBytes: 1_000_000,
  outputs: 200,
  parameters: 200,
  mappings: 200,
} as const;
export type TemplateQuota = keyof typeof templateQuotas;

export interface QuotaUse {
  readonly template: string;
  readonly quota: TemplateQuota;
  readonly used: number;
  readonly limit: number;
}

function count(template: CfnTemplate, section: string): number {
  const value = template[section];
  return value && typeof value === 'object' ? Object.keys(value).length : 0;
}

/** What one template uses of each quota. */
export function quotaUse(name: string, template: CfnTemplate): QuotaUse[] {
  const body = JSON.stringify(template);
  const used: Record<TemplateQuota, number> = {
    dynamicReferences: body.match(/\{\{resolve:/g)?.length ?? 0,
    resources: Object.keys(template.Resources ?? {}).length,
    bodyBytes: Buffer.byteLength(body),
    outputs: count(template, 'Outputs'),
    parameters: count(template, 'Parameters'),
    mappings: count(template, 'Mappings'),
  };
  return (Object.keys(templateQuotas) as TemplateQuota[]).map((quota) => ({
    template: name,
    quota,
    used: used[quota],
    limit: templateQuotas[quota],
  }));
}

/**
 * Lambda's quota on a function's environment: 4 KB for all its variables together
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html, the same in the China regions). Like
 * the template quotas, CloudFormation finds it only at deploy time. The china profile puts the SMS template
 * mapping there, so it is checked with the rest.
 */
export const LAMBDA_ENVIRONMENT_BYTES = 4096;

/** Bounds of what a reference resolves to at deploy time: the pseudo parameters, then any resource attribute. */
const pseudoParameterBytes: Readonly<Record<string, number>> = {
  'AWS::AccountId': 12,
  'AWS::Region': 16,
  'AWS::Partition': 10,
  'AWS::URLSuffix': 16,
};
/** Every name, URL and ARN this app puts in an environment is shorter (the longest, a secret's ARN, is ~110). */
const REFERENCE_BYTES = 128;

/** The most bytes a template value can become once CloudFormation resolves it. */
export function deployedBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).length;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const join = record['Fn::Join'] as [string, unknown[]] | undefined;
    if (join)
      return (
        join[1].reduce<number>((total, part) => total + deployedBytes(part), 0) +
        Buffer.byteLength(join[0]) * Math.max(0, join[1].length - 1)
      );
    const ref = record.Ref;
    if (typeof ref === 'string' && ref in pseudoParameterBytes) return pseudoParameterBytes[ref]!;
  }
  return REFERENCE_BYTES;
}

/** The most bytes a function's environment (its variables as synthesized) can take at deploy time. */
export function environmentBytes(variables: Readonly<Record<string, unknown>>): number {
  return Object.entries(variables).reduce(
    (total, [key, value]) => total + Buffer.byteLength(key) + deployedBytes(value),
    0,
  );
}

/** Bytes of each function's environment at deploy time at most, keyed `<template>/<logical id>`. */
export function lambdaEnvironmentBytes(
  templates: Readonly<Record<string, CfnTemplate>>,
): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const [name, template] of Object.entries(templates))
    for (const [id, resource] of Object.entries(template.Resources ?? {})) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const variables = (
        resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined
      )?.Variables;
      sizes.set(`${name}/${id}`, environmentBytes(variables ?? {}));
    }
  return sizes;
}

/**
 * One line per quota a template exceeds, naming the template and the quota, and per function whose environment
 * could exceed Lambda's 4 KB; empty when all fit.
 */
export function quotaViolations(templates: Readonly<Record<string, CfnTemplate>>): string[] {
  const templateLines = Object.entries(templates).flatMap(([name, template]) =>
    quotaUse(name, template)
      .filter((use) => use.used > use.limit)
      .map(
        (use) => `${use.template}: ${use.quota} ${use.used} exceeds CloudFormation's quota of ${use.limit}`,
      ),
  );
  const environmentLines = [...lambdaEnvironmentBytes(templates)]
    .filter(([, bytes]) => bytes > LAMBDA_ENVIRONMENT_BYTES)
    .map(
      ([fn, bytes]) =>
        `${fn}: environment of up to ${bytes} bytes exceeds Lambda's quota of ${LAMBDA_ENVIRONMENT_BYTES}`,
    );
  return [...templateLines, ...environmentLines];
}
