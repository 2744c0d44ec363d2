import { maskEmail, maskPhone } from '../../schemas/phone.ts';
import { type CommandType, ownsCase, permittedCommands } from './lifecycle.ts';
import type { Actor, Case, CaseEvent } from './model.ts';

/**
 * What staff see of a case. Personal data is masked by default (DESIGN §6): the phone as 138****5678, the
 * name down to its first character; revealing them is a separate, audited request. Confidential cases
 * (e.g. the mental-health mailbox) show their text only to the unit that holds them and to supervisors.
 */

export function maskName(name: string | undefined, anonymous: boolean): string {
  if (anonymous || !name) return '匿名';
  return `${[...name][0]}${'*'.repeat(Math.max(1, [...name].length - 1))}`;
}

export function mayReadConfidential(actor: Actor, item: Pick<Case, 'unitId' | 'studioId'>): boolean {
  if (actor.role === 'supervisor') return true;
  return actor.role === 'handler' && ownsCase(actor, item);
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
  const hidden = item.confidential && !mayReadConfidential(actor, item);
  return {
    ...item,
    title: hidden ? '（保密件）' : item.title,
    content: hidden ? '（保密件，仅承办单位可见）' : item.content,
    petitioner: {
      name: maskName(item.petitioner.name, item.petitioner.anonymous),
      phone: item.petitioner.phone ? maskPhone(item.petitioner.phone) : '',
      ...(item.petitioner.email ? { email: maskEmail(item.petitioner.email) } : {}),
      anonymous: item.petitioner.anonymous,
      masked: true,
    },
    // A file's name may say what the petition is about: hidden like the text (the files themselves are refused).
    ...(hidden && item.attachments
      ? { attachments: item.attachments.map(({ name: _, location: __, ...file }) => file) }
      : {}),
    // Notes and reasons are staff text; petitioner text only travels in `content`.
    timeline: hidden ? events.map((event) => ({ ...event, data: {} })) : events,
    allowedActions: permittedCommands(item, actor),
  };
}
