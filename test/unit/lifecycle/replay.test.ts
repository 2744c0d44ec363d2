import { describe, expect, it } from 'vitest';
import { type CommandType, commandTypes, type Decision } from '../../../shared/domain/case/lifecycle.ts';
import type { Actor } from '../../../shared/domain/case/model.ts';
import { caseStatuses } from '../../../shared/domain/case/model.ts';
import { EventDoesNotFollowError, replayEvent } from '../../../shared/domain/case/replay.ts';
import {
  admin,
  advance,
  asStored,
  attempt,
  calendarWith2027,
  caseIn,
  commandSamples,
  handlerOf,
  ownHandler,
  petitionerActor,
  plus,
  type Scenario,
  studioLiaison,
  supervisor,
  system,
  units,
  YEAR_END_T0,
} from './factories.ts';

const actors: readonly Actor[] = [
  system,
  ownHandler,
  handlerOf(units.triage),
  handlerOf(units.team),
  supervisor,
  studioLiaison,
  petitionerActor,
  admin,
  { ...handlerOf(units.own), id: 'lead-water', unitLead: true },
];

/**
 * Every decision the state machine accepts from each state, for each sample command and actor, an hour later
 * and two months later (when every deadline and the survey have run out).
 */
function acceptedDecisions(): { scenario: Scenario; command: CommandType; decision: Decision }[] {
  const accepted: { scenario: Scenario; command: CommandType; decision: Decision }[] = [];
  const scenarios = caseStatuses.flatMap((status) => {
    const plain = caseIn(status);
    // A referral out and an extension asked, so the answering commands have something to answer; a case
    // started at the year's end under the calendar that made 2027 official, so its deadlines move.
    const extras =
      status === 'acknowledged'
        ? [
            advance(plain, commandSamples.referToTeam, ownHandler),
            advance(plain, commandSamples.requestExtension, ownHandler),
          ]
        : [];
    const atYearEnd = { ...caseIn(status, { start: YEAR_END_T0 }), calendar: calendarWith2027 };
    return [plain, ...extras, atYearEnd];
  });
  for (const scenario of scenarios)
    for (const command of commandTypes)
      for (const actor of actors)
        for (const now of [plus(scenario.now, { hours: 1 }), plus(scenario.now, { days: 60 })]) {
          try {
            const decision = attempt(scenario, commandSamples[command], actor, now);
            accepted.push({ scenario, command, decision });
          } catch {
            // Refused in this state, for this actor or at this time: nothing to replay.
          }
        }
  return accepted;
}

describe('replayEvent: the case rebuilt from the case before and the event', () => {
  const decisions = acceptedDecisions();

  it('equals the case the state machine decided, for every command it accepts', () => {
    for (const { scenario, command, decision } of decisions) {
      const replayed = replayEvent(scenario.case, decision.event, decision.case.due);
      expect(asStored(replayed), `${command} from ${scenario.case.status}`).toEqual(asStored(decision.case));
    }
    // Every command type is exercised at least once, so a new command whose patch the event misses fails here.
    expect(commandTypes.filter((type) => !decisions.some(({ command }) => command === type))).toEqual([]);
  });

  it('drops a field the change removed, and takes the new due or none', () => {
    const assigned = caseIn('assigned');
    const acknowledged = attempt(assigned, commandSamples.acknowledge, ownHandler);
    expect(assigned.case.due).toBeDefined();
    const withoutDue = replayEvent(assigned.case, acknowledged.event, undefined);
    expect(withoutDue).not.toHaveProperty('due');
    expect(withoutDue.version).toBe(assigned.case.version + 1);
    expect(withoutDue.updatedAt).toBe(acknowledged.event.at);
    // A removed field is `null` in a stored event (and may be `undefined` before it is stored): gone either way,
    // not kept as null. The acknowledgement changes no field to absent, so the event is extended by hand.
    const before = {
      ...assigned.case,
      overdue: true,
      extensionPending: { days: 5 },
    } as unknown as typeof assigned.case;
    const removing = {
      ...acknowledged.event,
      changes: {
        ...acknowledged.event.changes,
        overdue: { before: true, after: null },
        extensionPending: { before: { days: 5 }, after: undefined },
      },
    };
    const replayed = replayEvent(before, removing, undefined);
    expect(replayed).not.toHaveProperty('overdue');
    expect(replayed).not.toHaveProperty('extensionPending');
    expect(replayed.status).toBe(acknowledged.case.status);
  });

  it('refuses an event of another case or another version', () => {
    const assigned = caseIn('assigned');
    const { event } = attempt(assigned, commandSamples.acknowledge, ownHandler);
    expect(() =>
      replayEvent({ ...assigned.case, version: assigned.case.version + 1 }, event, undefined),
    ).toThrow(EventDoesNotFollowError);
    expect(() => replayEvent({ ...assigned.case, caseId: 'case-other' }, event, undefined)).toThrow(
      EventDoesNotFollowError,
    );
    // What the logs say when a hand-made item is found: which event, which case, which versions.
    const refused = (() => {
      try {
        replayEvent({ ...assigned.case, caseId: 'case-other' }, event, undefined);
      } catch (error) {
        return error as Error;
      }
    })();
    expect(refused?.name).toBe('EventDoesNotFollowError');
    expect(refused?.message).toBe(
      `event ${event.caseId} v${event.version} does not follow case case-other v${assigned.case.version}`,
    );
  });
});

/**
 * County-wide lists read each unit's inbox for every state but `registered`, which they read from the due
 * index's `stuck` partition (docs/data-model.md, "County-wide lists"). That is complete only while these hold.
 */
describe('what the county-wide lists rely on, for every case the state machine decides', () => {
  const decisions = acceptedDecisions();

  it('a case has no unit exactly when it is registered, and a stuck due exactly then', () => {
    for (const { scenario, command, decision } of decisions) {
      const item = decision.case;
      const label = `${command} from ${scenario.case.status} to ${item.status}`;
      expect(item.unitId === undefined, label).toBe(item.status === 'registered');
      expect(item.due?.kind === 'stuck', label).toBe(item.status === 'registered');
    }
    expect(decisions.some(({ decision }) => decision.case.status === 'registered')).toBe(true);
  });
});
