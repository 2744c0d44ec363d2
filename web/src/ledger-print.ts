import { ApiError, api } from './console/api.ts';
import { loadUser } from './console/me.ts';
import { currentUser, signIn, startSession } from './console/session.ts';

/**
 * The print view of a studio's service record book (服务群众记录簿): A4 landscape (CSS `@page`), the studio
 * and month in the header, the column header repeated on every page, for a liaison officer to print and bind.
 * Staff only: it signs in like the console (OpenID Connect; a session of the console in this tab is reused) and
 * fetches `GET /api/staff/ledger?format=json`.
 * Opened as `/ledger-print.html?studioId=studio-xikou&month=2026-12`.
 */

interface Ledger {
  studio: { studioId: string; name: string };
  month: string;
  columns: { key: string; header: string }[];
  rows: Record<string, string>[];
}

/** Relative widths of the 15 columns, summing to 100 (the problem and reply columns get the room). */
const widths: Record<string, number> = {
  number: 3,
  date: 6,
  kind: 6,
  person: 4,
  contact: 6,
  groupSize: 3,
  representatives: 6,
  summary: 16,
  category: 5,
  handling: 11,
  unit: 6,
  reply: 13,
  feedback: 4,
  archivedOn: 6,
  remarks: 6,
};

const status = document.querySelector<HTMLElement>('#status')!;
const printButton = document.querySelector<HTMLButtonElement>('#print')!;

function cell(tag: 'th' | 'td', text: string, width?: number): HTMLElement {
  const element = document.createElement(tag);
  element.textContent = text;
  if (width !== undefined) element.style.width = `${width}%`;
  return element;
}

function render(ledger: Ledger): void {
  const [year, month] = ledger.month.split('-');
  document.querySelector('#title')!.textContent = `${ledger.studio.name}服务群众记录簿`;
  document.querySelector('#subtitle')!.textContent =
    `${year}年${Number(month)}月　共 ${ledger.rows.length} 条`;
  document.title = `${ledger.studio.name}服务群众记录簿（${year}年${Number(month)}月）`;
  document.querySelector('#printed')!.textContent = new Date().toLocaleDateString('zh-CN', {
    timeZone: 'Asia/Shanghai',
  });
  const head = document.createElement('tr');
  for (const column of ledger.columns) head.append(cell('th', column.header, widths[column.key] ?? 5));
  document.querySelector('#ledger thead')!.replaceChildren(head);
  const body = document.querySelector('#ledger tbody')!;
  body.replaceChildren(
    ...ledger.rows.map((row) => {
      const line = document.createElement('tr');
      for (const column of ledger.columns) line.append(cell('td', row[column.key] ?? ''));
      return line;
    }),
  );
  document.querySelector<HTMLElement>('#book')!.hidden = false;
  status.textContent = ledger.rows.length === 0 ? '本月没有记录' : '';
  printButton.disabled = false;
}

async function load(): Promise<void> {
  const started = await startSession();
  if (started.kind === 'redirecting') return;
  if (started.kind !== 'signed-in') {
    // The provider brings the user back here (the page and its query), signed in.
    status.textContent = '请先登录';
    signInButton.hidden = false;
    return;
  }
  await loadUser();
  const params = new URLSearchParams(sessionStorage.getItem(QUERY_KEY) ?? location.search);
  sessionStorage.removeItem(QUERY_KEY);
  const user = currentUser()!;
  const studioId = params.get('studioId') ?? user.studioId ?? '';
  const month = params.get('month') ?? new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  try {
    render(
      await api<Ledger>(`/api/staff/ledger?${new URLSearchParams({ studioId, month, format: 'json' })}`),
    );
  } catch (error) {
    status.textContent = error instanceof ApiError ? error.problem.title : '读取失败，请稍后重试';
  }
}

/** The provider returns to the page without its query; the studio and month wait here meanwhile. */
const QUERY_KEY = 'huiyin.ledger-print.query';
const signInButton = document.querySelector<HTMLButtonElement>('#sign-in')!;
signInButton.addEventListener('click', () => {
  sessionStorage.setItem(QUERY_KEY, location.search);
  void signIn();
});
printButton.addEventListener('click', () => window.print());
void load();
