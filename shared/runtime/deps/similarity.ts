import { dynamoDocumentClient } from '../../adapters/aws-clients.ts';
import { cachedLoader } from '../../adapters/dynamo/dynamo-catalog-store.ts';
import { DynamoSimilarityStore } from '../../adapters/dynamo/dynamo-similarity-store.ts';
import { tableName } from '../../config/env.ts';
import type { Lexicon } from '../../domain/similarity/lexicon.ts';
import type { SimilarityStore } from '../../ports/similarity-store.ts';
import { countyLexicon } from '../../use-cases/similar-cases.ts';
import { once } from '../once.ts';
import { catalog } from './catalog.ts';

export const similarityStore = /* @__PURE__ */ once<SimilarityStore>(
  () => new DynamoSimilarityStore({ client: dynamoDocumentClient(), tableName: tableName('similar') }),
);

const lexiconLoader = /* @__PURE__ */ once(() =>
  cachedLoader(async () => countyLexicon(await catalog(), await similarityStore().wordList())),
);

/** The county's lexicon (reference data and the admins' word list), reloaded every 30 s in a warm function. */
export const lexicon = (): Promise<Lexicon> => lexiconLoader()();
