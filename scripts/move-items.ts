/**
 * `npx tsx scripts/move-items.ts --prefix prod-` (AWS credentials and region of the stage in the environment):
 * moves the items an older release kept in a stage's main table into the tables they live in now (the
 * similar-case index and hot topics into the similar table, the notification ledger into the idempotency
 * table, the pending markers into the pending table, the report facts into the facts table), then indexes the
 * similar cases of a release that keyed them by MinHash band again by term, once, after the first deployment
 * of this release (docs/deploy.md, "Tables"). A stage deployed with them in place from the
 * start has nothing to move. Safe to run again: a finished move is on record in its
 * target table and is not repeated; an interrupted one is finished. The local runtime does the same by itself
 * at every start.
 *
 * Exit codes: 0 done; 1 failed; 2 bad usage.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTableMoves } from '../infra/migrations/table-moves.ts';
import { physicalTableNames } from '../shared/topology.ts';
import { STAGE_PREFIX } from './stage-prefix.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const usage = 'usage: npx tsx scripts/move-items.ts --prefix <stage prefix, e.g. prod->';

export function parsePrefix(argv: readonly string[]): string {
  const { values } = parseArgs({ args: [...argv], options: { prefix: { type: 'string' } }, strict: true });
  if (!values.prefix || !STAGE_PREFIX.test(values.prefix)) throw new Error(usage);
  return values.prefix;
}

async function main() {
  let prefix: string;
  try {
    prefix = parsePrefix(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  for (const { name, from, to, moved } of await ensureTableMoves(client, physicalTableNames(prefix)))
    console.log(`${name}: moved ${moved} item(s) from ${from} to ${to}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main().catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
