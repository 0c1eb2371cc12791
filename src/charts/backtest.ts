/** Backtest charts: the ROC curve (model vs the naive baselines' AUC) and churn rate by score decile. */
import type { EChartsOption } from 'echarts';
import { type ChartSize, renderPng } from './render';

export const BACKTEST_CHART_SIZE: ChartSize = { width: 800, height: 500 };

/**
 * The curve pools every account-date (across dates), while the AUC quoted is pooled within dates (churners
 * against non-churners of the same date): the legend says which is which.
 */
export function rocCurveOption(points: readonly [number, number][], opts: { title: string; auc: number | null }): EChartsOption {
  return {
    title: { text: opts.title, left: 'center', top: 10, textStyle: { fontSize: 16 } },
    grid: { left: 70, right: 30, top: 60, bottom: 85 },
    legend: { bottom: 8 },
    xAxis: { type: 'value', min: 0, max: 1, name: 'false-positive rate', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', min: 0, max: 1, name: 'true-positive rate', nameLocation: 'middle', nameGap: 45 },
    series: [
      {
        type: 'line',
        name: `health score (AUC within dates ${opts.auc == null ? 'n/a' : opts.auc.toFixed(3)}; curve pooled over dates)`,
        data: points.map((p) => [p[0], p[1]]),
        showSymbol: false,
        lineStyle: { width: 2, color: '#2c7bb6' },
        itemStyle: { color: '#2c7bb6' },
      },
      {
        type: 'line',
        name: 'chance (AUC 0.5)',
        data: [
          [0, 0],
          [1, 1],
        ],
        showSymbol: false,
        lineStyle: { type: 'dashed', color: '#999999' },
        itemStyle: { color: '#999999' },
      },
    ],
  };
}

export function rocCurvePng(points: readonly [number, number][], opts: { title: string; auc: number | null; size?: ChartSize }): Buffer {
  return renderPng(rocCurveOption(points, opts), opts.size ?? BACKTEST_CHART_SIZE);
}

export interface DecileBar {
  decile: number;
  rate: number | null;
  rows: number;
}

/** markLine rounds its value to `precision` decimals (ECharts' default 2: 0.0238 would be drawn at 0.02). */
const BASE_RATE_PRECISION = 6;

export function churnByDecileOption(deciles: readonly DecileBar[], opts: { title: string; baseRate: number | null }): EChartsOption {
  return {
    title: {
      text: opts.title,
      subtext: opts.baseRate == null ? undefined : `dashed line: average churn rate ${(opts.baseRate * 100).toFixed(1)}%`,
      left: 'center',
      top: 6,
      textStyle: { fontSize: 16 },
    },
    grid: { left: 70, right: 30, top: 70, bottom: 60 },
    xAxis: { type: 'category', data: deciles.map((d) => String(d.decile)), name: 'score decile (1 = lowest scores)', nameLocation: 'middle', nameGap: 30 },
    yAxis: { type: 'value', name: 'churn rate', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    series: [
      {
        type: 'bar',
        barWidth: '60%',
        data: deciles.map((d) => ({ value: d.rate ?? 0, itemStyle: { color: '#d7301f' } })),
        label: { show: true, position: 'top', formatter: (p: { dataIndex: number }) => `${((deciles[p.dataIndex].rate ?? 0) * 100).toFixed(1)}%` },
        markLine:
          opts.baseRate == null
            ? undefined
            : {
                symbol: 'none' as const,
                precision: BASE_RATE_PRECISION,

                data: [{ yAxis: opts.baseRate, name: 'base rate' }],
                label: { show: false },
                lineStyle: { type: 'dashed' as const, color: '#555555' },
              },
      },
    ],
  };
}

export function churnByDecilePng(deciles: readonly DecileBar[], opts: { title: string; baseRate: number | null; size?: ChartSize }): Buffer {
  return renderPng(churnByDecileOption(deciles, opts), opts.size ?? BACKTEST_CHART_SIZE);
}
