import { randomBytes } from 'node:crypto';

/**
 * The local OIDC provider's pages (sign-in, new password, TOTP enrolment and code, sign-out, errors): plain HTML
 * in Simplified Chinese by default, English on request (`ui_locales=en` from the console, or the language link).
 * Every value is escaped; the pages load nothing from elsewhere and only the sign-out page runs a script (its
 * nonce in the CSP), to submit the sign-out the user already asked for in the console.
 */

export type Language = 'zh' | 'en';

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!,
  );

export function languageOf(value: string | undefined | null): Language {
  return value && /^en\b/i.test(value.trim()) ? 'en' : 'zh';
}

type Text = readonly [zh: string, en: string];
const pick = (language: Language, [zh, en]: Text) => (language === 'en' ? en : zh);

export const words = {
  appName: ['回音 · 工作人员登录', 'Huiyin · staff sign-in'],
  username: ['用户名', 'Username'],
  password: ['密码', 'Password'],
  signIn: ['登录', 'Sign in'],
  next: ['下一步', 'Continue'],
  newPasswordTitle: ['请设置新密码', 'Choose a new password'],
  newPasswordIntro: [
    '您正在使用管理员发放的临时密码，请设置自己的新密码。',
    'You signed in with a temporary password from your administrator. Choose your own password.',
  ],
  newPassword: ['新密码', 'New password'],
  confirmPassword: ['再次输入新密码', 'New password again'],
  passwordRule: [
    '至少 12 位，须含大写字母、小写字母、数字和符号。',
    'At least 12 characters with upper- and lower-case letters, a digit and a symbol.',
  ],
  enrolTitle: ['绑定身份验证器', 'Set up your authenticator'],
  enrolIntro: [
    '工作人员登录需要动态验证码。请在手机的身份验证器应用（如 Microsoft Authenticator、Google 身份验证器、FreeOTP）中添加账号：扫描或输入下面的密钥，然后填写应用显示的 6 位验证码。',
    'Staff sign-in needs a one-time code. Add an account in an authenticator app on your phone (Microsoft Authenticator, Google Authenticator, FreeOTP…) with the key below, then enter the 6-digit code it shows.',
  ],
  secret: ['密钥', 'Key'],
  otpauthUri: ['配置链接（otpauth）', 'Setup link (otpauth)'],
  totpTitle: ['输入动态验证码', 'Enter your one-time code'],
  totpIntro: [
    '请打开身份验证器，输入“回音”账号当前显示的 6 位验证码。',
    'Open your authenticator and enter the 6-digit code shown for Huiyin.',
  ],
  code: ['动态验证码', 'One-time code'],
  verify: ['验证', 'Verify'],
  restart: ['重新登录', 'Start again'],
  otherLanguage: ['English', '中文'],
  signingOut: ['正在退出…', 'Signing out…'],
  signOutButton: ['退出登录', 'Sign out'],
  signedOut: ['您已安全退出。', 'You have signed out.'],
  errorTitle: ['登录出错', 'Sign-in failed'],
  errorBack: ['请返回工作台重新登录。', 'Go back to the console and sign in again.'],
} as const satisfies Record<string, Text>;

export const messages = {
  wrongCredentials: ['用户名或密码错误', 'Wrong username or password'],
  throttled: ['登录失败次数过多，请 15 分钟后再试', 'Too many failed attempts; try again in 15 minutes'],
  passwordMismatch: ['两次输入的新密码不一致', 'The two new passwords differ'],
  samePassword: ['新密码不能与临时密码相同', 'The new password must differ from the temporary one'],
  codeUsed: [
    '该验证码已用过，请等待身份验证器显示下一个验证码',
    'That code was already used; wait for the next one',
  ],
  enrolWrongCode: [
    '验证码不正确，请确认手机时间准确、密钥输入无误后重试',
    'Wrong code; check the phone’s clock and the key, then try again',
  ],
  interactionLost: ['登录已超时，请重新开始', 'The sign-in timed out; please start again'],
} as const satisfies Record<string, Text>;
export type MessageKey = keyof typeof messages;

