import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod';
import { type Emulators, startEmulators } from './emulators.ts';
import { StartupError } from './errors.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from './identity-provider.ts';
import { assertPortFree } from './ports.ts';
import { recoverInFlightWork } from './recovery.ts';
import { type Runtime, startRuntime } from './runtime.ts';
import { readRuntimeFile, removeRuntimeFile, writeRuntimeFile } from './runtime-file.ts';
import { localSettingsSchema } from './settings.ts';

/**
 * `npm start`: the whole system on one machine. Ports and the data folder come from the environment so
 * two copies can run side by side. Ctrl-C, SIGTERM or a crash stop everything, Java included. While it runs,
 * `<DATA_DIR>/runtime.json` says how to reach it (infra/local/runtime-file.ts), for `npm run job`.
 */

const projectRoot = resolve(import.meta.dirname, '../..');
let emulators: Emulators | undefined;
let runtime: Runtime | undefined;
let dataDirectory: string | undefined;
let stopping = false;
const SETTLE_ON_STOP_MS = 5_000;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (dataDirectory) removeRuntimeFile(dataDirectory);
    // Work already committed (a routing, a notice owed) is finished now rather than at the next start; a
    // pipeline that will not settle (a failing webhook in backoff) does not hold the stop up for long.
    if (code === 0) await runtime?.settled(SETTLE_ON_STOP_MS).catch(() => undefined);
    await runtime?.stop().catch(() => undefined);
    await emulators?.stop().catch(() => undefined);
  }
  process.exit(code);
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const settings = localSettingsSchema.parse(process.env);
  dataDirectory = resolve(projectRoot, settings.DATA_DIR);
  const owner = readRuntimeFile(dataDirectory);
  if (owner.kind === 'running')
    throw new StartupError(
      `${settings.DATA_DIR} is in use by a running npm start (pid ${owner.file.pid}, ${owner.file.url}); stop it or set DATA_DIR to another folder.`,
    );
  const staticRoot = resolve(projectRoot, 'web/dist');
  if (!existsSync(staticRoot))
    throw new StartupError('web/dist is missing: run `npm run build:web` (npm start does it for you).');
  await assertPortFree(settings.PORT, 'HTTP gateway', 'PORT');
  await assertPortFree(settings.SMTP_PORT, 'SMTP listener', 'SMTP_PORT');
  emulators = await startEmulators({
    dynamodbPort: settings.DYNAMODB_PORT,
    sqsPort: settings.SQS_PORT,
    dataDirectory,
  });
  runtime = await startRuntime({
    dynamodbEndpoint: emulators.dynamodbEndpoint,
    sqsEndpoint: emulators.sqsEndpoint,
    prefix: settings.RESOURCE_PREFIX,
    port: settings.PORT,
    host: settings.HOST,
    staticRoot,
    dataDirectory,
    seedDemoCounty: true,
    publishReceptionDays: true,
    smtpPort: settings.SMTP_PORT,
    ...(settings.API_THROTTLE === 'off' ? { throttle: 'off' as const } : {}),
    log: (line) => console.log(`  ${line}`),
  });
  const recovered = await recoverInFlightWork(runtime);
  if (recovered.rerouted + recovered.redelivered + recovered.renotified > 0) {
    console.log(
      `  recovered in-flight work: ${recovered.rerouted} case(s) re-routed, ${recovered.redelivered} delivery(ies) resent, ${recovered.renotified} notice(s) resent`,
    );
  }
  writeRuntimeFile(dataDirectory, {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    url: runtime.url,
    dynamodbEndpoint: emulators.dynamodbEndpoint,
    sqsEndpoint: emulators.sqsEndpoint,
    ...(runtime.smtpUrl ? { smtpUrl: runtime.smtpUrl } : {}),
    prefix: settings.RESOURCE_PREFIX,
  });
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(`
回音 Huiyin is running (started in ${seconds} s)
  public site     ${runtime.url}/
  health          ${runtime.url}/api/health
  DynamoDB Local  ${emulators.dynamodbEndpoint}   (data in ${settings.DATA_DIR}/)
  SQS (fauxqs)    ${emulators.sqsEndpoint}   (and S3)
  mailbox (SMTP)  ${runtime.smtpUrl ?? '-'}   (mail to xinfang@mail.huiyin.local, or <studioId>@… for a studio, becomes a case)
  staff console   ${runtime.url}/console.html   (open it at this address: sign-in returns here)
  staff sign-in   ${runtime.issuer}   (local OIDC provider, Cognito's stand-in)
  outbox          ${runtime.url}/_local/outbox   (every SMS and e-mail the system sends)
  demo TOTP code  ${runtime.url}/_local/totp
Demo logins: password ${DEMO_PASSWORD}, one-time code from authenticator key ${DEMO_TOTP_SECRET}
  (or from ${runtime.url}/_local/totp): ${runtime.demoLogins.join(', ')}
Press Ctrl-C to stop.`);
}

process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));
process.once('SIGHUP', () => void shutdown(0));
process.on('uncaughtException', (error) => {
  console.error(`huiyin: ${error.message}`);
  void shutdown(1);
});
process.on('unhandledRejection', (error) => {
  console.error(`huiyin: ${(error as Error)?.message ?? String(error)}`);
  void shutdown(1);
});

main().catch((error: unknown) => {
  if (error instanceof StartupError || error instanceof z.ZodError)
    console.error(
      `huiyin: ${error instanceof z.ZodError ? `invalid setting ${error.issues[0]?.path.join('.')}: ${error.issues[0]?.message}` : error.message}`,
    );
  else console.error('huiyin: start-up failed:', error);
  void shutdown(1);
});
