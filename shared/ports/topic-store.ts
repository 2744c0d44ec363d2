import type { HotTopic, TopicCase } from '../domain/similarity/topics.ts';

/** 每月一题: a hot topic a supervisor took up, with its owner and deadline. */
export interface TopicFocus {
  readonly topicId: string;
  readonly month: string;
  readonly label: readonly string[];
  readonly categoryCode?: string;
  readonly caseIds: readonly string[];
  /** The unit that owns solving it. */
  readonly ownerUnitId: string;
  /** Shanghai date, `YYYY-MM-DD`. */
  readonly deadline: string;
  readonly markedBy: string;
  readonly markedAt: string;
}

export interface StoredTopics {
  readonly month: string;
  readonly computedAt: string;
  readonly topics: readonly HotTopic[];
}

/** Storage of hot topics (docs/data-model.md, "Hot topics"). */
export interface TopicStore {
  /** The indexed (never confidential) cases registered in a month, with their terms: one paged Query. */
  monthCases(month: string): Promise<TopicCase[]>;
  saveTopics(topics: StoredTopics): Promise<void>;
  topics(month: string): Promise<StoredTopics | null>;
  saveFocus(focus: TopicFocus): Promise<void>;
  focuses(): Promise<TopicFocus[]>;
}
