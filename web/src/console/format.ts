import { language, t } from './i18n.ts';

/** Times as staff read them: Shanghai wall clock, 24 h. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString(language() === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour12: false,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function formatDate(iso: string | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleDateString(language() === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
}

export interface DeadlineLike {
  readonly at: string;
  readonly provisional: boolean;
}

export function formatDeadline(deadline: DeadlineLike | undefined): string {
  if (!deadline) return '—';
  return `${formatDate(deadline.at)}${deadline.provisional ? t('provisional') : ''}`;
}

/** "Time left": whole days, or hours on the last day; negative when overdue. */
export function timeLeft(at: string, now = Date.now()): string {
  const ms = Date.parse(at) - now;
  const hours = Math.round(Math.abs(ms) / 3600_000);
  const en = language() === 'en';
  const span =
    hours < 24
      ? en
        ? `${hours} h`
        : `${hours} 小时`
      : en
        ? `${Math.round(hours / 24)} d`
        : `${Math.round(hours / 24)} 天`;
  if (ms < 0) return en ? `${span} overdue` : `超期 ${span}`;
  return en ? `${span} left` : `剩 ${span}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The month in Shanghai, `YYYY-MM`. */
export function currentMonth(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 7);
}
