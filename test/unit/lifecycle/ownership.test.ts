import { describe, expect, it } from 'vitest';
import { CommandRefusedError } from '../../../shared/domain/case/errors.ts';
import { permittedCommands } from '../../../shared/domain/case/lifecycle.ts';
import type { Actor } from '../../../shared/domain/case/model.ts';
import {
  mayAssignOwner,
  ownerSlot,
  UNASSIGNED,
  unitRecipients,
} from '../../../shared/domain/case/ownership.ts';
import { eventSentence } from '../../../shared/domain/case/wording.ts';
import { advance, attempt, caseIn, handlerOf, supervisor, units } from './factories.ts';

const lead: Actor = { ...handlerOf(units.own), id: 'lead-water', unitLead: true };
const colleague: Actor = { ...handlerOf(units.own), id: 'zhang-water' };
const other: Actor = { ...handlerOf(units.own), id: 'li-water' };

describe('who works a case inside its unit', () => {
  it('lets the unit lead give a case to anyone and take it back; the event says so', () => {
    // Prepare
    const scenario = caseIn('acknowledged');

    // Act
    const given = advance(scenario, { type: 'assignOwner', ownerId: colleague.id }, lead);
    const back = attempt(given, { type: 'assignOwner', ownerId: null }, lead);

    // Assess
    expect(given.case.ownerId).toBe(colleague.id);
    expect(given.events.at(-1)).toMatchObject({ type: 'ownerAssigned', data: { ownerId: colleague.id } });
    expect(back.case.ownerId).toBeUndefined();
    expect(back.event.changes.ownerId).toEqual({ before: colleague.id, after: null });
  });

  it('lets a handler take an unassigned case for themself, and nothing more', () => {
    // Prepare
    const scenario = caseIn('assigned');

    // Act
    const taken = advance(scenario, { type: 'assignOwner', ownerId: colleague.id }, colleague);

    // Assess
    expect(taken.case.ownerId).toBe(colleague.id);
    expect(permittedCommands(scenario.case, other)).toContain('assignOwner');
    expect(permittedCommands(taken.case, other)).not.toContain('assignOwner');
    expect(permittedCommands(taken.case, lead)).toContain('assignOwner');
    expect(() => attempt(taken, { type: 'assignOwner', ownerId: other.id }, other)).toThrow(
      CommandRefusedError,
    );
    expect(() => attempt(scenario, { type: 'assignOwner', ownerId: other.id }, colleague)).toThrow(
      CommandRefusedError,
    );
    expect(() => attempt(taken, { type: 'assignOwner', ownerId: colleague.id }, lead)).toThrow(
      CommandRefusedError,
    );
  });

  it('clears the owner when the case leaves the unit, and keeps it in no list once it is closed', () => {
    // Prepare
    const owned = advance(caseIn('acknowledged'), { type: 'assignOwner', ownerId: colleague.id }, lead);

    // Act
    const moved = attempt(owned, { type: 'reassign', unitId: units.other, reason: '职责调整' }, supervisor);

    // Assess
    expect(moved.case.ownerId).toBeUndefined();
    expect(moved.event.changes.ownerId).toEqual({ before: colleague.id, after: null });
    expect(ownerSlot(owned.case)).toBe(colleague.id);
    expect(ownerSlot(moved.case)).toBe(UNASSIGNED);
    expect(ownerSlot({ ...owned.case, status: 'closed' })).toBeNull();
    expect(ownerSlot({ ...owned.case, unitId: undefined })).toBeNull();
  });

  it('writes the change as a Chinese sentence with the person’s name', () => {
    // Prepare
    const given = advance(caseIn('acknowledged'), { type: 'assignOwner', ownerId: colleague.id }, lead);
    const names = {
      unit: (id: string) => (id === units.own ? '县水利局' : undefined),
      staff: (id: string) =>
        ({
          'lead-water': { name: '王科长', unitId: units.own },
          'zhang-water': { name: '张三', unitId: units.own },
        })[id],
    };

    // Act
    const sentence = Object.values(eventSentence(given.events.at(-1)!, given.case, names)).join(' ');

    // Assess
    expect(sentence).toContain('王科长');
    expect(sentence).toContain('分配给张三承办');
    expect(sentence).not.toMatch(/zhang-water|ownerAssigned/);
  });
});

