import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type OutboxEntry, readOutbox } from '../../shared/adapters/notify/outbox-transport.ts';
import type { LocalRoute } from './gateway.ts';

/**
 * `/_local/outbox`: every SMS and e-mail the system would have sent, newest first (local runtime only; in
 * the cloud they go out through SNS and SES, or Tencent Cloud SMS and SMTP). `/_local/outbox.json` gives the
 * same as JSON for tools.
 */

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!,
  );

/**
 * What the message says. An SMS in registered-template form (a mainland provider) shows what the provider
 * receives — the template id and the parameters in placeholder order — and the text the phone will show.
 */
function content(entry: OutboxEntry): string {
  if (entry.sms) {
    const parameters = entry.sms.parameters
      .map((parameter, index) => `{${index + 1}} ${escapeHtml(parameter.value)}`)
      .join('；');
    const text = entry.sms.text ? escapeHtml(entry.sms.text) : '（未配置模板正文）';
    return `<strong>模板 ${escapeHtml(entry.sms.templateId)}</strong><br>参数：${parameters || '无'}<br>短信：${text}`;
  }
  return `${entry.subject ? `<strong>${escapeHtml(entry.subject)}</strong><br>` : ''}${escapeHtml(entry.body).replace(/\n/g, '<br>')}`;
}

export function outboxRoute(options: { client: DynamoDBDocumentClient; tableName: string }): LocalRoute {
  return async (request, url) => {
    if (
      request.method !== 'GET' ||
      (url.pathname !== '/_local/outbox' && url.pathname !== '/_local/outbox.json')
    )
      return null;
    const entries = await readOutbox(options.client, options.tableName);
    if (url.pathname.endsWith('.json')) {
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
        cookies: [],
        body: Buffer.from(JSON.stringify(entries)),
      };
    }
    const rows = entries
      .map(
        (entry) =>
          `<tr><td>${escapeHtml(entry.at.replace('T', ' ').slice(0, 19))}</td><td>${escapeHtml(entry.channel === 'sms' ? '短信' : '邮件')}</td><td>${escapeHtml(entry.to)}</td><td>${escapeHtml(entry.trackingCode)}</td><td>${escapeHtml(entry.template)}</td><td>${content(entry)}</td></tr>`,
      )
      .join('\n');
    const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="5"><title>发件箱 · 回音本地运行</title>
<style>body{font-family:system-ui,"PingFang SC",sans-serif;margin:1rem;color:#222}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.4rem;vertical-align:top;text-align:left;font-size:.9rem}th{background:#f5f5f5}</style></head>
<body><h1>发件箱（本地运行）</h1><p>系统在云端会通过短信和邮件发出的每一条消息。本页每 5 秒刷新。共 ${entries.length} 条。</p>
<table><thead><tr><th>时间 (UTC)</th><th>渠道</th><th>收件人</th><th>跟踪码</th><th>模板</th><th>内容</th></tr></thead><tbody>
${rows || '<tr><td colspan="6">暂无消息</td></tr>'}
</tbody></table></body></html>`;
    return {
      statusCode: 200,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
      cookies: [],
      body: Buffer.from(html),
    };
  };
}
