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

const SVG = 'http://www.w3.org/2000/svg';

function bellIcon(): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute(
    'd',
    'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z',
  );
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}

const seenKey = () => `huiyin.noticesSeen.${currentUser()?.id ?? ''}`;
let timer: number | undefined;

/** The bell: console notices of the caller's unit (or the supervisors'); unread = newer than the last look. */
export function bell(): HTMLElement {
  const count = h('span', { class: 'badge', hidden: true });
  const list = h('div', { class: 'notices', hidden: true, role: 'region', 'aria-label': t('notices') });
  let notices: readonly Notice[] = [];
  // The visible word is the accessible name (no aria-label that could differ from it); the icon is SVG, not
  // an emoji a machine without emoji fonts draws as a box.
  const button = h(
    'button',
    {
      type: 'button',
      class: 'bell',
      id: 'bell',
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
    bellIcon(),
    h('span', { class: 'bell-text' }, t('notices')),
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
                // A notice about a case links to it (its own words already name the tracking code once; the
                // link carries them); one about staff accounts links to the approvals.
                notice.caseId
                  ? h(
                      'a',
                      { href: `#/case/${notice.caseId}` },
                      notice.text.includes(notice.trackingCode)
                        ? notice.text
                        : `${notice.trackingCode} ${notice.text}`,
                    )
                  : notice.template === 'accountRequest'
                    ? h('a', { href: '#/account-requests' }, `${t('approvals')}：${notice.text}`)
                    : h('span', null, notice.text),
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
