import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STAFF_CLIENT_ID } from '../../infra/local/identity-provider.ts';
import { freePort } from '../../infra/local/ports.ts';
import { runtimeFilePath } from '../../infra/local/runtime-file.ts';
import { signInDemo } from '../support/oidc-flow.ts';
import { eventually, petitionBody } from '../support/runtime-harness.ts';

/**
 * `npm start` as a user runs it: a separate process with its own emulators. Checks the promises the
 * README makes: clean stops with no Java left behind (even after SIGKILL), data that survives a restart,
 * `npm run job` finding the running stack by its data folder alone, and one-line errors for the usual
 * start-up mistakes. Every wait is on a readiness signal (the start banner, an exit, a status); the limits
 * leave room for Java and two whole suites sharing two cores.
 */

const START_LIMIT_MS = 120_000;

const projectRoot = resolve(import.meta.dirname, '../..');
const dataDirectories: string[] = [];

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly dynamodbPort: number;
  output(): string;
}

async function ports() {
  return {
    PORT: String(await freePort()),
    DYNAMODB_PORT: String(await freePort()),
    SQS_PORT: String(await freePort()),
    SMTP_PORT: String(await freePort()),
  };
}

function launch(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { child, output: () => output };
}

async function start(dataDirectory: string, portSettings?: Record<string, string>): Promise<Started> {
  const settings = portSettings ?? (await ports());
  const { child, output } = launch({ ...settings, DATA_DIR: dataDirectory });
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output()}`);
      return output().includes('Huiyin is running') ? true : undefined;
    },
    START_LIMIT_MS,
    100,
  );
  return {
    child,
    url: `http://127.0.0.1:${settings.PORT}`,
    dynamodbPort: Number(settings.DYNAMODB_PORT),
    output,
  };
}

function javaRunningOn(port: number): boolean {
  try {
    const found = execFileSync('pgrep', ['-f', `DynamoDBLocal.jar -port ${port} `], { encoding: 'utf8' });
    // A zombie is not running; only count live processes.
    return found
      .trim()
      .split('\n')
      .filter(Boolean)
      .some(
        (pid) => !execFileSync('ps', ['-o', 'stat=', '-p', pid], { encoding: 'utf8' }).trim().startsWith('Z'),
      );
  } catch {
    return false;
  }
}

/** `npm run job` as a user runs it, given only the data folder of the stack. */
async function job(dataDirectory: string, ...args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/job.ts', ...args], {
    cwd: projectRoot,
    env: { ...process.env, DATA_DIR: dataDirectory },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await exited(child);
  return { code, stdout, stderr };
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function newDataDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'huiyin-data-'));
  dataDirectories.push(directory);
  return directory;
}

afterAll(() => {
  for (const directory of dataDirectories) rmSync(directory, { recursive: true, force: true });
});

describe('npm start as a process', () => {
  it('keeps petitions and staff sign-ins across a restart and stops cleanly on SIGTERM', async () => {
    const dataDirectory = newDataDirectory();
    const settings = await ports();
    const first = await start(dataDirectory, settings);
    const signedIn = await signInDemo(`${first.url}/oidc`, `${first.url}/console.html`, 'supervisor');
    const created = (await (
      await fetch(`${first.url}/api/petitions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(petitionBody()),
      })
    ).json()) as { trackingCode: string };
    await eventually(async () => {
      const view = (await (
        await fetch(`${first.url}/api/petitions/${created.trackingCode}?phone=5678`)
      ).json()) as { status: string };
      return view.status === 'assigned' ? view : undefined;
    });
    expect(existsSync(runtimeFilePath(dataDirectory))).toBe(true);
    const swept = await job(dataDirectory, 'stuck-sweep');
    expect(swept.stderr).toMatch(/job: stuck-sweep \(\w+\) finished in \d+ ms/);
    expect(swept.code).toBe(0);
    // A second stack on the same data folder is refused, and leaves the first one's runtime.json alone.
    const intruder = launch({ ...(await ports()), DATA_DIR: dataDirectory });
    expect(await exited(intruder.child)).toBe(1);
    expect(intruder.output().trim()).toMatch(
      new RegExp(`^huiyin: .+ is in use by a running npm start \\(pid ${first.child.pid}, ${first.url}\\)`),
    );
    expect(existsSync(runtimeFilePath(dataDirectory))).toBe(true);

    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    expect(javaRunningOn(first.dynamodbPort)).toBe(false);
    expect(existsSync(runtimeFilePath(dataDirectory))).toBe(false);
    const refused = await job(dataDirectory, 'stuck-sweep');
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe(
      `job: no stack is running on ${dataDirectory}/ (no ${dataDirectory}/runtime.json): start one with \`npm start\` (with DATA_DIR=${dataDirectory})`,
    );

    const second = await start(dataDirectory, settings);
    const view = (await (
      await fetch(`${second.url}/api/petitions/${created.trackingCode}?phone=5678`)
    ).json()) as { status: string };
    // The provider's signing key and its sessions are kept in the data folder too.
    const me = await fetch(`${second.url}/api/staff/me`, {
      headers: { authorization: `Bearer ${signedIn.access_token}` },
    });
    const refreshed = await fetch(`${second.url}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: signedIn.refresh_token,
        client_id: STAFF_CLIENT_ID,
      }).toString(),
    });
    second.child.kill('SIGINT');
    expect(await exited(second.child)).toBe(0);

    expect(view.status).toBe('assigned');
    expect(me.status).toBe(200);
    expect(refreshed.status).toBe(200);
    expect(first.output()).toContain(`demo TOTP code  ${first.url}/_local/totp`);
    expect(javaRunningOn(second.dynamodbPort)).toBe(false);
  }, 360_000);

  it('leaves no Java process behind when the runtime itself is killed with SIGKILL', async () => {
    const started = await start(newDataDirectory());
    expect(javaRunningOn(started.dynamodbPort)).toBe(true);

    started.child.kill('SIGKILL');
    await exited(started.child);

    await eventually(async () => (javaRunningOn(started.dynamodbPort) ? undefined : true), 30_000, 100);
  }, 180_000);

  it('explains a port already in use in one line', async () => {
    const blocker: Server = createServer();
    const settings = await ports();
    await new Promise<void>((resolve) => blocker.listen(Number(settings.PORT), '127.0.0.1', () => resolve()));
    try {
      const { child, output } = launch({ ...settings, DATA_DIR: newDataDirectory() });

      expect(await exited(child)).toBe(1);
      const lines = output().trim().split('\n');
      expect(lines.at(-1)).toMatch(
        new RegExp(`^huiyin: Port ${settings.PORT} \\(HTTP gateway\\) is already in use`),
      );
      expect(output()).not.toMatch(/\n\s+at /);
      expect(javaRunningOn(Number(settings.DYNAMODB_PORT))).toBe(false);
    } finally {
      blocker.close();
    }
  }, 120_000);

  it('explains a missing Java in one line', async () => {
    const { child, output } = launch({
      ...(await ports()),
      DATA_DIR: newDataDirectory(),
      PATH: '/nonexistent',
    });

    expect(await exited(child)).toBe(1);
    expect(output().trim()).toMatch(
      /^huiyin: Java 17\+ is required for DynamoDB Local but `java` was not found on PATH\.$/m,
    );
    expect(output()).not.toMatch(/\n\s+at /);
  }, 120_000);
});
