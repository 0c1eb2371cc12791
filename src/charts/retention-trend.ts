/** Chart 2: GRR and NRR per month over the last 12 months. */
import type { TrendPoint } from '../metrics/types';
import { type ChartSize, renderPng } from './render';

export const TREND_CHART_SIZE: ChartSize = { width: 800, height: 450 };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthLabel = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(2, 4)}`;
const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

export function retentionTrendPng(trend: readonly TrendPoint[], opts: { title: string; size?: ChartSize }): Buffer {
  const size = opts.size ?? TREND_CHART_SIZE;
  const values = trend.flatMap((t) => [pct(t.grr), pct(t.nrr)]).filter((v): v is number => v !== null);
  // Monthly retention sits near 100%: zoom the axis to the data so movement is visible.
  const lo = values.length ? Math.floor(Math.min(...values, 100) - 1) : 90;
  const hi = values.length ? Math.ceil(Math.max(...values, 100) + 1) : 110;
  return renderPng(
    {
      title: { text: opts.title, left: 'center', top: 10, textStyle: { fontSize: 16 } },
      legend: { data: ['GRR', 'NRR'], top: 36 },
      grid: { left: 60, right: 30, top: 70, bottom: 50 },
      xAxis: { type: 'category', data: trend.map((t) => monthLabel(t.month)), axisLabel: { fontSize: 12 } },
      yAxis: { type: 'value', min: lo, max: hi, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: 'GRR',
          type: 'line',
          data: trend.map((t) => pct(t.grr)),
          itemStyle: { color: '#d73027' },
          lineStyle: { width: 3 },
          symbolSize: 7,
          connectNulls: false,
        },
        {
          name: 'NRR',
          type: 'line',
          data: trend.map((t) => pct(t.nrr)),
          itemStyle: { color: '#4575b4' },
          lineStyle: { width: 3 },
          symbolSize: 7,
          connectNulls: false,
        },
      ],
    },
    size,
  );
}
