import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App, Aws, type Stack, Tags } from 'aws-cdk-lib';
import { buildAll, type NativeInstaller, stageNativeModules } from '../../scripts/build.ts';
import { type SiteConfig, siteConfig } from '../../shared/auth/site-config.ts';
import { type FunctionArea, type FunctionName, functionArea, functionAreas } from '../../shared/topology.ts';
import { ApiStack } from './api-stack.ts';
import { AuthStack, staffOAuthScopes } from './auth-stack.ts';
import {
  type CloudStage,
  type DeploymentOptions,
  functionsStackPart,
  names,
  optionsFromContext,
  parseInstance,
  parseStage,
  placeholderIssuer,
  type StackPart,
  type StageConfig,
  stackPartsOf,
  stageConfig,
  topology,
} from './config.ts';
import { DataStack } from './data-stack.ts';
import { type FunctionRegistry, FunctionsStack, functionRegistry } from './functions-stack.ts';
import { MailStack } from './mail-stack.ts';
import { MessagingStack } from './messaging-stack.ts';
import { addNagChecks } from './nag.ts';
import { ObservabilityStack } from './observability-stack.ts';
import { untaggedTypes } from './profile.ts';
import { SchedulesStack } from './schedules-stack.ts';
import { StorageStack } from './storage-stack.ts';
import { WebStack } from './web-stack.ts';

/**
 * The CDK app: `npx cdk synth|deploy --all -c stage=dev|prod` (cdk.json runs this file), or `buildApp` /
 * `synthesizeTemplates` from tests, which need no CLI, no AWS credentials and no network: stacks are
 * environment-agnostic and nothing is looked up. The cdk-nag AwsSolutions pack runs on every synth.
 */

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
export const defaultWebAssets = join(repositoryRoot, 'web', 'dist');

