import type { SignInNotice } from '../staff-auth.ts';
import { $, clear, h } from './dom.ts';
import { language, roleName, setLanguage, t } from './i18n.ts';
import { loadUser } from './me.ts';
import { forgetReference } from './reference.ts';
import {
  currentUser,
  type Role,
  type SessionUser,
  signIn,
  signOut,
  startSession,
  whenExpired,
} from './session.ts';
import { accountRequestsView } from './views/account-requests.ts';
import { adminView } from './views/admin.ts';
import { bell } from './views/bell.ts';
import { caseView } from './views/case-page.ts';
import { inboxView } from './views/inbox.ts';
import { loginView } from './views/login.ts';
import { receptionView } from './views/reception.ts';
import { registerView } from './views/register.ts';
import { visitsView } from './views/visits.ts';

/**
 * The staff console: one page, hash routes (`#/cases?…`, `#/case/<id>`, `#/register`, `#/visits`, `#/admin/<section>`),
 * navigation by role. Every view asks the API; the API decides what the caller may see. Signed out, it shows
 * the sign-in screen; after sign-in at the provider the user is back on the page they were on.
 */

const app = $('#app')!;
let notice: SignInNotice | 'unconfigured' = null;

/** Where each role starts. */
export function homeRoute(role: Role): string {
  switch (role) {
    case 'handler':
      return '#/cases?status=assigned';
    case 'supervisor':
      return '#/cases?status=triage';
    case 'liaison':
      return '#/register';
    case 'admin':
      return '#/admin/units';
  }
}

function navigation(user: SessionUser): [string, string][] {
  switch (user.role) {
    case 'handler':
      return [[t('inbox'), '#/cases?status=assigned']];
    case 'supervisor':
      return [
        [t('triage'), '#/cases?status=triage'],
        [t('inbox'), '#/cases?status=assigned'],
        [t('extensions'), '#/cases?flag=extension'],
        [t('reviews'), '#/cases?flag=review'],
        [t('overdueBoard'), '#/cases?status=acknowledged&overdue=true'],
        [t('reception'), '#/reception'],
        [t('visits'), '#/visits'],
        [t('approvals'), '#/account-requests'],
        [t('dashboard'), '/dashboard.html'],
      ];
    case 'liaison':
      return [
        [t('register'), '#/register'],
        [t('visits'), '#/visits'],
        [t('studioCases'), '#/cases?scope=studio&status=assigned'],
        [t('triage'), '#/cases?status=triage'],
        [t('reception'), '#/reception'],
      ];
    case 'admin':
      return [[t('admin'), '#/admin/units']];
  }
}

function header(user: SessionUser): HTMLElement {
  const current = location.hash || homeRoute(user.role);
  return h(
    'header',
    { class: 'topbar' },
    h('a', { class: 'brand', href: homeRoute(user.role) }, t('appName')),
    h(
      'nav',
      { 'aria-label': t('appName') },
      navigation(user).map(([label, href]) =>
        h('a', { href, ...(current === href ? { 'aria-current': 'page' } : {}) }, label),
      ),
    ),
    h(
      'div',
      { class: 'who' },
      user.role === 'admin' ? null : bell(),
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          id: 'language',
          onClick: () => {
            setLanguage(language() === 'en' ? 'zh' : 'en');
            render();
          },
        },
        t('language'),
      ),
      h('span', { class: 'user', title: user.id }, `${user.displayName}（${roleName(user.role)}）`),
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          id: 'logout',
          onClick: () => {
            forgetReference();
            void signOut();
          },
        },
        t('logout'),
      ),
    ),
  );
}

export function render(): void {
  document.title = t('appName');
  document.documentElement.lang = language() === 'en' ? 'en' : 'zh-CN';
  const user = currentUser();
  if (!user) {
    clear(
      app,
      loginView({
        notice,
        onSignIn: signIn,
        onLanguage: () => {
          setLanguage(language() === 'en' ? 'zh' : 'en');
          render();
        },
      }),
    );
    return;
  }
  if (!location.hash || location.hash === '#/') {
    history.replaceState(null, '', homeRoute(user.role));
  }
  const outlet = h('main', { id: 'view', tabindex: '-1' });
  clear(app, header(user), outlet);
  const [path = '', search = ''] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(search);
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'case' && parts[1]) caseView(outlet, user, decodeURIComponent(parts[1]));
  else if (parts[0] === 'register') registerView(outlet, user);
  else if (parts[0] === 'admin') adminView(outlet, user, parts[1] ?? 'units', params);
  else if (parts[0] === 'visits' && user.role !== 'handler' && user.role !== 'admin')
    visitsView(outlet, user, params);
  else if (parts[0] === 'reception') receptionView(outlet, user, params, '#/reception');
  else if (parts[0] === 'account-requests' && user.role === 'supervisor') {
    const body = h('div');
    clear(outlet, h('h1', null, t('approvals')), body);
    accountRequestsView(body, user);
  } else inboxView(outlet, user, params);
}

async function boot(): Promise<void> {
  whenExpired(() => {
    notice = 'expired';
    forgetReference();
    render();
  });
  const start = await startSession();
  if (start.kind === 'redirecting') return;
  if (start.kind === 'unconfigured') notice = 'unconfigured';
  if (start.kind === 'signed-out') notice = start.notice;
  if (start.kind === 'signed-in') await loadUser().catch(() => undefined);
  window.addEventListener('hashchange', () => render());
  render();
}

boot().catch(() => {
  notice = 'failed';
  render();
});
