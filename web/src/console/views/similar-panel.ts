import type { SimilarCasesView } from '../../../../shared/use-cases/staff/similar.ts';
import { api } from '../api.ts';
import { h } from '../dom.ts';
import { formatDate } from '../format.ts';
import { commandName, language, similarDecisionName, similarKindName, statusName } from '../i18n.ts';
import { type StaffReference, unitName } from '../reference.ts';
import { errorBox, loading } from '../ui.ts';

/**
 * The case page's similar cases (docs/metrics.md, "Similar cases"): the 可能重复 / 相关诉求 flag, each similar
 * case with title, status, unit, date and the words both share, and what the handler may do: link as a
 * duplicate (the case action, so the timeline records it), mark related, or dismiss (remembered, audited).
 */

const texts = {
  title: ['类似诉求', 'Similar petitions'],
  none: ['没有发现类似诉求', 'No similar petitions found'],
  matched: ['相同词语', 'Words in common'],
  registeredOn: ['登记于', 'Registered'],
  policy: [
    '重复件与主件共用答复：答复重复件时可采用主件的答复；每件诉求各自接受满意度测评。相关诉求只互相关联。',
    'A duplicate shares the reply of the case it duplicates (use that reply when answering it); each petition keeps its own survey. Related petitions are only linked.',
  ],
} as const;
type Key = keyof typeof texts;
const say = (key: Key) => texts[key][language() === 'en' ? 1 : 0];

interface CaseLike {
  readonly caseId: string;
  readonly version: number;
  readonly duplicateOf?: string;
}

export function similarPanel(view: CaseLike, ref: StaffReference, reload: () => void): HTMLElement {
  const section = h('section', { class: 'card', id: 'similar' }, h('h2', null, say('title')), loading());
  void (async () => {
    try {
      const similar = await api<SimilarCasesView>(`/api/staff/cases/${view.caseId}/similar`);
      section.replaceChildren(h('h2', null, say('title')), ...content(view, similar, ref, section, reload));
    } catch (error) {
      section.replaceChildren(h('h2', null, say('title')), errorBox(error));
    }
  })();
  return section;
}

function content(
  view: CaseLike,
  similar: SimilarCasesView,
  ref: StaffReference,
  section: HTMLElement,
  reload: () => void,
): HTMLElement[] {
  if (similar.items.length === 0) return [h('p', { class: 'muted' }, say('none'))];
  const decide = async (otherCaseId: string, decision: 'related' | 'dismissed') => {
    try {
      await api(`/api/staff/cases/${view.caseId}/similar/${otherCaseId}`, {
        method: 'POST',
        body: { decision },
      });
      reload();
    } catch (error) {
      section.append(errorBox(error));
    }
  };
  const linkDuplicate = async (otherCaseId: string) => {
    try {
      await api(`/api/staff/cases/${view.caseId}/link-duplicate`, {
        method: 'POST',
        body: { expectedVersion: view.version, duplicateOf: otherCaseId },
      });
      reload();
    } catch (error) {
      section.append(errorBox(error));
    }
  };
  const flag = similar.flag
    ? h('p', null, h('span', { class: 'mark yellow', id: 'similar-flag' }, similarKindName(similar.flag)))
    : null;
  const rows = similar.items.map((item) => {
    const decided = item.decision
      ? h('span', { class: 'mark info' }, similarDecisionName(item.decision))
      : null;
    const buttons = item.decision
      ? []
      : [
          view.duplicateOf
            ? null
            : h(
                'button',
                { type: 'button', onclick: () => linkDuplicate(item.caseId) },
                commandName('linkDuplicate'),
              ),
          h(
            'button',
            { type: 'button', onclick: () => decide(item.caseId, 'related') },
            commandName('markRelated'),
          ),
          h(
            'button',
            { type: 'button', onclick: () => decide(item.caseId, 'dismissed') },
            commandName('dismissSimilar'),
          ),
        ];
    return h(
      'li',
      { class: 'similar-case', 'data-case': item.caseId },
      h('a', { href: `#/case/${item.caseId}` }, item.title),
      ' ',
      h('span', { class: 'mark' }, similarKindName(item.kind)),
      ' ',
      decided,
      h(
        'div',
        { class: 'muted' },
        `${statusName(item.status)} · ${unitName(ref, item.unitId)} · ${say('registeredOn')} ${formatDate(item.createdAt)}`,
      ),
      h('div', null, `${say('matched')}：${item.matched.join('、')}`),
      h('div', { class: 'buttons' }, ...buttons),
    );
  });
  const list: HTMLElement = h('ul', { class: 'similar-list' }, ...rows);
  const policy: HTMLElement = h('p', { class: 'muted' }, say('policy'));
  return flag ? [flag, list, policy] : [list, policy];
}
