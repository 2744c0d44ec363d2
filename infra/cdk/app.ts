import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App, Tags } from 'aws-cdk-lib';
import { type CloudStage, names, parseStage, stageConfig, type Topology, topology } from './config.ts';
import { DataStack } from './data-stack.ts';
import { ServiceStack } from './service-stack.ts';

/**
 * The CDK app: `npx cdk synth|deploy -c stage=dev|prod` (cdk.json runs this file), or `buildApp` /
 * `synthesizeTemplates` from tests, which need no CLI, no AWS credentials and no network: stacks are
 * environment-agnostic and nothing is looked up.
 */

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The context of cdk.json (feature flags included), so tests synthesize exactly what the CLI does. */
export function projectContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(repositoryRoot, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export interface HuiyinStacks {
  readonly data: DataStack;
  readonly service: ServiceStack;
}

export interface StackOptions {
  readonly topology?: Topology;
  /** Public site base URL for links in messages; `-c publicBaseUrl=…`. Defaults to the HTTP API URL. */
  readonly publicBaseUrl?: string;
}

/** Adds the stage's stacks to an app. */
export function addStacks(app: App, stage: CloudStage, options: StackOptions = {}): HuiyinStacks {
  const config = stageConfig(stage);
  const used = options.topology ?? topology;
  const data = new DataStack(app, names.dataStack(config.prefix), {
    stackName: names.dataStack(config.prefix),
    description: `Huiyin ${stage}: tables, queues and DLQs, staff user pool (stateful)`,
    terminationProtection: config.retainData,
    config,
    topology: used,
  });
  const service = new ServiceStack(app, names.serviceStack(config.prefix), {
    stackName: names.serviceStack(config.prefix),
    description: `Huiyin ${stage}: functions, HTTP API, event sources, schedules (stateless)`,
    config,
    topology: used,
    data,
    ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}),
  });
  service.addStackDependency(data, 'the service stack reads the data stack outputs');
  Tags.of(app).add('project', 'huiyin');
  Tags.of(app).add('huiyin:stage', stage);
  return { data, service };
}

export interface BuildOptions extends StackOptions {
  /** Where the cloud assembly goes; a fresh temporary folder by default. */
  readonly outdir?: string;
  /** false skips esbuild (placeholder code assets): for tests that only look at the wiring. */
  readonly bundle?: boolean;
}

export function buildApp(stage: CloudStage, options: BuildOptions = {}): { app: App; stacks: HuiyinStacks } {
  const context: Record<string, unknown> = { ...projectContext(), stage };
  if (options.bundle === false) context['aws:cdk:bundling-stacks'] = [];
  const app = new App({ context, ...(options.outdir ? { outdir: options.outdir } : {}) });
  return { app, stacks: addStacks(app, stage, options) };
}

/** A synthesized CloudFormation template, as JSON. */
export type CfnTemplate = {
  readonly Resources: Record<
    string,
    { readonly Type: string; readonly Properties?: Record<string, unknown> }
  >;
  readonly Outputs?: Record<
    string,
    { readonly Value: unknown; readonly Export?: { readonly Name: unknown } }
  >;
} & Record<string, unknown>;

/** Synthesizes the stage's stacks and returns their templates keyed by stack name (assets are discarded). */
export function synthesizeTemplates(
  stage: CloudStage,
  options: Omit<BuildOptions, 'outdir'> = {},
): Record<string, CfnTemplate> {
  const outdir = mkdtempSync(join(tmpdir(), 'huiyin-cdk-'));
  try {
    const { app, stacks } = buildApp(stage, { ...options, outdir });
    const assembly = app.synth();
    return Object.fromEntries(
      [stacks.data, stacks.service].map((stack) => [
        stack.stackName,
        assembly.getStackByName(stack.stackName).template as CfnTemplate,
      ]),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function main(): void {
  const app = new App();
  const stage = parseStage(app.node.tryGetContext('stage') ?? 'dev');
  const publicBaseUrl = app.node.tryGetContext('publicBaseUrl') as string | undefined;
  addStacks(app, stage, publicBaseUrl ? { publicBaseUrl } : {});
  app.synth();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
