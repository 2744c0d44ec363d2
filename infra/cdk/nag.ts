import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag 3 runs as a CDK policy-validation plugin (not an aspect): `synth` fails, in the CLI and in tests,
 * when the AwsSolutions pack reports any finding (error or warning) that is not acknowledged. Findings are
 * acknowledged here, one rule (or one `Rule[finding]`) at a time, on the construct they concern, with the reason
 * written next to the code that causes them. The reasons also land in the templates' `cdk_nag` metadata.
 */

/** Minimum length of a reason: a word like "needed" is not a reason. */
export const MIN_REASON_LENGTH = 40;

export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (!/^AwsSolutions-[A-Z]+[0-9]+(\[.+\])?$/.test(id)) {
    throw new Error(`cdk-nag acknowledgement "${id}" is not an AwsSolutions rule id`);
  }
  if (reason.trim().length < MIN_REASON_LENGTH) {
    throw new Error(`cdk-nag acknowledgement ${id} on ${scope.node.path} needs a real reason`);
  }
  Validations.of(scope).acknowledge({ id, reason });
}

/** The AwsSolutions pack, registered on the app; `cdk synth` and `app.synth()` then fail on open findings. */
export function addNagChecks(app: App): AwsSolutionsChecks {
  const checks = new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true });
  Validations.of(app).addPlugins(checks);
  return checks;
}

export interface Acknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

/** Every acknowledgement recorded in the construct tree under `root`, for tests and the docs. */
export function acknowledgements(root: IConstruct): Acknowledgement[] {
  const found: Acknowledgement[] = [];
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [qualified, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ path: construct.node.path, id: qualified.replace(/^annotation::/i, ''), reason });
      }
    }
  }
  return found;
}
