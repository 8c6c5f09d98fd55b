// ECharts options of the explorer's panels, built from one /api/heatmap answer. Only the
// charts and components used are registered (echarts/core), keeping the chunk small.
import { BarChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import { CalendarComponent, DataZoomComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { HeatmapResponse } from '../../../core/contract/index';
import { calendarMonthLabel } from './calendar-labels';
import { themeColour } from './files';

echarts.use([BarChart, HeatmapChart, LineChart, PieChart, CalendarComponent, DataZoomComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export { echarts };
export type ChartOption = echarts.EChartsCoreOption;

export interface Palette {
  text: string;
  dim: string;
  line: string;
  accent: string;
  warn: string;
  ramp: string[];
  font: string;
}

export function palette(): Palette {
  return {
    text: themeColour('--gh-text', '#e6f1ff'),
    dim: themeColour('--gh-text-dim', '#9db4d3'),
    line: themeColour('--gh-line', 'rgba(56,189,248,0.28)'),
    accent: themeColour('--gh-accent', '#22d3ee'),
    warn: themeColour('--gh-warn', '#fbbf24'),
    ramp: [0, 1, 2, 3, 4].map((i) => themeColour(`--gh-heat-${i}`)),
    font: themeColour('--gh-font', 'sans-serif'),
  };
}

const axis = (p: Palette) => ({
  axisLine: { lineStyle: { color: p.line } },
  axisLabel: { color: p.dim, fontSize: 13 },
  splitLine: { lineStyle: { color: p.line, opacity: 0.5 } },
});

const tooltip = (p: Palette) => ({ backgroundColor: 'rgba(7,20,40,0.95)', borderColor: p.accent, textStyle: { color: p.text, fontSize: 14 } });

export function hourWeekdayOption(h: HeatmapResponse, weekdays: string[], hourSuffix: string, p = palette()): ChartOption {
  const data: [number, number, number][] = [];
  h.hourWeekday.forEach((hours, d) => hours.forEach((n, hour) => data.push([hour, d, n])));
  return {
    textStyle: { fontFamily: p.font },
    tooltip: { ...tooltip(p), formatter: (x: { value: [number, number, number] }) => `${weekdays[x.value[1]]} ${x.value[0]}${hourSuffix}: ${x.value[2]}` },
    grid: { left: 48, right: 12, top: 8, bottom: 52 },
    xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, i) => String(i)), ...axis(p), splitArea: { show: false } },
    yAxis: { type: 'category', data: weekdays, inverse: true, ...axis(p) },
    visualMap: { min: 0, max: Math.max(1, ...data.map((d) => d[2])), calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, itemWidth: 10, inRange: { color: p.ramp }, textStyle: { color: p.dim } },
    series: [{ type: 'heatmap', data, emphasis: { itemStyle: { borderColor: p.text, borderWidth: 1 } } }],
  };
}

export function calendarOption(h: HeatmapResponse, zh = true, p = palette()): ChartOption {
  const from = h.period.from;
  const to = h.period.to;
  // One calendar strip: the whole period (ECharts lays weeks out left to right).
  return {
    textStyle: { fontFamily: p.font },
    tooltip: { ...tooltip(p), formatter: (x: { value: [string, number] }) => `${x.value[0]}: ${x.value[1]}` },
    visualMap: { min: 0, max: Math.max(1, ...h.calendar.map((c) => c.n)), show: false, inRange: { color: p.ramp } },
    calendar: {
      range: [from, to],
      left: 36,
      right: 12,
      top: 24,
      bottom: 8,
      cellSize: ['auto', 'auto'],
      splitLine: { lineStyle: { color: p.line } },
      itemStyle: { color: 'transparent', borderColor: p.line },
      yearLabel: { show: false },
      monthLabel: { color: p.dim, fontSize: 12, formatter: (m: { yyyy: string; M: string }) => calendarMonthLabel(from, to, Number(m.yyyy), Number(m.M), zh) },
      dayLabel: { color: p.dim, fontSize: 11, firstDay: 1, nameMap: zh ? 'ZH' : 'EN' },
    },
    series: [{ type: 'heatmap', coordinateSystem: 'calendar', data: h.calendar.map((c) => [c.date, c.n]) }],
  };
}


export function classCommunityOption(h: HeatmapResponse, zh = true, p = palette()): ChartOption {
  const m = h.classCommunity;
  // English class names are longer than Chinese ones: give them more room (they wrap past it),
  // and show fewer communities at once so each keeps its column.
  const nameWidth = zh ? 86 : 124;
  const shown = zh ? 10 : 8;
  // The server lists communities busiest first; the panel opens on the busiest, with their names
  // level and whole, and a thin bar below scrolls through the rest (wheel, drag or the bar).
  const scrolls = m.communities.length > shown;
  const endValue = Math.min(m.communities.length, shown) - 1;
  return {
    textStyle: { fontFamily: p.font },
    tooltip: { ...tooltip(p), formatter: (x: { value: [number, number, number] }) => `${m.communities[x.value[0]]?.name} · ${m.classes[x.value[1]]?.name}: ${x.value[2]}` },
    grid: { left: nameWidth + 6, right: 8, top: 8, bottom: scrolls ? 50 : 36 },
    xAxis: {
      type: 'category',
      data: m.communities.map((c) => c.name),
      ...axis(p),
      // Two short lines under each column (官塘 / 社区): level text, never crossing the next name.
      axisLabel: { color: p.dim, fontSize: 12, interval: 0, width: 28, overflow: 'break', lineHeight: 13 },
      axisTick: { show: false },
    },
    yAxis: { type: 'category', data: m.classes.map((c) => c.name), inverse: true, ...axis(p), axisLabel: { color: p.dim, fontSize: 12, width: nameWidth, overflow: 'break', lineHeight: 12 } },
    visualMap: { min: 0, max: Math.max(1, ...m.values.map((v) => v[2])), show: false, inRange: { color: p.ramp } },
    dataZoom: scrolls
      ? [
          { type: 'inside', xAxisIndex: 0, startValue: 0, endValue, zoomLock: true, zoomOnMouseWheel: false, moveOnMouseWheel: true, moveOnMouseMove: true },
          {
            type: 'slider',
            xAxisIndex: 0,
            startValue: 0,
            endValue,
            zoomLock: true,
            height: 8,
            bottom: 4,
            showDetail: false,
            brushSelect: false,
            borderColor: 'transparent',
            backgroundColor: 'rgba(255,255,255,0.06)',
            fillerColor: p.line,
            handleSize: 0,
            moveHandleSize: 0,
            dataBackground: { lineStyle: { opacity: 0 }, areaStyle: { opacity: 0 } },
            selectedDataBackground: { lineStyle: { opacity: 0 }, areaStyle: { opacity: 0 } },
          },
        ]
      : [],
    series: [{ type: 'heatmap', data: m.values, label: { show: true, color: p.text, fontSize: 11 } }],
  };
}

/**
 * The trend: this period against the year before. A day or month only partly counted (today, the
 * current month, a month the period cuts) is drawn hollow on a dashed segment under a shaded band
 * that says so, so a week-old month does not read as a drop.
 */
export function trendOption(
  h: HeatmapResponse,
  names: { current: string; lastYear: string; partial: (days: number) => string },
  p = palette(),
): ChartOption {
  const t = h.trend;
  const labels = t.current.map((c) => (t.unit === 'day' ? c.label.slice(5) : c.label));
  const partialAt = t.current.map((c) => c.partial);
  // Whole buckets on the solid line; the dashed line joins each partial bucket to its neighbours.
  const whole = t.current.map((c) => (c.partial ? null : c.n));
  const dashed = t.current.map((c, i) =>
    c.partial || partialAt[i - 1] === true || partialAt[i + 1] === true ? { value: c.n, symbol: c.partial ? 'emptyCircle' : 'none' } : { value: null, symbol: 'none' },
  );
  const bands = t.current.flatMap((c, i) => (c.partial ? [[{ xAxis: labels[i], name: names.partial(c.days) }, { xAxis: labels[i] }]] : []));
  const lineColour = { color: p.accent };
  return {
    textStyle: { fontFamily: p.font },
    tooltip: {
      ...tooltip(p),
      trigger: 'axis',
      formatter: (items: { dataIndex: number; seriesName: string; value: number | null; marker: string }[]) => {
        const i = items[0]?.dataIndex ?? 0;
        const bucket = t.current[i];
        const rows = items.filter((x, k) => x.value !== null && x.value !== undefined && items.findIndex((y) => y.seriesName === x.seriesName) === k);
        const head = `${t.current[i]?.label ?? ''}${bucket?.partial ? ` · ${names.partial(bucket.days)}` : ''}`;
        return [head, ...rows.map((x) => `${x.marker}${x.seriesName}: ${x.value}`)].join('<br/>');
      },
    },
    legend: { top: 0, right: 8, textStyle: { color: p.dim, fontSize: 13 }, data: [names.current, names.lastYear] },
    grid: { left: 44, right: 12, top: 30, bottom: 28 },
    xAxis: { type: 'category', data: labels, ...axis(p) },
    yAxis: { type: 'value', minInterval: 1, ...axis(p) },
    series: [
      {
        name: names.current, type: 'line', smooth: true, symbolSize: 5, data: whole, lineStyle: { ...lineColour, width: 2 }, itemStyle: lineColour, areaStyle: { color: p.accent, opacity: 0.12 },
        markArea: bands.length ? { silent: true, itemStyle: { color: p.dim, opacity: 0.12 }, label: { color: p.dim, fontSize: 12, position: 'insideTop' }, data: bands } : undefined,
      },
      {
        name: names.current, type: 'line', smooth: false, data: dashed, symbolSize: 8,
        // Only the partial points get a (hollow) symbol: the whole ones are the solid line's.
        showAllSymbol: true, itemStyle: lineColour, lineStyle: { ...lineColour, width: 2, type: 'dashed' },
        emphasis: { disabled: true }, z: 3,
      },
      { name: names.lastYear, type: 'line', smooth: true, symbolSize: 4, data: t.lastYear.map((c) => c.n), lineStyle: { color: p.warn, type: 'dashed' }, itemStyle: { color: p.warn } },
    ],
  };
}

export function barsOption(rows: { label: string; n: number }[], p = palette()): ChartOption {
  const shown = rows.slice(0, 10).reverse();
  return {
    textStyle: { fontFamily: p.font },
    tooltip: { ...tooltip(p), trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 150, right: 44, top: 4, bottom: 4 },
    xAxis: { type: 'value', show: false },
    // Long names (English ones) wrap to a second line instead of losing their ends.
    yAxis: { type: 'category', data: shown.map((r) => r.label), ...axis(p), axisLabel: { color: p.text, fontSize: 13, width: 140, overflow: 'break', lineHeight: 14 }, axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        data: shown.map((r) => r.n),
        barMaxWidth: 16,
        itemStyle: { color: new echarts.graphic.LinearGradient(0, 0, 1, 0, [{ offset: 0, color: p.ramp[1]! }, { offset: 1, color: p.ramp[3]! }]), borderRadius: [0, 4, 4, 0] },
        label: { show: true, position: 'right', color: p.text, fontSize: 13 },
      },
    ],
  };
}

/** Ramp colour (CSS) for a value in [0, max]. */
export function rampColour(value: number, max: number, ramp: string[]): string {
  if (max <= 0 || value <= 0) return ramp[0]!;
  const x = Math.min(1, value / max) * (ramp.length - 1);
  return ramp[Math.min(ramp.length - 1, Math.round(x))]!;
}
