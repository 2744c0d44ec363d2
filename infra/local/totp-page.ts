import type { LocalRoute } from './gateway.ts';
import { escapeHtml } from './oidc-pages.ts';
import { totpOf } from './oidc-sign-in.ts';

/**
 * `/_local/totp`: the current code of the demo accounts' shared TOTP secret, so someone trying the demo county
 * can sign in without setting up an authenticator app (local runtime only; real accounts enrol their own
 * secret at first sign-in). `/_local/totp.json` gives the same to tools.
 */
export function totpRoute(options: { secret: string; now?: () => number }): LocalRoute {
  const now = options.now ?? Date.now;
  return async (request, url) => {
    if (request.method !== 'GET' || (url.pathname !== '/_local/totp' && url.pathname !== '/_local/totp.json'))
      return null;
    const at = now();
    const code = totpOf('demo', options.secret).generate({ timestamp: at });
    const validForSeconds = 30 - (Math.floor(at / 1000) % 30);
    if (url.pathname.endsWith('.json')) {
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
        cookies: [],
        body: Buffer.from(JSON.stringify({ code, validForSeconds })),
      };
    }
    const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="${Math.min(validForSeconds, 5)}"><title>演示动态验证码 · 回音本地运行</title>
<style>body{font-family:system-ui,"PingFang SC",sans-serif;margin:1rem;color:#222}#code{font-size:3rem;letter-spacing:.3em;font-weight:700}code{font-size:1.1rem}</style></head>
<body><h1>演示账号的动态验证码（本地运行）</h1>
<p>演示县的所有工作人员账号（密码 huiyin-demo）共用一个身份验证器密钥：<code>${escapeHtml(options.secret)}</code>。登录时输入下面的验证码即可；也可把密钥添加到手机的身份验证器应用。</p>
<p id="code">${code}</p><p>还有 <span id="seconds">${validForSeconds}</span> 秒更新。本页自动刷新。</p>
<p>管理员新建的账号首次登录时会绑定自己的密钥，不使用这个演示密钥。</p></body></html>`;
    return {
      statusCode: 200,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
      cookies: [],
      body: Buffer.from(html),
    };
  };
}
