import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableName } from '../../shared/topology.ts';
import { ensureMoved, type ItemMove } from './move-items.ts';
import { notificationLedgerMove, pendingMarkersMove } from './move-pipeline-items.ts';
import { reportFactsMove } from './move-report-facts.ts';
import { similarItemsMove } from './move-similar-items.ts';
import { ensureSimilarBandsRekeyed } from './rekey-similar-bands.ts';

/**
 * Every kind of item a release moved out of the main table, in release order, with the table it moved to.
 * The local runtime runs them at every start (a finished one costs a read); a cloud stage runs them once after
 * the deployment that brings the new home (`scripts/move-items.ts`, docs/deploy.md, "Tables").
 */
export const tableMoves: readonly {
  readonly name: string;
  readonly move: ItemMove;
  readonly to: TableName;
}[] = [
  { name: 'similar-case index and hot topics', move: similarItemsMove, to: 'similar' },
  { name: 'notification ledger', move: notificationLedgerMove, to: 'idempotency' },
  { name: 'pending markers', move: pendingMarkersMove, to: 'pending' },
  { name: 'report facts', move: reportFactsMove, to: 'facts' },
];

/**
 * Runs every move not yet on record, then re-keys the similar-case index of older releases (after the move that
 * brings it into the similar table); returns how many items each moved or replaced.
 */
export async function ensureTableMoves(
  client: DynamoDBDocumentClient,
  names: Readonly<Record<TableName, string>>,
  now: Date = new Date(),
): Promise<{ readonly name: string; readonly from: string; readonly to: string; readonly moved: number }[]> {
  const results = [];
  for (const { name, move, to } of tableMoves) {
    const tables = { from: names.main, to: names[to] };
    results.push({ name, ...tables, moved: await ensureMoved(client, move, tables, now) });
  }
  results.push({
    name: 'similar-case index keyed by term',
    from: names.similar,
    to: names.similar,
    moved: await ensureSimilarBandsRekeyed(client, names.similar, now),
  });
  return results;
}
