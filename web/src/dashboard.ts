import { readsReports } from '../../shared/auth/roles.ts';
import { ApiError, element, formatTime, showErrors } from './api.ts';
import { monthChoices, monthLabel, shanghaiMonth } from './dashboard-months.ts';
import { type SignInNotice, type StaffAuth, startStaffAuth } from './staff-auth.ts';

/**
 * The dashboard (数据看板): monthly trend, units side by side, the report card table with exports, and the
 * overdue board. Signs in like the staff console, through the OIDC provider (./staff-auth.ts). Charts come from
 * ./dashboard-charts.ts (ECharts, loaded on demand).
 */

const TREND_MONTHS = 6;
let auth: StaffAuth | null = null;

interface Ratio {
  numerator: number;
  denominator: number;
  rate: number | null;
}

interface CardMetrics {
  received: number;
  rejected: number;
  due: number;
  replied: number;
  closed: number;
  openOverdue: number;
  sample: number;
  responseRate: Ratio;
  resolutionRate: Ratio;
  satisfactionRate: Ratio & { noResponse: number };
  onTimeCloseRate: Ratio;
  overdue: number;
  reviews: number;
  medianWorkingDaysToReply: number | null;
  score: number | null;
}

interface ReportCard {
  month: string;
  asOf: string;
  frozen: boolean;
  frozenAt?: string;
  county: CardMetrics;
  units: UnitRow[];
  studios: { studioId: string; studioName: string; visitors: number; suggestions: number; closed: number }[];
  cumulative?: { since: string; asOf: string; county: CardMetrics; units: UnitRow[] };
}

type UnitRow = CardMetrics & {
  unitId: string;
  unitName: string;
  rank: number | null;
  sampleTooSmall?: boolean;
};

interface CaseSummary {
  caseId: string;
  trackingCode: string;
  status: string;
  unitId?: string;
  title: string;
  deadlines: { acknowledgeBy?: { at: string }; replyBy?: { at: string } };
  overdue?: { card: 'yellow' | 'red'; deadline: string; since: string };
}

const login = document.querySelector<HTMLElement>('#login')!;
const loginNotice = document.querySelector<HTMLElement>('#login-notice')!;
const signInButton = document.querySelector<HTMLButtonElement>('#sign-in')!;
const board = document.querySelector<HTMLElement>('#board')!;
const monthInput = document.querySelector<HTMLSelectElement>('#month')!;
const noReports = document.querySelector<HTMLElement>('#no-reports')!;
const exportButtons = [...document.querySelectorAll<HTMLButtonElement>('#export-csv, #export-xlsx')];
const state = document.querySelector<HTMLElement>('#card-state')!;
const boardErrors = document.querySelector<HTMLElement>('#board-errors')!;
const logout = document.querySelector<HTMLButtonElement>('#logout')!;
const who = document.querySelector<HTMLElement>('#who')!;

class SignedOut extends Error {}

/** A Bearer request; no token, or a 401 (expired, foreign, disabled account), means sign in again. */
async function authorized(path: string, accept: string): Promise<Response> {
  const token = await auth?.accessToken();
  if (!token) throw new SignedOut();
  const response = await fetch(path, { headers: { accept, authorization: `Bearer ${token}` } });
  if (response.status === 401) {
    auth?.expire();
    throw new SignedOut();
  }
  return response;
}

async function api<T>(path: string): Promise<T> {
  const response = await authorized(path, 'application/json');
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(body ?? { title: `HTTP ${response.status}`, status: response.status });
  return body as T;
}

const percent = (ratio: Ratio) => (ratio.rate === null ? '—' : `${(ratio.rate * 100).toFixed(1)}%`);
const orDash = (value: number | null) => (value === null ? '—' : String(value));

function headerRow(labels: readonly string[], numeric: readonly boolean[] = []): HTMLTableSectionElement {
  const head = element('thead');
  const row = element('tr');
  labels.forEach((label, index) => {
    const cell = element('th', label);
    cell.scope = 'col';
    if (numeric[index]) cell.className = 'number';
    row.append(cell);
  });
  head.append(row);
  return head;
}

