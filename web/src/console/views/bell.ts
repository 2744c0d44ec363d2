import { api } from '../api.ts';
import { h } from '../dom.ts';
import { formatTime } from '../format.ts';
import { t } from '../i18n.ts';
import { currentUser } from '../session.ts';

interface Notice {
  readonly at: string;
  readonly caseId: string;
  readonly trackingCode: string;
  readonly template: string;
  readonly text: string;
}

const seenKey = () => `huiyin.noticesSeen.${currentUser()?.id ?? ''}`;
let timer: number | undefined;

/** The bell: console notices of the caller's unit (or the supervisors'); unread = newer than the last look. */
export function bell(): HTMLElement {
  const count = h('span', { class: 'badge', hidden: true });
  const list = h('div', { class: 'notices', hidden: true, role: 'region', 'aria-label': t('notices') });
  let notices: readonly Notice[] = [];
  const button = h(
    'button',
    {
      type: 'button',
      class: 'bell',
      id: 'bell',
      'aria-label': t('notices'),
      'aria-expanded': 'false',
      onClick: () => {
        list.hidden = !list.hidden;
        button.setAttribute('aria-expanded', String(!list.hidden));
        if (!list.hidden && notices[0]) {
          localStorage.setItem(seenKey(), notices[0].at);
          count.hidden = true;
        }
      },
    },
    '🔔',
    count,
  );
  const refresh = async () => {
    if (!button.isConnected) {
      window.clearInterval(timer);
      return;
    }
    try {
      notices = (await api<{ items: Notice[] }>('/api/staff/notices?limit=30')).items;
    } catch {
      return;
    }
    const seen = localStorage.getItem(seenKey()) ?? '';
    const unread = notices.filter((notice) => notice.at > seen).length;
    count.textContent = String(unread);
    count.hidden = unread === 0;
    list.replaceChildren(
      notices.length === 0
        ? h('p', { class: 'muted' }, t('noNotices'))
        : h(
            'ul',
            null,
            notices.map((notice) =>
              h(
                'li',
                null,
                // A notice about a case links to it; one about staff accounts to the approvals.
                notice.caseId
                  ? h('a', { href: `#/case/${notice.caseId}` }, notice.trackingCode)
                  : notice.template === 'accountRequest'
                    ? h('a', { href: '#/account-requests' }, t('approvals'))
                    : null,
                ' ',
                h('span', null, notice.text),
                h('time', { datetime: notice.at }, formatTime(notice.at)),
              ),
            ),
          ),
    );
  };
  window.clearInterval(timer);
  timer = window.setInterval(refresh, 60_000);
  queueMicrotask(refresh);
  return h('span', { class: 'bell-wrap' }, button, list);
}
