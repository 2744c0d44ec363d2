import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { withDeclaredUses } from '../../shared/config/invocation.ts';
import { type FunctionName, type FunctionUses, functions } from '../../shared/topology.ts';

/**
 * Loads the real handlers in-process, the way Lambda would: by the topology's entry file and its exported
 * `handler`, each module imported once (a warm container), with a Lambda-shaped context.
 */

// biome-ignore lint/suspicious/noExplicitAny: handlers of every trigger type pass through here.
export type AnyHandler = (event: any, context: Context) => Promise<any>;

const projectRoot = resolve(import.meta.dirname, '../..');
const loaded = new Map<FunctionName, Promise<AnyHandler>>();

export function functionEntryPath(name: FunctionName): string {
  return resolve(projectRoot, 'functions', `${functions[name].entry}.ts`);
}

export function loadHandler(name: FunctionName): Promise<AnyHandler> {
  let handler = loaded.get(name);
  if (!handler) {
    handler = import(pathToFileURL(functionEntryPath(name)).href).then((module: { handler?: AnyHandler }) => {
      if (typeof module.handler !== 'function')
        throw new Error(`functions/${functions[name].entry}.ts exports no handler`);
      return module.handler;
    });
    loaded.set(name, handler);
  }
  return handler;
}

/** The ARN a local function answers to (invocation records name it; redrive maps it back). */
export function localFunctionArn(name: FunctionName): string {
  return `arn:aws:lambda:us-east-1:000000000000:function:huiyin-${name}`;
}

/** `huiyin-jobDeadlineSweep` (from a local ARN) → `jobDeadlineSweep`, if it is a topology function. */
export function localFunctionNamed(functionName: string): FunctionName | undefined {
  const name = functionName.replace(/^huiyin-/, '');
  return Object.hasOwn(functions, name) ? (name as FunctionName) : undefined;
}

export function lambdaContext(name: FunctionName): Context {
  const deadline = Date.now() + functions[name].timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `huiyin-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: localFunctionArn(name),
    memoryLimitInMB: String(functions[name].memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/huiyin-${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * Fault injection for tests (as the runtime's `deliverTwice`): `crash` makes every invocation of the function
 * fail as a crashed runtime does, `hang` makes it run until its timeout. The handler itself is untouched.
 */
export type Fault = 'crash' | 'hang';
const faults = new Map<FunctionName, Fault>();
const invocations = new Map<FunctionName, number>();

export function injectFault(name: FunctionName, fault: Fault): void {
  faults.set(name, fault);
}

export function clearFault(name: FunctionName): void {
  faults.delete(name);
}

/** How often the function was invoked in this process (tests count retries with it). */
export function invocationCount(name: FunctionName): number {
  return invocations.get(name) ?? 0;
}

function faulty(name: FunctionName, context: Context): Promise<never> | undefined {
  const fault = faults.get(name);
  if (fault === 'hang') return new Promise<never>(() => undefined);
  if (fault === 'crash') {
    return Promise.reject(
      new Error(`RequestId: ${context.awsRequestId} Error: Runtime exited with error: exit status 1`),
    );
  }
  return undefined;
}

/**
 * Invocations of this process so far and those still running: the runtime's `settled()` watches them to
 * tell when the pipeline has nothing left to do.
 */
const activity = { started: 0, running: 0 };
export const invocationActivity = (): { readonly started: number; readonly running: number } => ({
  ...activity,
});

/**
 * Invokes a handler with Lambda's timeout: a handler that runs too long fails like a timed-out Lambda. The
 * invocation sees only the secrets its topology entry declares, as its own environment would in Lambda.
 */
export async function invoke<T = unknown>(name: FunctionName, event: unknown): Promise<T> {
  activity.started++;
  activity.running++;
  try {
    return await invokeWithTimeout<T>(name, event);
  } finally {
    activity.running--;
  }
}

async function invokeWithTimeout<T>(name: FunctionName, event: unknown): Promise<T> {
  const handler = await loadHandler(name);
  const timeoutMs = functions[name].timeoutSeconds * 1000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Task timed out after ${functions[name].timeoutSeconds} seconds`)),
      timeoutMs,
    );
  });
  try {
    invocations.set(name, invocationCount(name) + 1);
    const context = lambdaContext(name);
    const run =
      faulty(name, context) ??
      withDeclaredUses(name, functions[name].uses as FunctionUses, () => handler(event, context));
    return (await Promise.race([run, timeout])) as T;
  } finally {
    clearTimeout(timer);
  }
}