/** One ranking table: the month's (月度) or the cumulative (截至目前) view, the county total last. */
function rankingTable(
  table: HTMLTableElement,
  caption: string,
  units: readonly UnitRow[],
  county: CardMetrics,
): void {
  const labels = [
    '排名',
    '单位',
    '到期',
    '答复',
    '办结',
    '超期未办',
    '响应率',
    '解决率',
    '满意率',
    '按期答复率',
    '答复用时中位数',
    '综合得分',
  ];
  const numeric = [true, false, true, true, true, true, true, true, true, true, true, true];
  const body = element('tbody');
  const rows = [
    ...units.filter((unit) => unit.sample > 0 || unit.received > 0),
    { ...county, unitName: '全县合计', rank: null, sampleTooSmall: false },
  ];
  for (const unit of rows) {
    const row = element('tr');
    const values = [
      unit.rank !== null ? String(unit.rank) : unit.sampleTooSmall ? '样本不足' : '—',
      unit.unitName,
      String(unit.due),
      String(unit.replied),
      String(unit.closed),
      String(unit.openOverdue),
      percent(unit.responseRate),
      percent(unit.resolutionRate),
      percent(unit.satisfactionRate),
      percent(unit.onTimeCloseRate),
      orDash(unit.medianWorkingDaysToReply),
      orDash(unit.score),
    ];
    values.forEach((value, index) => {
      const cell = element('td', value);
      if (numeric[index]) cell.className = 'number';
      row.append(cell);
    });
    body.append(row);
  }
  table.replaceChildren(element('caption', caption), headerRow(labels, numeric), body);
}

function rankingTables(card: ReportCard): void {
  rankingTable(
    document.querySelector<HTMLTableElement>('#ranking')!,
    `${monthLabel(card.month)}月度通报`,
    card.units,
    card.county,
  );
  const cumulative = document.querySelector<HTMLTableElement>('#ranking-cumulative')!;
  if (card.cumulative)
    rankingTable(
      cumulative,
      `截至目前（${card.cumulative.since} 起）`,
      card.cumulative.units,
      card.cumulative.county,
    );
  else cumulative.replaceChildren();
}

async function overdueBoard(): Promise<void> {
  const table = document.querySelector<HTMLTableElement>('#overdue')!;
  const statuses = ['triage', 'assigned', 'acknowledged'] as const;
  const pages = await Promise.all(
    statuses.map((status) =>
      api<{ items: CaseSummary[] }>(`/api/staff/cases?status=${status}&overdue=true&limit=100`).catch(
        (error: unknown) => {
          if (error instanceof ApiError && error.problem.status === 403) return { items: [] };
          throw error;
        },
      ),
    ),
  );
  const items = pages.flatMap((page) => page.items);
  const body = element('tbody');
  for (const item of items) {
    const row = element('tr');
    const deadline = item.status === 'acknowledged' ? item.deadlines.replyBy : item.deadlines.acknowledgeBy;
    const card = element(
      'td',
      item.overdue ? (item.overdue.card === 'red' ? '红牌' : '黄牌') : '超期',
      item.overdue?.card === 'red' ? 'card-red' : 'card-yellow',
    );
    row.append(
      element('td', item.trackingCode),
      element('td', item.title),
      element('td', item.unitId ?? '—'),
      element('td', item.status === 'acknowledged' ? '待答复' : '待签收'),
      element('td', deadline ? formatTime(deadline.at) : '—'),
      card,
    );
    body.append(row);
  }
  if (items.length === 0) {
    const row = element('tr');
    const cell = element('td', '暂无超期件');
    cell.colSpan = 6;
    row.append(cell);
    body.append(row);
  }
  table.replaceChildren(headerRow(['跟踪码', '标题', '承办单位', '环节', '期限', '督办']), body);
}

async function render(): Promise<void> {
  boardErrors.replaceChildren();
  const month = monthInput.value || shanghaiMonth();
  const months = monthChoices(month, TREND_MONTHS)
    .map((choice) => choice.value)
    .reverse();
  // The chart code (ECharts, a lazily loaded chunk) downloads while the report cards load.
  const charts = import('./dashboard-charts.ts');
  charts.catch(() => undefined); // a failed card load must not leave this rejection unhandled
  const cards = await Promise.all(
    // The cumulative view (截至目前) only with the selected month: it reads more partitions.
    months.map((each) =>
      api<ReportCard>(`/api/staff/reports/monthly?month=${each}${each === month ? '&cumulative=true' : ''}`),
    ),
  );
  const card = cards.at(-1)!;
  state.textContent = card.frozen
    ? `已于 ${formatTime(card.frozenAt ?? card.asOf)} 冻结`
    : `实时数据，截至 ${formatTime(card.asOf)}`;
  rankingTables(card);
  const { drawTrend, drawUnits } = await charts;
  drawTrend(
    document.querySelector<HTMLElement>('#trend-chart')!,
    cards.map((each) => ({
      month: each.month,
      received: each.county.received,
      responseRate: each.county.responseRate.rate,
      satisfactionRate: each.county.satisfactionRate.rate,
      onTimeCloseRate: each.county.onTimeCloseRate.rate,
    })),
  );
  drawUnits(
    document.querySelector<HTMLElement>('#units-chart')!,
    card.units
      .filter((unit) => unit.received > 0)
      .map((unit) => ({
        name: unit.unitName,
        responseRate: unit.responseRate.rate,
        resolutionRate: unit.resolutionRate.rate,
        satisfactionRate: unit.satisfactionRate.rate,
        onTimeCloseRate: unit.onTimeCloseRate.rate,
      })),
  );
  await overdueBoard();
  // Hot topics are county-wide: supervisors only; for anyone else the section stays hidden.
  const { renderTopics } = await import('./dashboard-topics.ts');
  await renderTopics(topicsApi, month, (await charts).drawTopics).catch((error: unknown) => {
    if (!(error instanceof ApiError && error.problem.status === 403)) throw error;
  });
}

