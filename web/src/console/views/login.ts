import type { SignInNotice } from '../../staff-auth.ts';
import { h } from '../dom.ts';
import { t } from '../i18n.ts';

/**
 * The console's sign-in screen: one button to the identity provider (its own page asks for the password and
 * the one-time code), with the reason the user is here (session expired, signed out, sign-in failed).
 */
export function loginView(options: {
  notice: SignInNotice | 'unconfigured';
  onSignIn: () => Promise<void>;
  onLanguage: () => void;
}): HTMLElement {
  const message =
    options.notice === 'expired'
      ? t('sessionExpired')
      : options.notice === 'signed-out'
        ? t('signedOut')
        : options.notice === 'failed'
          ? t('signInFailed')
          : options.notice === 'unconfigured'
            ? t('signInUnconfigured')
            : '';
  const button = h(
    'button',
    {
      type: 'button',
      id: 'sign-in',
      disabled: options.notice === 'unconfigured',
      onClick: async () => {
        button.disabled = true;
        await options.onSignIn().catch(() => {
          button.disabled = false;
          alert.textContent = t('networkError');
          alert.hidden = false;
        });
      },
    },
    t('login'),
  );
  const alert = h(
    'div',
    {
      class: options.notice === 'signed-out' ? 'flash' : 'error',
      role: options.notice === 'signed-out' ? 'status' : 'alert',
      id: 'sign-in-notice',
      hidden: !message,
    },
    message,
  );
  queueMicrotask(() => button.focus());
  return h(
    'main',
    { class: 'login-page' },
    h(
      'div',
      { class: 'login card' },
      h('h1', null, t('appName')),
      alert,
      h('p', { class: 'muted' }, t('signInHint')),
      button,
      h(
        'button',
        { type: 'button', class: 'link', id: 'language', onClick: options.onLanguage },
        t('language'),
      ),
    ),
  );
}