/** The context of cdk.json (feature flags included), so tests synthesize exactly what the CLI does. */
export function projectContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(repositoryRoot, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export interface HuiyinStacks {
  readonly config: StageConfig;
  /** The Cognito user pool; none in the china profile (the county's OIDC provider is the issuer). */
  readonly auth?: AuthStack;
  readonly data: DataStack;
  readonly messaging: MessagingStack;
  readonly api: ApiStack;
  readonly web: WebStack;
  readonly storage: StorageStack;
  /** One functions stack per topology area that has functions. */
  readonly functionStacks: Readonly<Partial<Record<FunctionArea, FunctionsStack>>>;
  /** Every function, whichever area stack holds it. */
  readonly functions: FunctionRegistry;
  readonly schedules: SchedulesStack;
  /** SES receiving; none in the china profile (the county's mailbox is polled over IMAP). */
  readonly mail?: MailStack;
  readonly observability: ObservabilityStack;
}

export interface StackOptions extends DeploymentOptions {
  /** Bundles made by `bundleFunctions` (`<codeRoot>/<entry>/index.mjs`); `null` deploys placeholder code. */
  readonly codeRoot: string | null;
}

const descriptions: Record<StackPart, string> = {
  auth: 'staff user pool and groups',
  data: "tables, their key, the functions' secrets (stateful)",
  messaging: 'queues, DLQs, failure queues, their key, the alarm topic and queue alarms',
  api: 'HTTP API, default stage, staff authorizer, its own domain',
  web: 'site bucket and CloudFront distribution (site + /api)',
  storage: 'the topology buckets (attachments, raw mail) and their key',
  'functions-public': 'public Lambda functions, their roles and routes',
  'functions-staff': 'staff Lambda functions, their roles and routes',
  'functions-admin': 'administration Lambda functions, their roles and routes',
  'functions-pipeline': 'queue, stream, scheduled and mail functions, their roles and event sources',
  schedules: 'EventBridge Scheduler schedules',
  mail: 'SES receipt rule set: store inbound mail, invoke the mailbox',
  observability: 'dashboard and service alarms',
};

/** Adds one deployment (a stage) to an app: nine stacks, in dependency order. */
export function addStacks(app: App, stage: CloudStage, options: StackOptions): HuiyinStacks {
  const config = stageConfig(stage, options.instance, options);
  const used = options.topology ?? topology;
  const china = config.profile === 'china';
  const label = `${config.instance ? `${stage}/${config.instance}` : stage}${china ? ' (china)' : ''}`;
  const common = (part: StackPart) => ({
    stackName: names.stack(config.prefix, part),
    description: `Huiyin ${label}: ${descriptions[part]}`,
    config,
    // China: synthesized for its region, so CDK writes aws-cn facts (partition, service principals) for it.
    ...(config.region ? { env: { region: config.region } } : {}),
  });

  const auth = china
    ? undefined
    : new AuthStack(app, names.stack(config.prefix, 'auth'), {
        ...common('auth'),
        terminationProtection: config.retainData,
      });
  const signIn = staffSignIn(config, auth);
  const data = new DataStack(app, names.stack(config.prefix, 'data'), {
    ...common('data'),
    topology: used,
    terminationProtection: config.retainData,
  });
  const messaging = new MessagingStack(app, names.stack(config.prefix, 'messaging'), {
    ...common('messaging'),
    topology: used,
    ...(options.alarmEmail ? { alarmEmail: options.alarmEmail } : {}),
  });
  const api = new ApiStack(app, names.stack(config.prefix, 'api'), {
    ...common('api'),
    topology: used,
    ...(auth ? { auth } : {}),
    ...(options.siteOrigins ? { corsOrigins: options.siteOrigins } : {}),
    ...(options.apiDomain && options.apiCertificateArn
      ? { domain: { name: options.apiDomain, certificateArn: options.apiCertificateArn } }
      : {}),
  });
  const web = new WebStack(app, names.stack(config.prefix, 'web'), {
    ...common('web'),
    api,
    data,
    webAssets:
      options.webAssets === undefined
        ? existsSync(join(defaultWebAssets, 'index.html'))
          ? defaultWebAssets
          : null
        : options.webAssets,
    ...(options.siteDomain ? { siteDomain: options.siteDomain } : {}),
    ...(options.siteCertificateArn ? { siteCertificateArn: options.siteCertificateArn } : {}),
    ...(options.webAclArn ? { webAclArn: options.webAclArn } : {}),
    ...(options.siteServerCertificateId ? { siteServerCertificateId: options.siteServerCertificateId } : {}),
    siteConfig: signIn.siteConfig,
    signInOrigins: signIn.origins,
    topology: used,
  });
  const storage = new StorageStack(app, names.stack(config.prefix, 'storage'), {
    ...common('storage'),
    topology: used,
    uploadOrigins: [web.siteUrl, ...(options.siteOrigins ?? [])],
    terminationProtection: config.retainData,
  });
  // An area without functions gets no stack (CloudFormation refuses an empty template).
  const populated = functionAreas.filter((area) =>
    (Object.keys(used.functions) as FunctionName[]).some((name) => functionArea(name, used.routes) === area),
  );
  const functionStacks = Object.fromEntries(
    populated.map((area) => {
      const part = functionsStackPart(area);
      const stack = new FunctionsStack(app, names.stack(config.prefix, part), {
        ...common(part),
        area,
        topology: used,
        data,
        messaging,
        api,
        storageKey: storage.key,
        publicBaseUrl: options.publicBaseUrl ?? web.siteUrl,
        codeRoot: options.codeRoot,
        ...(options.logLevel ? { logLevel: options.logLevel } : {}),
        ...(options.emailSender ? { emailSender: options.emailSender } : {}),
        ...(auth ? { userPool: auth.userPool } : {}),
      });
      return [area, stack];
    }),
  ) as Partial<Record<FunctionArea, FunctionsStack>>;
  const areaStacks = Object.values(functionStacks);
  const functions = functionRegistry(areaStacks, used);
  const pipeline = functionStacks.pipeline ?? areaStacks;
  const schedules = new SchedulesStack(app, names.stack(config.prefix, 'schedules'), {
    ...common('schedules'),
    topology: used,
    functions,
    messaging,
  });
  const mail = china
    ? undefined
    : new MailStack(app, names.stack(config.prefix, 'mail'), {
        ...common('mail'),
        topology: used,
        storage,
        functions,
        ...(options.mailRecipients ? { recipients: options.mailRecipients } : {}),
      });
  const observability = new ObservabilityStack(app, names.stack(config.prefix, 'observability'), {
    ...common('observability'),
    topology: used,
    data,
    messaging,
    api,
    functions,
  });

  // Explicit order on top of the references, so `cdk deploy --all` always goes data-first and a stack that
  // happens to reference nothing yet (the API before any staff route) still deploys after what it builds on.
  const order: [Stack, Stack[]][] = [
    [api, auth ? [auth] : []],
    [web, [api, data]],
    [storage, [data, web]],
    ...areaStacks.map((stack): [Stack, Stack[]] => [
      stack,
      [...(auth ? [auth] : []), data, messaging, api, web, storage],
    ]),
    [schedules, [pipeline, messaging].flat()],
    ...(mail ? [[mail, [storage, pipeline].flat()] as [Stack, Stack[]]] : []),
    [observability, [data, messaging, api, ...areaStacks]],
  ];
  for (const [stack, dependencies] of order) {
    for (const dependency of dependencies) stack.addStackDependency(dependency, 'deployment order');
  }
  const tagOptions = untaggedTypes(config);
  Tags.of(app).add('project', 'huiyin', tagOptions);
  Tags.of(app).add('huiyin:stage', stage, tagOptions);
  if (config.instance) Tags.of(app).add('huiyin:instance', config.instance, tagOptions);
  return {
    config,
    ...(auth ? { auth } : {}),
    data,
    messaging,
    api,
    web,
    storage,
    functionStacks,
    functions,
    schedules,
    mail,
    observability,
  };
}

/**
 * Where staff sign in, for the site's `/config.json` and CSP: Cognito's managed login (global), or the county's
 * OIDC provider named in the stage config (china). No site address or no issuer yet: sign-in is off.
 */
function staffSignIn(
  config: StageConfig,
  auth: AuthStack | undefined,
): { siteConfig: SiteConfig; origins: string[] } {
  if (auth)
    return {
      siteConfig: auth.siteConfig(config),
      origins: [auth.signInBaseUrl, `https://cognito-idp.${Aws.REGION}.${Aws.URL_SUFFIX}`],
    };
  const issuer = config.staffIssuer;
  const { siteUrl } = config.staffSignIn;
  if (!issuer || issuer === placeholderIssuer || !siteUrl)
    return { siteConfig: { staffSignIn: null }, origins: [] };
  const origins = [issuer.issuer, issuer.jwksUri, issuer.endSessionEndpoint].flatMap((url) =>
    url ? [new URL(url).origin] : [],
  );
  return {
    siteConfig: siteConfig({
      siteUrl,
      issuer: issuer.issuer,
      clientId: issuer.clientId,
      scope: staffOAuthScopes.join(' '),
      ...(issuer.endSessionEndpoint ? { endSessionEndpoint: issuer.endSessionEndpoint } : {}),
    }),
    origins: [...new Set(origins)],
  };
}

/** The stack of one part of a deployment (none for a functions area without functions). */
export function stackOf(stacks: HuiyinStacks, part: StackPart): Stack | undefined {
  const area = functionAreas.find((candidate) => functionsStackPart(candidate) === part);
  if (area) return stacks.functionStacks[area];
  if (part === 'auth') return stacks.auth;
  if (part === 'mail') return stacks.mail;
  return stacks[part as Exclude<StackPart, ReturnType<typeof functionsStackPart> | 'auth' | 'mail'>];
}

/** Every stack of a deployment, in deployment order. */
export function stackList(stacks: HuiyinStacks): Stack[] {
  return stackPartsOf(stacks.config.profile).flatMap((part) => stackOf(stacks, part) ?? []);
}

export interface BuildOptions extends DeploymentOptions {
  /** Where the cloud assembly goes; a fresh temporary folder by default. */
  readonly outdir?: string;
  /**
   * false: placeholder code instead of bundles, for tests that only look at the wiring. Otherwise pass the
   * `codeRoot` that `bundleFunctions` returned.
   */
  readonly bundle?: boolean;
  readonly codeRoot?: string;
  /** false leaves cdk-nag out (default: on, as in the CLI). */
  readonly nag?: boolean;
}

/**
 * Bundles every topology function with our own build (scripts/build.ts: code-split ESM, the same bundles the
 * benchmark measures) into `<outRoot>/<entry>/`, with native addons (sharp, jieba) for Lambda's platform in the
 * `node_modules/` of the functions that load them; the functions stack deploys these folders as they are.
 */
export async function bundleFunctions(
  outRoot: string,
  options: { readonly installNative?: NativeInstaller } = {},
): Promise<string> {
  const results = await buildAll({ outRoot });
  await stageNativeModules(results, {
    outRoot,
    ...(options.installNative ? { install: options.installNative } : {}),
  });
  return outRoot;
}

export function buildApp(stage: CloudStage, options: BuildOptions = {}): { app: App; stacks: HuiyinStacks } {
  if (options.bundle !== false && !options.codeRoot) {
    throw new Error(
      'buildApp: pass { bundle: false } for placeholder code, or a codeRoot from `await bundleFunctions(dir)`',
    );
  }
  const context: Record<string, unknown> = { ...projectContext(), stage };
  const app = new App({ context, ...(options.outdir ? { outdir: options.outdir } : {}) });
  if (options.nag !== false) addNagChecks(app);
  const stacks = addStacks(app, stage, {
    ...options,
    codeRoot: options.bundle === false ? null : (options.codeRoot ?? null),
  });
  return { app, stacks };
}

/** A synthesized CloudFormation template, as JSON. */
export type CfnTemplate = {
  readonly Resources: Record<
    string,
    {
      readonly Type: string;
      readonly Properties?: Record<string, unknown>;
      readonly Metadata?: Record<string, unknown>;
      readonly DeletionPolicy?: string;
      readonly UpdateReplacePolicy?: string;
    }
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
      stackList(stacks).map((stack) => [
        stack.stackName,
        assembly.getStackByName(stack.stackName).template as CfnTemplate,
      ]),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const app = new App();
  const stage = parseStage(app.node.tryGetContext('stage') ?? 'dev');
  const options = optionsFromContext((key) => app.node.tryGetContext(key));
  const instance = parseInstance(app.node.tryGetContext('instance'));
  addNagChecks(app);
  // Inside the cloud assembly, at a stable path: the bundles' hashes (and so their asset hashes) do not depend
  // on where they were built, and the source maps stay next to the assembly for symbolicating stack traces.
  const codeRoot = await bundleFunctions(join(app.outdir, 'huiyin-bundles'));
  if (!existsSync(join(defaultWebAssets, 'index.html'))) {
    console.error(
      'web/dist is missing (npm run build:web): the site bucket and CDN are created without pages',
    );
  }
  addStacks(app, stage, { ...options, ...(instance ? { instance } : {}), codeRoot });
  app.synth();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