describe('who of the unit hears of a case', () => {
  const people = [
    { username: 'lead-water', role: 'handler', unitId: units.own, unitLead: true },
    { username: 'zhang-water', role: 'handler', unitId: units.own },
    { username: 'li-water', role: 'handler', unitId: units.own },
    { username: 'gone-water', role: 'handler', unitId: units.own, disabled: true },
    { username: 'lead-housing', role: 'handler', unitId: units.other, unitLead: true },
    { username: 'boss', role: 'supervisor' },
  ];
  const names = (list: readonly { username: string }[]) => list.map((person) => person.username).sort();
  const owned = { unitId: units.own, ownerId: 'zhang-water' };
  const unowned = { unitId: units.own };

  it('reminds the owner first; nobody owns it, then the unit lead', () => {
    expect(names(unitRecipients(owned, people, 'reminder'))).toEqual(['zhang-water']);
    expect(names(unitRecipients(unowned, people, 'reminder'))).toEqual(['lead-water']);
  });

  it('sends a card to the owner and the unit lead', () => {
    expect(names(unitRecipients(owned, people, 'card'))).toEqual(['lead-water', 'zhang-water']);
    expect(names(unitRecipients(unowned, people, 'card'))).toEqual(['lead-water']);
  });

  it('falls back to every active handler of the unit when it has no lead and the case no owner', () => {
    const leaderless = people.filter((person) => person.username !== 'lead-water');
    expect(names(unitRecipients(unowned, leaderless, 'reminder'))).toEqual(['li-water', 'zhang-water']);
    expect(names(unitRecipients({ ...owned, ownerId: 'gone-water' }, leaderless, 'reminder'))).toEqual([
      'li-water',
      'zhang-water',
    ]);
  });
});

describe('which cases have an owner slot', () => {
  it('a unit holds a case from triage to the reply; only then is it owned or unassigned', () => {
    expect(ownerSlot({ status: 'triage', unitId: units.triage })).toBe(UNASSIGNED);
    expect(ownerSlot({ status: 'assigned', unitId: units.own, ownerId: 'zhang-water' })).toBe('zhang-water');
    expect(ownerSlot({ status: 'acknowledged', unitId: units.own })).toBe('-');
    expect(ownerSlot({ status: 'replied', unitId: units.own })).toBe('-');
    expect(ownerSlot({ status: 'closed', unitId: units.own, ownerId: 'zhang-water' })).toBeNull();
    expect(ownerSlot({ status: 'registered', unitId: undefined })).toBeNull();
    expect(ownerSlot({ status: 'assigned', unitId: undefined })).toBeNull();
  });

  it('only a handler of the holding unit may assign: a lead anyone, another handler only themself', () => {
    const item = { unitId: units.own };

    expect(mayAssignOwner(lead, item, colleague.id)).toBe(true);
    expect(mayAssignOwner(lead, { unitId: units.own, ownerId: other.id }, null)).toBe(true);
    expect(mayAssignOwner(colleague, item, colleague.id)).toBe(true);
    expect(mayAssignOwner(colleague, item, other.id)).toBe(false);
    expect(mayAssignOwner(colleague, { unitId: units.own, ownerId: other.id }, colleague.id)).toBe(false);
    expect(mayAssignOwner({ ...lead, unitId: units.other }, item, colleague.id)).toBe(false);
    expect(mayAssignOwner({ id: 'lead-nowhere', role: 'handler', unitLead: true }, {}, 'x')).toBe(false);
    expect(mayAssignOwner({ ...supervisor, unitId: units.own, unitLead: true }, item, colleague.id)).toBe(
      false,
    );
  });
});

describe('who of the unit hears of a case: other notices', () => {
  const people = [
    { username: 'lead-water', role: 'handler', unitId: units.own, unitLead: true },
    { username: 'zhang-water', role: 'handler', unitId: units.own },
    { username: 'li-water', role: 'handler', unitId: units.own },
    { username: 'liaison-water', role: 'liaison', unitId: units.own, unitLead: true },
    { username: 'gone-lead', role: 'handler', unitId: units.own, unitLead: true, disabled: true },
    { username: 'lead-housing', role: 'handler', unitId: units.other, unitLead: true },
  ];
  const names = (list: readonly { username: string }[]) => list.map((person) => person.username);

  it('a redo or a 不满意 reaches the owner and the lead, each once, only active handlers of the unit', () => {
    expect(names(unitRecipients({ unitId: units.own, ownerId: 'zhang-water' }, people, 'other'))).toEqual([
      'zhang-water',
      'lead-water',
    ]);
    expect(names(unitRecipients({ unitId: units.own, ownerId: 'lead-water' }, people, 'other'))).toEqual([
      'lead-water',
    ]);
    expect(names(unitRecipients({ unitId: units.own, ownerId: 'lead-water' }, people, 'reminder'))).toEqual([
      'lead-water',
    ]);
  });
});
