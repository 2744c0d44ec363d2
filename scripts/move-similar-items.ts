/**
 * `npx tsx scripts/move-similar-items.ts --prefix prod-` (AWS credentials and region of the stage in the
 * environment): moves a stage's similar-case index and hot topics from its main table into its similar table,
 * once, after the first deployment that has the similar table (docs/deploy.md, "Tables"). A stage deployed
 * with the similar table from the start has nothing to move. Safe to run again: a finished move is on record
 * in the similar table and is not repeated; an interrupted one is finished. The local runtime does the same
 * by itself at its first start on an older data directory.
 *
 * Exit codes: 0 done; 1 failed; 2 bad usage.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureSimilarItemsMoved } from '../infra/migrations/move-similar-items.ts';
import { physicalTableNames } from '../shared/topology.ts';
import { STAGE_PREFIX } from './stage-prefix.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const usage = 'usage: npx tsx scripts/move-similar-items.ts --prefix <stage prefix, e.g. prod->';

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
  const names = physicalTableNames(prefix);
  const tables = { from: names.main, to: names.similar };
  const moved = await ensureSimilarItemsMoved(DynamoDBDocumentClient.from(new DynamoDBClient({})), tables);
  console.log(`moved ${moved} item(s) from ${tables.from} to ${tables.to}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main().catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