const topicsApi = {
  get: api,
  send: async <T>(method: 'POST' | 'PUT', path: string, body: unknown): Promise<T> => {
    const token = await auth?.accessToken();
    if (!token) throw new SignedOut();
    const response = await fetch(path, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const parsed = (await response.json()) as T;
    if (!response.ok) throw new ApiError(parsed as never);
    return parsed;
  },
};

async function download(format: 'csv' | 'xlsx'): Promise<void> {
  const month = monthInput.value || shanghaiMonth();
  const response = await authorized(`/api/staff/reports/monthly?month=${month}&format=${format}`, '*/*');
  if (!response.ok)
    throw new ApiError({ title: `导出失败（HTTP ${response.status}）`, status: response.status });
  const url = URL.createObjectURL(await response.blob());
  const link = element('a');
  link.href = url;
  link.download = `huiyin-report-${month}.${format}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const notices: Record<Exclude<SignInNotice, null> | 'unconfigured', string> = {
  expired: '登录已过期，请重新登录',
  'signed-out': '您已安全退出',
  failed: '登录未完成，请重试',
  unconfigured: '本站尚未配置工作人员登录，请联系系统管理员',
};

function showLogin(notice: SignInNotice | 'unconfigured' = null): void {
  board.hidden = true;
  noReports.hidden = true;
  logout.hidden = true;
  who.textContent = '';
  login.hidden = false;
  loginNotice.textContent = notice ? notices[notice] : '';
  loginNotice.hidden = !notice;
  signInButton.disabled = notice === 'unconfigured';
  signInButton.focus();
}

async function showBoard(): Promise<void> {
  login.hidden = true;
  logout.hidden = false;
  try {
    const me = await api<{ displayName: string; role: string }>('/api/staff/me');
    who.textContent = me.displayName;
    // A role that may not read report data (an admin) sees why, and no board or export to try: the API
    // refuses it too (403).
    const reads = readsReports(me.role);
    noReports.hidden = reads;
    board.hidden = !reads;
    for (const button of exportButtons) button.hidden = !reads;
    if (!reads) return;
    await render();
  } catch (error) {
    if (error instanceof SignedOut) showLogin('expired');
    else showErrors(boardErrors, error);
  }
}

signInButton.addEventListener('click', () => {
  signInButton.disabled = true;
  auth?.signIn(location.hash, 'zh').catch((error: unknown) => {
    signInButton.disabled = false;
    showErrors(loginNotice, error);
    loginNotice.hidden = false;
  });
});

logout.addEventListener('click', () => {
  void auth?.signOut('zh');
});

// A list of months named the Chinese way (a month input shows the browser's language: "December 2026").
monthInput.replaceChildren(
  ...monthChoices(shanghaiMonth(), 36).map(({ value, label }) => {
    const option = element('option', label);
    option.value = value;
    return option;
  }),
);
monthInput.value = shanghaiMonth();
monthInput.addEventListener('change', () => void showBoard());
for (const format of ['csv', 'xlsx'] as const) {
  document.querySelector<HTMLButtonElement>(`#export-${format}`)!.addEventListener('click', () => {
    download(format).catch((error: unknown) => showErrors(boardErrors, error));
  });
}

async function boot(): Promise<void> {
  const started = await startStaffAuth();
  auth = started.auth;
  auth?.whenExpired(() => showLogin('expired'));
  if (started.start.kind === 'redirecting') return;
  if (started.start.kind === 'signed-in') await showBoard();
  else showLogin(started.start.kind === 'unconfigured' ? 'unconfigured' : started.start.notice);
}

boot().catch(() => showLogin('failed'));
