import { AsyncLocalStorage } from 'node:async_hooks';
import { ConfigurationError } from '../errors/index.ts';
import type { BucketName, FunctionUses, QueueName, TableName } from '../topology.ts';

/**
 * The local runtime runs every function in one process, with one environment. In the cloud each function's
 * environment names only the tables, queues, buckets and secrets its topology entry declares (`uses`), and the
 * CDK app grants nothing else. So the local runtime binds each invocation to its function's declaration
 * (`withDeclaredUses`), and reading an undeclared resource fails locally exactly as it would in the cloud, where
 * the variable is simply missing. Outside an invocation (tests calling adapters, scripts) nothing is checked.
 */
const invocation = new AsyncLocalStorage<{ readonly fn: string; readonly uses: FunctionUses }>();

export function withDeclaredUses<T>(fn: string, uses: FunctionUses, run: () => T): T {
  return invocation.run({ fn, uses }, run);
}

/** The running function's name and declaration, when the local runtime is running one. */
export function currentInvocation(): { readonly fn: string; readonly uses: FunctionUses } | undefined {
  return invocation.getStore();
}

function refuse(fn: string, what: string, field: string): never {
  throw new ConfigurationError(
    `${fn} uses ${what}, which its topology entry does not declare (uses.${field})`,
  );
}

export function assertTableDeclared(table: TableName): void {
  const current = invocation.getStore();
  if (current && !current.uses.tables?.[table]) refuse(current.fn, `the ${table} table`, 'tables');
}

/** As the CDK app hands out queue URLs: to the functions that send to, inspect or receive from the queue. */
export function assertQueueDeclared(queue: QueueName): void {
  const current = invocation.getStore();
  if (!current) return;
  const { sendsTo = [], inspects = [], receivesFrom = [] } = current.uses;
  if (![...sendsTo, ...inspects, ...receivesFrom].includes(queue))
    refuse(current.fn, `the ${queue} queue`, 'sendsTo/inspects/receivesFrom');
}

export function assertBucketDeclared(bucket: BucketName): void {
  const current = invocation.getStore();
  if (current && !current.uses.buckets?.[bucket]) refuse(current.fn, `the ${bucket} bucket`, 'buckets');
}
