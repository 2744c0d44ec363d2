import { maskEmail, maskPhone } from '../../schemas/phone.ts';
import { caseFor, eventsFor } from './confidential-access.ts';
import { type CommandType, permittedCommands } from './lifecycle.ts';
import type { Actor, Case, CaseEvent } from './model.ts';

/**
 * What staff see of a case. Personal data is masked by default (DESIGN §6): the phone as 138****5678, the
 * name down to its first character; revealing them is a separate, audited request. A confidential case's
 * content reaches only those the rule of confidential-access.ts clears; everyone else reads placeholders.
 */

export function maskName(name: string | undefined, anonymous: boolean): string {
  if (anonymous || !name) return '匿名';
  return `${[...name][0]}${'*'.repeat(Math.max(1, [...name].length - 1))}`;
}

export interface StaffCaseView extends Omit<Case, 'petitioner' | 'content' | 'title'> {
  readonly title: string;
  readonly content: string;
  readonly petitioner: {
    readonly name: string;
    /** Empty when the petitioner left no phone (e-mail, Open311). */
    readonly phone: string;
    readonly email?: string;
    readonly anonymous: boolean;
    readonly masked: true;
  };
  readonly timeline: readonly CaseEvent[];
  readonly allowedActions: readonly CommandType[];
}

export function toStaffView(item: Case, events: readonly CaseEvent[], actor: Actor): StaffCaseView {
  const visible = caseFor(actor, item);
  return {
    ...visible,
    petitioner: {
      name: maskName(item.petitioner.name, item.petitioner.anonymous),
      phone: item.petitioner.phone ? maskPhone(item.petitioner.phone) : '',
      ...(item.petitioner.email ? { email: maskEmail(item.petitioner.email) } : {}),
      anonymous: item.petitioner.anonymous,
      masked: true,
    },
    timeline: eventsFor(actor, item, events),
    allowedActions: permittedCommands(item, actor),
  };
}
