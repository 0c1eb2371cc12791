/** Retention curves by months since start, one line per plan tier (weighted over the cohorts that reached each month). */
import { type ChartSize, renderPng } from './render';

export const COHORT_CHART_SIZE: ChartSize = { width: 800, height: 450 };
const COLORS = ['#4575b4', '#d73027', '#1a9850', '#984ea3', '#ff7f00', '#a65628', '#f781bf', '#666666'];

export interface RetentionCurve {
  key: string;
  size: number;
  /** ratio per month since start */
  retention: ReadonlyArray<number | null>;
}

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

export function cohortRetentionPng(curves: readonly RetentionCurve[], opts: { title: string; yName: string; size?: ChartSize }): Buffer {
  const size = opts.size ?? COHORT_CHART_SIZE;
  const width = Math.max(1, ...curves.map((c) => c.retention.length));
  const values = curves.flatMap((c) => c.retention.map(pct)).filter((v): v is number => v !== null);
  // Zoom to the data (retention often stays above 80%), rounded out to 10s so the scale reads easily.
  const lo = values.length ? Math.max(0, Math.floor((Math.min(...values, 100) - 2) / 10) * 10) : 0;
  const hi = values.length ? Math.ceil(Math.max(...values, 100) / 10) * 10 : 100;
  return renderPng(
    {
      title: { text: opts.title, left: 'center', top: 10, textStyle: { fontSize: 16 } },
      legend: { data: curves.map((c) => `${c.key} (${c.size})`), top: 36 },
      grid: { left: 60, right: 30, top: 76, bottom: 56 },
      xAxis: { type: 'category', name: 'months since start', nameLocation: 'middle', nameGap: 30, data: Array.from({ length: width }, (_, k) => `M${k}`) },
      yAxis: { type: 'value', name: opts.yName, min: lo, max: hi, axisLabel: { formatter: '{value}%' } },
      series: curves.map((c, i) => ({
        name: `${c.key} (${c.size})`,
        type: 'line' as const,
        data: c.retention.map(pct),
        itemStyle: { color: COLORS[i % COLORS.length] },
        lineStyle: { width: 3 },
        symbolSize: 6,
        connectNulls: false,
      })),
    },
    size,
  );
}
