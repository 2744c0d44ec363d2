import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableName } from '../../shared/topology.ts';
import { ensureMoved, type ItemMove } from './move-items.ts';
import { notificationLedgerMove, pendingMarkersMove } from './move-pipeline-items.ts';
import { reportFactsMove } from './move-report-facts.ts';
import { similarItemsMove } from './move-similar-items.ts';
import { similarBandsRekey } from './rekey-similar-bands.ts';

/**
 * Every kind of item a release moved out of the main table (or, `from`, re-keyed within another), in release
 * order, with the table it moved to.
 * The local runtime runs them at every start (a finished one costs a read); a cloud stage runs them once after
 * the deployment that brings the new home (`scripts/move-items.ts`, docs/deploy.md, "Tables").
 */
export const tableMoves: readonly {
  readonly name: string;
  readonly move: ItemMove;
  /** The main table unless said. */
  readonly from?: TableName;
  readonly to: TableName;
}[] = [
  { name: 'similar-case index and hot topics', move: similarItemsMove, to: 'similar' },
  { name: 'notification ledger', move: notificationLedgerMove, to: 'idempotency' },
  { name: 'pending markers', move: pendingMarkersMove, to: 'pending' },
  { name: 'report facts', move: reportFactsMove, to: 'facts' },
  // After the similar-case move, which brings an older release's band items into the similar table.
  { name: 'similar-case index keyed by term', move: similarBandsRekey, from: 'similar', to: 'similar' },
];

/** Runs every move not yet on record; returns how many items each moved. */
export async function ensureTableMoves(
  client: DynamoDBDocumentClient,
  names: Readonly<Record<TableName, string>>,
  now: Date = new Date(),
): Promise<{ readonly name: string; readonly from: string; readonly to: string; readonly moved: number }[]> {
  const results = [];
  for (const { name, move, from, to } of tableMoves) {
    const tables = { from: names[from ?? 'main'], to: names[to] };
    results.push({ name, ...tables, moved: await ensureMoved(client, move, tables, now) });
  }
  return results;
}
