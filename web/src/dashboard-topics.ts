import type { HotTopic } from '../../shared/domain/similarity/topics.ts';
import type { FocusView } from '../../shared/use-cases/hot-topics.ts';
import { element } from './api.ts';

/**
 * The dashboard's hot topics (热点诉求) and 每月一题 (docs/metrics.md, "Hot topics"): the month's top topics
 * with a chart, their towns, units, trend and share resolved, links to their cases in the console, and for
 * supervisors the button that makes a topic 每月一题 with an owning unit and a deadline.
 */

interface TopicsView {
  month: string;
  computedAt: string | null;
  topics: HotTopic[];
  focus: FocusView[];
}

interface Names {
  towns: Map<string, string>;
  units: Map<string, string>;
  categories: Map<string, string>;
}

export interface TopicsApi {
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PUT', path: string, body: unknown): Promise<T>;
}

const trendText = { new: '新出现', rising: '上升', steady: '持平', falling: '下降' } as const;
const percent = (share: number) => `${(share * 100).toFixed(0)}%`;

async function names(): Promise<Names> {
  const catalog = (await (await fetch('/api/catalog')).json()) as {
    jurisdictions: { code: string; nameZh: string }[];
    units: { unitId: string; nameZh: string }[];
    categories: { code: string; nameZh: string }[];
  };
  return {
    towns: new Map(catalog.jurisdictions.map((town) => [town.code, town.nameZh])),
    units: new Map(catalog.units.map((unit) => [unit.unitId, unit.nameZh])),
    categories: new Map(catalog.categories.map((category) => [category.code, category.nameZh])),
  };
}

function row(cells: (string | HTMLElement)[]): HTMLTableRowElement {
  const tr = element('tr');
  for (const cell of cells) {
    const td = element('td');
    td.append(cell);
    tr.append(td);
  }
  return tr;
}

function head(labels: string[]): HTMLTableSectionElement {
  const thead = element('thead');
  const tr = element('tr');
  for (const label of labels) {
    const th = element('th', label);
    th.scope = 'col';
    tr.append(th);
  }
  thead.append(tr);
  return thead;
}

function caseLinks(caseIds: readonly string[]): HTMLElement {
  const details = element('details');
  details.append(element('summary', `查看诉求（${caseIds.length}）`));
  caseIds.forEach((caseId, index) => {
    const link = element('a', `第 ${index + 1} 件`);
    link.href = `/console.html#/case/${caseId}`;
    details.append(link, ' ');
  });
  return details;
}

export async function renderTopics(
  api: TopicsApi,
  month: string,
  drawTopics: (
    container: HTMLElement,
    points: { label: string; current: number; previousAverage: number }[],
  ) => void,
): Promise<void> {
  const section = document.querySelector<HTMLElement>('#topics-section')!;
  const table = document.querySelector<HTMLTableElement>('#topics')!;
  const focusTable = document.querySelector<HTMLTableElement>('#focus')!;
  const status = document.querySelector<HTMLElement>('#topics-state')!;
  const runButton = document.querySelector<HTMLButtonElement>('#topics-run')!;
  const [view, known] = await Promise.all([api.get<TopicsView>(`/api/staff/topics?month=${month}`), names()]);
  section.hidden = false;
  const label = (topic: Pick<HotTopic, 'label'>) => topic.label.join('、');
  const show = (current: TopicsView) => {
    status.textContent = current.computedAt
      ? `${current.month} 共 ${current.topics.length} 个热点`
      : `${current.month} 尚未分析，点击“立即分析”`;
    drawTopics(
      document.querySelector<HTMLElement>('#topics-chart')!,
      current.topics.slice(0, 10).map((topic) => ({
        label: label(topic),
        current: topic.current,
        previousAverage: topic.previous.reduce((sum, count) => sum + count, 0) / 3,
      })),
    );
    const body = element('tbody');
    for (const topic of current.topics) {
      const focusButton = element('button', '设为每月一题');
      focusButton.type = 'button';
      focusButton.addEventListener('click', () => {
        const owner = topic.units[0]?.unitId ?? [...known.units.keys()][0]!;
        const deadline = new Date(Date.now() + 38 * 86_400_000).toISOString().slice(0, 10);
        void api
          .send<TopicsView>('PUT', `/api/staff/topics/${topic.topicId}/focus`, {
            month: current.month,
            ownerUnitId: owner,
            deadline,
          })
          .then(show);
      });
      body.append(
        row([
          label(topic),
          known.categories.get(topic.categoryCode ?? '') ?? '—',
          String(topic.size),
          topic.towns.map((town) => `${known.towns.get(town.code) ?? '—'} ${town.cases}`).join('，'),
          topic.units.map((unit) => `${known.units.get(unit.unitId) ?? '—'} ${unit.cases}`).join('，') || '—',
          `${trendText[topic.trend]}（本月 ${topic.current}，前三月 ${topic.previous.join(' / ')}）`,
          percent(topic.resolvedShare),
          caseLinks(topic.caseIds),
          focusButton,
        ]),
      );
    }
    table.replaceChildren(
      head(['热点', '类别', '件数', '镇街', '承办单位', '趋势', '已答复', '诉求', '']),
      body,
    );
    const focusBody = element('tbody');
    for (const focus of current.focus)
      focusBody.append(
        row([
          focus.label.join('、'),
          known.units.get(focus.ownerUnitId) ?? '—',
          focus.deadline,
          `已答复 ${focus.progress.resolved} / ${focus.progress.total}，之后新增 ${focus.progress.newSince} 件`,
        ]),
      );
    focusTable.replaceChildren(head(['每月一题', '牵头单位', '完成期限', '进展']), focusBody);
  };
  show(view);
  runButton.onclick = () => {
    runButton.disabled = true;
    void api
      .send<TopicsView>('POST', '/api/staff/topics/run', { month })
      .then(show)
      .finally(() => {
        runButton.disabled = false;
      });
  };
}
