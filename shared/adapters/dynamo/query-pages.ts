import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';

/**
 * Every page of a Query, in order: the one loop over `LastEvaluatedKey` that the adapters share. For the
 * small partitions read whole (a county's reference data, users, policies, a case's events); lists shown to
 * people page with signed cursors instead (see cursor.ts).
 */
export async function* queryPages(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): AsyncGenerator<QueryCommandOutput> {
  let cursor: QueryCommandInput['ExclusiveStartKey'];
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: cursor }));
    yield page;
    cursor = page.LastEvaluatedKey;
  } while (cursor);
}
