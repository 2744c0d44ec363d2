import { maskEmail, maskPhone } from '../../schemas/phone.ts';
import { caseFor, eventsFor } from './confidential-access.ts';
import { type CommandType, permittedCommands } from './lifecycle.ts';
import type { Actor, Case, CaseEvent } from './model.ts';
import { type ReplyRoute, replyRoute } from './wording.ts';

/**
 * What staff see of a case. Personal data is masked by default (DESIGN §6): the phone as 138****5678, the
 * name down to its first character; revealing them is a separate, audited request. A confidential case's
 * content reaches only those the rule of confidential-access.ts clears; everyone else reads placeholders.
 */

export function maskName(name: string | undefined, anonymous: boolean): string {
  if (anonymous || !name) return '匿名';
  return `${[...name][0]}${'*'.repeat(Math.max(1, [...name].length - 1))}`;
}

/** An address down to its first six characters (county, town): enough to see where, not who. */
export function maskAddress(address: string): string {
  const characters = [...address];
  return characters.length <= 6 ? `${characters[0]}****` : `${characters.slice(0, 6).join('')}****`;
}

export interface StaffCaseView extends Omit<Case, 'petitioner' | 'content' | 'title'> {
  readonly title: string;
  readonly content: string;
  readonly petitioner: {
    readonly name: string;
    /** Empty when the petitioner left no phone (e-mail, Open311). */
    readonly phone: string;
    readonly email?: string;
    /** A letter's postal address, masked. */
    readonly address?: string;
    readonly anonymous: boolean;
    readonly masked: true;
    /** How the petitioner hears back (答复方式): `post` for a letter that gave only an address. */
    readonly replyRoute: ReplyRoute;
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
      ...(item.petitioner.address ? { address: maskAddress(item.petitioner.address) } : {}),
      anonymous: item.petitioner.anonymous,
      masked: true,
      replyRoute: replyRoute(item.petitioner),
    },
    timeline: eventsFor(actor, item, events),
    allowedActions: permittedCommands(item, actor),
  };
}
