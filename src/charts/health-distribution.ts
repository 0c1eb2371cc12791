/** Chart 1: health distribution by tier — ARR per tier as bars, labelled with the account count. */
import type { TierBucket } from '../metrics/types';
import { compactMoney } from './format';
import { type ChartSize, renderPng } from './render';

export const TIER_COLORS: Record<string, string> = {
  Thriving: '#1a9850',
  Healthy: '#91cf60',
  Neutral: '#fee08b',
  'At-Risk': '#fc8d59',
  Critical: '#d73027',
};

export const HEALTH_CHART_SIZE: ChartSize = { width: 800, height: 450 };

export function healthDistributionPng(tiers: readonly TierBucket[], opts: { title: string; size?: ChartSize }): Buffer {
  const size = opts.size ?? HEALTH_CHART_SIZE;
  return renderPng(
    {
      title: { text: opts.title, left: 'center', top: 10, textStyle: { fontSize: 16 } },
      grid: { left: 80, right: 30, top: 60, bottom: 50 },
      xAxis: { type: 'category', data: tiers.map((t) => t.tier), axisLabel: { fontSize: 13 } },
      yAxis: { type: 'value', name: 'ARR', axisLabel: { formatter: (v: number) => compactMoney(v) } },
      series: [
        {
          type: 'bar',
          barWidth: '55%',
          data: tiers.map((t) => ({ value: t.arr, itemStyle: { color: TIER_COLORS[t.tier] ?? '#888888' } })),
          label: {
            show: true,
            position: 'top',
            fontSize: 12,
            formatter: (p: { dataIndex: number }) => {
              const t = tiers[p.dataIndex];
              return `${compactMoney(t.arr)} · ${t.count} acct${t.count === 1 ? '' : 's'}`;
            },
          },
        },
      ],
    },
    size,
  );
}
