import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toEventItem } from '../../shared/adapters/dynamo/case-items.ts';
import { readOutbox } from '../../shared/adapters/notify/outbox-transport.ts';
import { createWorkCalendar } from '../../shared/domain/calendar/index.ts';
import { type DecisionContext, decide } from '../../shared/domain/case/lifecycle.ts';
import type { Case } from '../../shared/domain/case/model.ts';
import { statutoryPolicy } from '../../shared/domain/policy/sla-policy.ts';
import {
  eventually,
  petitionBody,
  SETTLE_TEST_TIMEOUT_MS,
  startTestRuntime,
  type TestRuntime,
} from '../support/runtime-harness.ts';

/**
 * A change is stored as its event, then its case (docs/data-model.md, "Writing a change"). Here a writer stops
 * after the event: nothing else ever writes that case, and still the change lands, through the stream
 * dispatcher, before the notice it owes the petitioner is rendered from the case.
 */

let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});

afterAll(async () => {
  await runtime?.stop();
});

const handlerContext = (current: Case, now: Date): DecisionContext => ({
  actor: { id: 'handler-stopped', role: 'handler', unitId: current.unitId! },
  now,
  calendar: createWorkCalendar({ overrides: [] }),
  policy: statutoryPolicy,
});

describe('a change whose writer stopped after the event', () => {
  it(
    'is completed by the stream dispatcher, and its notice carries the change',
    async () => {
      const { caseId } = (await (await runtime.postJson('/api/petitions', petitionBody())).json()) as {
        caseId: string;
      };
      const assigned = await eventually(async () => {
        const current = await runtime.caseStore.get(caseId);
        return current?.status === 'assigned' ? current : undefined;
      });
      const acknowledge = decide(assigned, { type: 'acknowledge' }, handlerContext(assigned, new Date()));
      await runtime.caseStore.commit(acknowledge);
      const reply = decide(
        acknowledge.case,
        { type: 'reply', text: '停电原因已查明，线路已于今日修复。' },
        handlerContext(acknowledge.case, new Date()),
      );

      // The writer's first write only: the event claims version 4, the case stays at 3.
      await runtime.clients.document.send(
        new PutCommand({ TableName: runtime.tables.main, Item: toEventItem(reply.event, reply.case) }),
      );

      const completed = await eventually(async () => {
        const current = await runtime.caseStore.get(caseId);
        return current && current.version === reply.case.version ? current : undefined;
      });
      expect(completed.status).toBe('replied');
      expect(completed.reply).toEqual(JSON.parse(JSON.stringify(reply.case.reply)));
      const replied = await eventually(async () => {
        const notices = (await readOutbox(runtime.clients.document, runtime.outboxTable, 1000)).filter(
          (entry) => entry.caseId === caseId && entry.template === 'replied',
        );
        return notices.length > 0 ? notices : undefined;
      });
      expect(replied).toHaveLength(1);
      await runtime.settled();
      expect(
        (await readOutbox(runtime.clients.document, runtime.outboxTable, 1000)).filter(
          (entry) => entry.caseId === caseId && entry.template === 'replied',
        ),
      ).toHaveLength(1);
    },
    SETTLE_TEST_TIMEOUT_MS,
  );
});
