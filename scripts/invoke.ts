/**
 * `npm run invoke -- <function> [events/<file>.json]`: runs one handler once, in this process, with a
 * sample event and a Lambda-like context, and prints what it returns as JSON on stdout.
 *
 *   npm run invoke -- apiHealth events/api-health.json
 *   npm run invoke -- api-create-petition events/api-create-petition.invalid.json
 *   npm run invoke -- queue-router            # event defaults to events/queue-router.json
 *
 * `<function>` is a topology key (`apiHealth`) or its entry (`api-health`). The handler is loaded exactly
 * as the local runtime loads it (`loadHandler`, `lambdaContext` from infra/local/functions.ts) and fails
 * like Lambda after the function's configured timeout.
 *
 * No emulators are started: the handler sees whatever environment you give it. To run against the
 * emulators of a running `npm start`, export the variables the local runtime sets for functions
 * (`functionEnvironment` in infra/local/runtime.ts), e.g. with the default ports and no prefix:
 *
 *   export STAGE=local AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local \
 *     AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:8000 AWS_ENDPOINT_URL_SQS=http://localhost:9324 \
 *     TABLE_NAME_MAIN=huiyin-main TABLE_NAME_IDEMPOTENCY=huiyin-idempotency \
 *     QUEUE_URL_ROUTING=http://sqs.us-east-1.localhost:9324/000000000000/huiyin-routing \
 *     QUEUE_URL_DELIVERY=http://sqs.us-east-1.localhost:9324/000000000000/huiyin-delivery \
 *     QUEUE_URL_NOTIFICATIONS=http://sqs.us-east-1.localhost:9324/000000000000/huiyin-notifications \
 *     PUBLIC_BASE_URL=http://localhost:3000
 *
 * Queue URLs must be exactly the ones fauxqs hands out (host included; `http://localhost:9324/…` is "queue
 * does not exist"). With RESOURCE_PREFIX set, table and queue names carry the prefix. Side effects are
 * real: an invoked create-petition writes a case, and `npm start`'s stream poller will route it.
 *
 * Exit codes: 0 the handler returned; 1 it threw or timed out; 2 bad usage (unknown function, unreadable
 * or invalid JSON event).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lambdaContext, loadHandler } from '../infra/local/functions.ts';
import { type FunctionName, functionNames, functions } from '../shared/topology.ts';

export const USAGE = 'usage: npm run invoke -- <function> [events/<file>.json]';

export type InvokeArgs =
  | { readonly kind: 'invoke'; readonly fn: FunctionName; readonly eventPath: string }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

/** A topology key (`apiHealth`) or an entry (`api-health`, also `functions/api-health.ts`). */
export function resolveFunctionName(input: string): FunctionName | undefined {
  if ((functionNames as readonly string[]).includes(input)) return input as FunctionName;
  const entry = input.replace(/^(?:\.\/)?functions\//, '').replace(/\.ts$/, '');
  return functionNames.find((name) => functions[name].entry === entry);
}

/** Pure: `argv` is what follows the script path (npm strips its own `--`). */
export function parseInvokeArgs(argv: readonly string[]): InvokeArgs {
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  if (args.some((arg) => arg === '-h' || arg === '--help')) return { kind: 'help' };
  const unknownOption = args.find((arg) => arg.startsWith('-'));
  if (unknownOption) return { kind: 'error', message: `unknown option ${unknownOption}; ${USAGE}` };
  const [input, eventPath, ...extra] = args;
  if (!input) return { kind: 'error', message: `missing function name; ${USAGE}` };
  if (extra.length > 0) return { kind: 'error', message: `unexpected argument ${extra[0]}; ${USAGE}` };
  const fn = resolveFunctionName(input);
  if (!fn) {
    const known = functionNames.map((name) => `${name} (${functions[name].entry})`).join(', ');
    return { kind: 'error', message: `unknown function "${input}"; known: ${known}` };
  }
  return { kind: 'invoke', fn, eventPath: eventPath ?? `events/${functions[fn].entry}.json` };
}

/** Pure: the event as a JSON value, or one line saying why not. */
export function parseEventJson(
  text: string,
  path: string,
): { readonly ok: true; readonly event: unknown } | { readonly ok: false; readonly message: string } {
  try {
    return { ok: true, event: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `event ${path} is not valid JSON: ${(error as Error).message}` };
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseInvokeArgs(argv);
  if (args.kind === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (args.kind === 'error') {
    console.error(`invoke: ${args.message}`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(resolve(process.cwd(), args.eventPath), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    console.error(`invoke: cannot read event ${args.eventPath} (${reason})`);
    return 2;
  }
  const parsed = parseEventJson(text, args.eventPath);
  if (!parsed.ok) {
    console.error(`invoke: ${parsed.message}`);
    return 2;
  }

  // Same as `npm start`: the SDK's Node-version notice is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  if (!process.env.TABLE_NAME_MAIN)
    console.error(
      'invoke: hint: TABLE_NAME_MAIN is not set, so handlers that read or write tables will fail; to use ' +
        "the emulators of `npm start`, export its function environment (see this script's header).",
    );

  const { entry, timeoutSeconds } = functions[args.fn];
  const context = lambdaContext(args.fn);
  const startedAt = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const handler = await loadHandler(args.fn);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Task timed out after ${timeoutSeconds} seconds`)),
        context.getRemainingTimeInMillis(),
      );
    });
    const result = await Promise.race([handler(parsed.event, context), timeout]);
    const ms = Math.round(performance.now() - startedAt);
    console.error(`invoke: ${args.fn} (functions/${entry}.ts) returned in ${ms} ms, ${context.awsRequestId}`);
    console.log(JSON.stringify(result ?? null, null, 2));
    return 0;
  } catch (error) {
    const ms = Math.round(performance.now() - startedAt);
    console.error(
      `invoke: ${args.fn} (functions/${entry}.ts) failed after ${ms} ms, ${context.awsRequestId}`,
    );
    console.error(error);
    return 1;
  } finally {
    clearTimeout(timer);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
  // SDK clients may keep sockets alive; like a finished Lambda invocation, don't wait for them.
  setTimeout(() => process.exit(), 1_000).unref();
}
