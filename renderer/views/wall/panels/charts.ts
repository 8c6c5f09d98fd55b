// ECharts options of the wall's panels, built from the data alone (pure, so they are easy to
// check). Colours come from theme.css; text is large enough to read from the back of a hall.
import type { EChartsCoreOption } from 'echarts/core';
import type { WallFigures } from '../data/figures';
import { themeCss } from '../layers/palette';

type Translate = (key: string, values?: Record<string, unknown>) => string;

const text = () => themeCss('--gh-text', '#e6f1ff');
const dim = () => themeCss('--gh-text-dim', '#9db4d3');
const line = () => themeCss('--gh-line', 'rgba(56,189,248,0.28)');
const FONT = 16;

const axisCommon = () => ({
  axisLabel: { color: dim(), fontSize: FONT },
  axisLine: { lineStyle: { color: line() } },
  splitLine: { lineStyle: { color: line(), type: 'dashed' as const } },
});

/** The last seven days; the last is today, only partly over: its bar is hollow and says 今日, so it does not read as a drop. */
export function trendOption(trend: WallFigures['trend'], t: Translate): EChartsCoreOption {
  const accent = themeCss('--gh-accent');
  const last = trend.length - 1;
  return {
    animation: false,
    grid: { left: 44, right: 12, top: 36, bottom: 28 },
    legend: { top: 0, right: 0, textStyle: { color: text(), fontSize: FONT }, itemWidth: 18 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: trend.map((d, i) => (i === last ? t('wall.panels.trendToday') : d.date.slice(5))), ...axisCommon() },
    yAxis: { type: 'value', minInterval: 1, ...axisCommon() },
    series: [
      {
        name: t('wall.panels.trendReported'),
        type: 'bar',
        data: trend.map((d, i) => (i === last ? { value: d.reported, itemStyle: { color: 'transparent', borderColor: accent, borderWidth: 2, borderType: 'dashed' } } : d.reported)),
        itemStyle: { color: accent },
        barMaxWidth: 22,
      },
      {
        name: t('wall.panels.trendClosed'),
        type: 'line',
        data: trend.map((d, i) => (i === last ? { value: d.closed, symbol: 'emptyCircle' } : d.closed)),
        smooth: true,
        symbolSize: 8,
        lineStyle: { width: 3 },
        itemStyle: { color: themeCss('--gh-ok') },
      },
    ],
  };
}

/** One rate as a ring gauge; each gets its own chart, so two never overlap whatever the panel's shape. */
export function gaugeOption(name: string, value: number | null, colour: string): EChartsCoreOption {
  return { animation: false, series: [gauge(name, value, colour)] };
}

function gauge(name: string, value: number | null, colour: string) {
  return {
    type: 'gauge',
    name,
    center: ['50%', '56%'],
    radius: '88%',
    startAngle: 215,
    endAngle: -35,
    min: 0,
    max: 100,
    progress: { show: true, width: 14, itemStyle: { color: colour } },
    axisLine: { lineStyle: { width: 14, color: [[1, 'rgba(56, 189, 248, 0.15)']] } },
    axisTick: { show: false },
    splitLine: { show: false },
    axisLabel: { show: false },
    pointer: { show: false },
    title: { offsetCenter: [0, '62%'], color: text(), fontSize: FONT + 2 },
    detail: { offsetCenter: [0, '4%'], color: colour, fontSize: 34, fontWeight: 'bold', formatter: value === null ? '—' : '{value}%' },
    data: [{ value: value ?? 0, name }],
  };
}

/** A ranked horizontal bar list (top grids, classes, departments): the longest bar on top; a note (a grade) after the value. */
export function rankingOption(rows: { label: string; value: number; note?: string; muted?: boolean }[], colour: string, unit = ''): EChartsCoreOption {
  const top = rows.slice(0, 7).reverse();
  return {
    animation: false,
    grid: { left: 8, right: 48, top: 4, bottom: 4, containLabel: true },
    xAxis: { type: 'value', show: false, max: (v: { max: number }) => Math.max(1, v.max) },
    yAxis: { type: 'category', data: top.map((r) => r.label), axisLabel: { color: text(), fontSize: FONT, width: 150, overflow: 'break', lineHeight: FONT + 1 }, axisLine: { show: false }, axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        // A muted row (a score on too few cases to rank) is drawn hollow.
        data: top.map((r) => (r.muted ? { value: r.value, itemStyle: { color: 'transparent', borderColor: colour, borderWidth: 1, borderType: 'dashed' } } : r.value)),
        barMaxWidth: 16,
        itemStyle: { color: colour, borderRadius: [0, 4, 4, 0] },
        label: { show: true, position: 'right', color: text(), fontSize: FONT, formatter: (p: { dataIndex: number; value: number }) => `${p.value}${unit}${top[p.dataIndex]?.note ? ' ' + top[p.dataIndex]!.note : ''}` },
      },
    ],
  };
}

/** Shares of a whole (camera kinds, sensor states): a ring with the count in its legend. */
export function shareOption(rows: { label: string; value: number; colour: string }[]): EChartsCoreOption {
  return {
    animation: false,
    legend: { orient: 'vertical', right: 0, top: 'middle', textStyle: { color: text(), fontSize: FONT }, formatter: (name: string) => `${name}  ${rows.find((r) => r.label === name)?.value ?? 0}` },
    series: [
      {
        type: 'pie',
        radius: ['48%', '78%'],
        center: ['30%', '50%'],
        label: { show: false },
        data: rows.map((r) => ({ name: r.label, value: r.value, itemStyle: { color: r.colour } })),
      },
    ],
  };
}
