import type { CfnTemplate } from './app.ts';

/**
 * CloudFormation's per-template quotas (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html):
 * a stack that exceeds one is refused at deploy time, long after an offline synth looked fine. `npm test`
 * checks every template of every stage against them (test/infra/quotas.test.ts).
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

/** One line per quota a template exceeds, naming the template and the quota; empty when all fit. */
export function quotaViolations(templates: Readonly<Record<string, CfnTemplate>>): string[] {
  return Object.entries(templates).flatMap(([name, template]) =>
    quotaUse(name, template)
      .filter((use) => use.used > use.limit)
      .map(
        (use) => `${use.template}: ${use.quota} ${use.used} exceeds CloudFormation's quota of ${use.limit}`,
      ),
  );
}
