import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { DynamoTopicStore } from '../../adapters/dynamo/dynamo-topic-store.ts';
import { tableName } from '../../config/env.ts';
import type { TopicDeps } from '../../use-cases/hot-topics.ts';
import { once } from '../once.ts';
import { catalog } from './catalog.ts';
import { metricsStore } from './metrics.ts';
import { lexicon } from './similarity.ts';

export const topicStore = /* @__PURE__ */ once(
  () => new DynamoTopicStore({ client: dynamoDocumentClient(), tableName: tableName('similar') }),
);

export const topicDeps = (): TopicDeps => ({
  topics: topicStore(),
  metrics: metricsStore(),
  lexicon,
  catalog,
});