/** Beijing time, `HH:mm` (same day) or `M月D日 HH:mm`. */
function shanghaiTime(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

export function lockedMessage(until: string, maxFailures: number, language: Language): string {
  const time = shanghaiTime(until, language);
  return language === 'en'
    ? `The one-time code was wrong ${maxFailures} times in a row, so sign-in to this account is locked until ${time} (Beijing time). Try again then, or ask an administrator to reset your password.`
    : `动态验证码连续输错 ${maxFailures} 次，该账号已暂停登录，请于 ${time}（北京时间）后再试，或请管理员重置密码。`;
}

export function wrongCodeMessage(remaining: number, language: Language): string {
  return language === 'en'
    ? `Wrong code. ${remaining} more wrong code${remaining === 1 ? '' : 's'} will lock sign-in for 15 minutes.`
    : `动态验证码不正确，再错 ${remaining} 次将暂停登录 15 分钟。`;
}

export function passwordProblemsMessage(problems: readonly { zh: string; en: string }[], language: Language) {
  return language === 'en'
    ? `The new password needs ${problems.map((problem) => problem.en).join(', ')}.`
    : `新密码不符合要求：${problems.map((problem) => problem.zh).join('，')}。`;
}

export interface Page {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const style =
  'body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f5f5f2;color:#222}' +
  'main{max-width:26rem;margin:3rem auto;padding:1.5rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15)}' +
  'h1{font-size:1.3rem;margin:0 0 1rem}label{display:block;margin:.8rem 0 .3rem;font-weight:600}' +
  'input{box-sizing:border-box;width:100%;font-size:1.05rem;padding:.5rem;border:1px solid #999;border-radius:4px}' +
  'button{margin-top:1.2rem;width:100%;font-size:1.05rem;padding:.6rem;border:0;border-radius:4px;background:#b22222;color:#fff;cursor:pointer}' +
  '.error{background:#fdecea;border:1px solid #e0a09a;padding:.6rem;border-radius:4px;margin:0 0 .8rem}' +
  'code{word-break:break-all;font-size:1.05rem}.secret{letter-spacing:.08em;font-size:1.15rem}.muted{color:#666;font-size:.9rem}' +
  '.lang{float:right;font-size:.9rem}';

/** A whole page with the provider's security headers. */
export function page(
  language: Language,
  title: string,
  body: string,
  options: { nonce?: string; status?: number } = {},
): Page {
  const script = options.nonce ? ` 'nonce-${options.nonce}'` : '';
  return {
    status: options.status ?? 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; script-src${script || " 'none'"}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
    body: `<!doctype html><html lang="${language === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${style}</style></head><body><main>${body}</main></body></html>`,
  };
}

export interface StepView {
  readonly action: string;
  readonly language: Language;
  readonly error?: string;
  /** The page in the other language (a link). */
  readonly switchLanguage: string;
}

const errorBox = (error?: string) =>
  error ? `<p class="error" role="alert" id="error">${escapeHtml(error)}</p>` : '';

function form(view: StepView, step: string, title: string, fields: string, button: string): Page {
  const t = (text: Text) => pick(view.language, text);
  return page(
    view.language,
    title,
    `<a class="lang" href="${escapeHtml(view.switchLanguage)}" id="switch-language">${t(words.otherLanguage)}</a>` +
      `<h1>${escapeHtml(title)}</h1>${errorBox(view.error)}` +
      `<form method="post" action="${escapeHtml(view.action)}" autocomplete="off" novalidate>` +
      `<input type="hidden" name="step" value="${step}">${fields}<button type="submit" id="submit">${escapeHtml(button)}</button></form>`,
  );
}

export function passwordPage(view: StepView, username = ''): Page {
  const t = (text: Text) => pick(view.language, text);
  return form(
    view,
    'password',
    t(words.appName),
    `<label for="username">${t(words.username)}</label><input id="username" name="username" autocomplete="username" required autofocus value="${escapeHtml(username)}">` +
      `<label for="password">${t(words.password)}</label><input id="password" name="password" type="password" autocomplete="current-password" required>`,
    t(words.signIn),
  );
}

export function newPasswordPage(view: StepView): Page {
  const t = (text: Text) => pick(view.language, text);
  return form(
    view,
    'new-password',
    t(words.newPasswordTitle),
    `<p>${t(words.newPasswordIntro)}</p><p class="muted">${t(words.passwordRule)}</p>` +
      `<label for="new-password">${t(words.newPassword)}</label><input id="new-password" name="newPassword" type="password" autocomplete="new-password" required autofocus>` +
      `<label for="confirm-password">${t(words.confirmPassword)}</label><input id="confirm-password" name="confirmPassword" type="password" autocomplete="new-password" required>`,
    t(words.next),
  );
}

const codeField = (language: Language) =>
  `<label for="code">${pick(language, words.code)}</label><input id="code" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" required autofocus>`;

export function enrolPage(view: StepView, secret: string, uri: string): Page {
  const t = (text: Text) => pick(view.language, text);
  const grouped = secret.replace(/(.{4})/g, '$1 ').trim();
  return form(
    view,
    'enrol',
    t(words.enrolTitle),
    `<p>${t(words.enrolIntro)}</p>` +
      `<p>${t(words.secret)}：<code class="secret" id="totp-secret">${escapeHtml(grouped)}</code></p>` +
      `<p class="muted">${t(words.otpauthUri)}：<code id="otpauth-uri">${escapeHtml(uri)}</code></p>${codeField(view.language)}`,
    t(words.verify),
  );
}

export function totpPage(view: StepView): Page {
  const t = (text: Text) => pick(view.language, text);
  return form(
    view,
    'totp',
    t(words.totpTitle),
    `<p>${t(words.totpIntro)}</p>${codeField(view.language)}`,
    t(words.verify),
  );
}

/** oidc-provider's sign-out confirmation, submitted at once: the user chose "退出" in the console already. */
export function signingOutPage(language: Language, providerForm: string): Page {
  const nonce = randomBytes(16).toString('base64');
  const t = (text: Text) => pick(language, text);
  return page(
    language,
    t(words.signingOut),
    `<h1>${t(words.signingOut)}</h1>${providerForm}` +
      `<button type="submit" form="op.logoutForm" name="logout" value="yes" id="logout">${t(words.signOutButton)}</button>` +
      `<script nonce="${nonce}">document.getElementById('op.logoutForm').requestSubmit(document.getElementById('logout'))</script>`,
    { nonce },
  );
}

export function signedOutPage(language: Language): Page {
  const t = (text: Text) => pick(language, text);
  return page(language, t(words.signedOut), `<h1>${t(words.signedOut)}</h1>`);
}

export function errorPage(language: Language, details: Record<string, string>, status: number): Page {
  const t = (text: Text) => pick(language, text);
  const rows = Object.entries(details)
    .map(([name, value]) => `<p class="muted"><strong>${escapeHtml(name)}</strong>: ${escapeHtml(value)}</p>`)
    .join('');
  return page(
    language,
    t(words.errorTitle),
    `<h1>${t(words.errorTitle)}</h1><p>${t(words.errorBack)}</p>${rows}`,
    {
      status,
    },
  );
}

export function restartPage(language: Language, message: string, restartUrl: string): Page {
  const t = (text: Text) => pick(language, text);
  return page(
    language,
    t(words.errorTitle),
    `<h1>${t(words.errorTitle)}</h1>${errorBox(message)}<p><a href="${escapeHtml(restartUrl)}">${t(words.restart)}</a></p>`,
    { status: 400 },
  );
}
