import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { type FunctionName, functions } from '../../shared/topology.ts';

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

export function lambdaContext(name: FunctionName): Context {
  const deadline = Date.now() + functions[name].timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `huiyin-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:huiyin-${name}`,
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
 * Invocations of this process so far and those still running: the runtime's `settled()` watches them to
 * tell when the pipeline has nothing left to do.
 */
const activity = { started: 0, running: 0 };
export const invocationActivity = (): { readonly started: number; readonly running: number } => ({
  ...activity,
});

/** Invokes a handler with Lambda's timeout: a handler that runs too long fails like a timed-out Lambda. */
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
    return (await Promise.race([handler(event, lambdaContext(name)), timeout])) as T;
  } finally {
    clearTimeout(timer);
  }
}
