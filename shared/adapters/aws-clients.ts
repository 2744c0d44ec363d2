import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * One SDK client per process, built on first use and reused across invocations. Endpoints come from the
 * standard `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL_SQS` variables, so the same code talks to AWS
 * in the cloud and to DynamoDB Local / fauxqs on one machine. Short timeouts: a dead dependency must turn
 * into a quick 503, never a hanging request.
 */

const agent = { keepAlive: true, maxSockets: 256 };
// `throwOnRequestTimeout`: without it the SDK only logs a warning and keeps waiting. maxSockets: a Lambda
// container serves one request at a time, but the local runtime serves every concurrent invocation from one
// process, and requests queued for a socket count against the connection timeout.
const requestHandler = () => ({
  connectionTimeout: 2_000,
  requestTimeout: 3_000,
  throwOnRequestTimeout: true,
  httpAgent: agent,
  httpsAgent: agent,
});

let documentClient: DynamoDBDocumentClient | undefined;
let sqsClient: SQSClient | undefined;

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(
    new DynamoDBClient({ maxAttempts: 2, requestHandler: requestHandler() }),
    {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    },
  );
  return documentClient;
}

export function sqs(): SQSClient {
  // Queue URLs from emulators name hosts like `sqs.us-east-1.localhost`; the configured endpoint is the truth.
  sqsClient ??= new SQSClient({
    maxAttempts: 3,
    requestHandler: requestHandler(),
    useQueueUrlAsEndpoint: false,
  });
  return sqsClient;
}
