import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TeamReferralRecord, TeamReferralStore } from '../../ports/team-referral-store.ts';
import { queryPages } from './query-pages.ts';

export class DynamoTeamReferralStore implements TeamReferralStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async byTeam(teamId: string): Promise<TeamReferralRecord[]> {
    const records: TeamReferralRecord[] = [];
    for await (const page of queryPages(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `TEAM#${teamId}`, ':prefix': 'REFERRAL#' },
    })) {
      for (const item of page.Items ?? [])
        records.push({
          teamId: String(item.teamId),
          caseId: String(item.caseId),
          trackingCode: String(item.trackingCode),
          unitId: item.unitId ? String(item.unitId) : null,
          referredAt: String(item.referredAt),
          ...(item.answeredAt ? { answeredAt: String(item.answeredAt) } : {}),
        });
    }
    return records;
  }
}
