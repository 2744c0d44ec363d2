import { ApiError, api } from '../api.ts';
import { h } from '../dom.ts';
import { t } from '../i18n.ts';
import { type SessionUser, signIn } from '../session.ts';

interface TokenResponse {
  readonly token: string;
  readonly user: SessionUser;
}

export function loginView(options: {
  expired: boolean;
  onSignedIn: (user: SessionUser) => void;
}): HTMLElement {
  const username = h('input', {
    id: 'username',
    name: 'username',
    autocomplete: 'username',
    required: true,
    autofocus: true,
  });
  const password = h('input', {
    id: 'password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const message = h(
    'div',
    { class: 'error', role: 'alert', hidden: !options.expired },
    options.expired ? t('sessionExpired') : '',
  );
  const button = h('button', { type: 'submit' }, t('login'));
  const form = h(
    'form',
    {
      class: 'login card',
      onSubmit: async (event: Event) => {
        event.preventDefault();
        button.disabled = true;
        message.hidden = true;
        try {
          const result = await api<TokenResponse>('/api/auth/token', {
            method: 'POST',
            body: { username: username.value.trim(), password: password.value },
          });
          signIn(result.token, result.user);
          options.onSignedIn(result.user);
        } catch (error) {
          message.textContent =
            error instanceof ApiError
              ? error.status === 429
                ? t('loginThrottled')
                : error.status === 401
                  ? t('loginFailed')
                  : error.problem.title
              : t('networkError');
          message.hidden = false;
          password.select();
        } finally {
          button.disabled = false;
        }
      },
    },
    h('h1', null, t('appName')),
    message,
    h('label', { for: 'username' }, t('username')),
    username,
    h('label', { for: 'password' }, t('password')),
    password,
    button,
  );
  queueMicrotask(() => username.focus());
  return h('main', { class: 'login-page' }, form);
}
