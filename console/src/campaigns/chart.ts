// The funnel's chart: ECharts, only what it draws (bars, grid, legend) and the SVG
// renderer, tree-shaken into a chunk fetched only when a funnel is first shown. SVG rather than
// canvas: sharp at any zoom and in print. ECharts styles its elements through the CSSOM
// (element.style), which the console's CSP (style-src 'self') allows; it writes no style attribute
// or <style> element. No tooltip (its axis pointer is a sixth of the chunk): each bar is labelled
// with its number, and the tables below hold them all.
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { init, use, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, GridComponent, LegendComponent, SVGRenderer]);

export type ChartSeries = { name: string; values: number[]; color: string };

/** Draws (or redraws) horizontal bars: a row per stage, top to bottom, a bar per channel. */
export function drawFunnel(el: HTMLElement, stages: string[], series: ChartSeries[], previous?: EChartsType): EChartsType {
  const chart = previous ?? init(el, undefined, { renderer: 'svg' });
  chart.setOption({
    animation: false,
    aria: { enabled: false },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, itemGap: 16, textStyle: { fontSize: 13 } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: stages, inverse: true, axisTick: { show: false } },
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values, itemStyle: { color: s.color }, barMaxWidth: 14, label: { show: true, position: 'right', fontSize: 11 } })),
  }, true);
  return chart;
}

export type { EChartsType };
