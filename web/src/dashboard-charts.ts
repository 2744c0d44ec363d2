import { BarChart, LineChart } from 'echarts/charts';
import { GridSimpleComponent, LegendPlainComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { monthLabel } from './dashboard-months.ts';

/**
 * ECharts with only what the dashboard draws: bars, lines, a cartesian grid, a plain legend (four entries
 * need no scrolling) and the axis tooltip (which brings its own axis pointer), on canvas. The dashboard
 * imports this module lazily (web/src/dashboard.ts), so none of it loads before the report card is in.
 */
echarts.use([
  BarChart,
  LineChart,
  GridSimpleComponent,
  LegendPlainComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export interface TrendPoint {
  readonly month: string;
  readonly received: number;
  readonly responseRate: number | null;
  readonly satisfactionRate: number | null;
  readonly onTimeCloseRate: number | null;
}

export interface UnitPoint {
  readonly name: string;
  readonly responseRate: number | null;
  readonly resolutionRate: number | null;
  readonly satisfactionRate: number | null;
  readonly onTimeCloseRate: number | null;
}

const percent = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 10);
const charts = new Map<HTMLElement, echarts.ECharts>();

function chartIn(container: HTMLElement): echarts.ECharts {
  let chart = charts.get(container);
  if (!chart) {
    chart = echarts.init(container, undefined, { renderer: 'canvas' });
    charts.set(container, chart);
  }
  return chart;
}

window.addEventListener('resize', () => {
  for (const chart of charts.values()) chart.resize();
});

export function drawTrend(container: HTMLElement, points: readonly TrendPoint[]): void {
  chartIn(container).setOption(
    {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: points.map((point) => monthLabel(point.month)) },
      yAxis: [
        { type: 'value', name: '件', minInterval: 1 },
        { type: 'value', name: '%', min: 0, max: 100 },
      ],
      series: [
        {
          name: '受理件数',
          type: 'bar',
          data: points.map((point) => point.received),
          itemStyle: { color: '#90a4ae' },
        },
        {
          name: '响应率',
          type: 'line',
          yAxisIndex: 1,
          data: points.map((point) => percent(point.responseRate)),
        },
        {
          name: '满意率',
          type: 'line',
          yAxisIndex: 1,
          data: points.map((point) => percent(point.satisfactionRate)),
        },
        {
          name: '按期办结率',
          type: 'line',
          yAxisIndex: 1,
          data: points.map((point) => percent(point.onTimeCloseRate)),
        },
      ],
    },
    true,
  );
}

/**
 * Units side by side as horizontal bars: unit names are long Chinese names (县住房和城乡建设局), which overlap on
 * a category axis along the bottom; on the left they sit one per line. The chart grows with the number of units.
 */
export function drawUnits(container: HTMLElement, units: readonly UnitPoint[]): void {
  const series = (name: string, pick: (unit: UnitPoint) => number | null) => ({
    name,
    type: 'bar' as const,
    data: units.map((unit) => percent(pick(unit))),
  });
  container.style.height = `${Math.max(320, 96 + units.length * 72)}px`;
  const chart = chartIn(container);
  chart.resize();
  chart.setOption(
    {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 40, bottom: 24, containLabel: true },
      yAxis: {
        type: 'category',
        inverse: true,
        data: units.map((unit) => unit.name),
        axisLabel: { interval: 0, width: 120, overflow: 'break' },
      },
      xAxis: { type: 'value', name: '%', min: 0, max: 100 },
      series: [
        series('响应率', (unit) => unit.responseRate),
        series('解决率', (unit) => unit.resolutionRate),
        series('满意率', (unit) => unit.satisfactionRate),
        series('按期办结率', (unit) => unit.onTimeCloseRate),
      ],
    },
    true,
  );
}

export interface TopicPoint {
  readonly label: string;
  /** This month's cases carrying the topic's label (measured like the months before). */
  readonly current: number;
  readonly previousAverage: number;
}

/** Hot topics: this month's cases carrying each topic's label beside the average of the three months before. */
export function drawTopics(container: HTMLElement, points: readonly TopicPoint[]): void {
  chartIn(container).setOption(
    {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 64 },
      xAxis: {
        type: 'category',
        data: points.map((point) => point.label),
        axisLabel: { interval: 0, rotate: 30 },
      },
      yAxis: { type: 'value', name: '件', minInterval: 1 },
      series: [
        { name: '本月', type: 'bar', data: points.map((point) => point.current) },
        {
          name: '前三个月月均',
          type: 'bar',
          data: points.map((point) => Math.round(point.previousAverage * 10) / 10),
        },
      ],
    },
    true,
  );
}
