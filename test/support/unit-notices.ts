import { DynamoStaffRecords } from '../../shared/adapters/dynamo/dynamo-staff-records.ts';
import { readOutbox } from '../../shared/adapters/notify/outbox-transport.ts';
import { createWorkCalendar } from '../../shared/domain/calendar/index.ts';
import { systemActor } from '../../shared/domain/case/model.ts';
import { statutoryPolicy } from '../../shared/domain/policy/sla-policy.ts';
import { actOnCase } from '../../shared/use-cases/act-on-case.ts';
import { eventually, type TestRuntime } from './runtime-harness.ts';

/**
 * Who in a unit hears of a case's deadline, for the tests of case owners (integration and e2e): staff
 * accounts given e-mail addresses, a reminder sent now, and the addresses the reminder went to.
 */

export const staffEmail = (username: string) => `${username}@example.gov.cn`;

/**
 * Gives the demo accounts an e-mail address each, so a notice's recipients show in the outbox. Call it before
 * any case exists: the notifier caches the staff list for 30 seconds.
 */
export async function giveStaffEmails(runtime: TestRuntime, usernames: readonly string[]): Promise<void> {
  const records = new DynamoStaffRecords({
    client: runtime.clients.document,
    tableName: runtime.tables.main,
  });
  for (const username of usernames) {
    const record = await records.get(username);
    if (!record) throw new Error(`no staff account ${username}`);
    await records.put({ ...record, email: staffEmail(username) });
  }
}

/** The acknowledgement deadline's reminder, sent now as the daily sweep would. */
export async function remindNow(runtime: TestRuntime, caseId: string): Promise<void> {
  await actOnCase(
    {
      store: runtime.caseStore,
      calendar: () => createWorkCalendar({ overrides: [] }),
      policies: () => [statutoryPolicy],
    },
    { caseId, command: { type: 'remind', deadline: 'acknowledge' }, actor: systemActor, now: new Date() },
  );
}

/** The addresses the case's reminder was e-mailed to, once it has reached `expected`. */
export async function reminderEmails(
  runtime: TestRuntime,
  caseId: string,
  expected: string,
): Promise<string[]> {
  return eventually(async () => {
    const to = (await readOutbox(runtime.clients.document, runtime.outboxTable, 1000))
      .filter(
        (entry) => entry.caseId === caseId && entry.id.includes(':reminder:') && entry.channel === 'email',
      )
      .map((entry) => entry.to);
    return to.includes(expected) ? to : undefined;
  });
}
