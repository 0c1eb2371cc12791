/** Render the leadership digest's charts to PNG files (written atomically: temp file, then rename). */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { healthDistributionPng } from '../charts/health-distribution';
import { retentionTrendPng } from '../charts/retention-trend';
import type { PortfolioMetrics } from '../metrics/types';

export interface ChartFile {
  key: 'health' | 'retention' | 'cohorts';
  path: string;
  filename: string;
  title: string;
}

export function writeDigestCharts(metrics: PortfolioMetrics, week: string, dir: string): ChartFile[] {
  mkdirSync(dir, { recursive: true });
  const charts: Array<{ key: ChartFile['key']; title: string; png: () => Buffer }> = [
    {
      key: 'health',
      title: `Health distribution by tier (ARR) — ${week}`,
      png: () => healthDistributionPng(metrics.tiers, { title: `Health distribution by tier — ${week}` }),
    },
    {
      key: 'retention',
      title: `GRR / NRR by month, last ${metrics.trend.length} months — ${week}`,
      png: () => retentionTrendPng(metrics.trend, { title: `GRR and NRR by month — to ${metrics.asOf}` }),
    },
  ];
  return charts.map((c) => writeChartFile(dir, week, c.key, c.title, c.png()));
}

export function writeChartFile(dir: string, week: string, key: ChartFile['key'], title: string, png: Buffer): ChartFile {
  mkdirSync(dir, { recursive: true });
  const filename = `${week}-${key}.png`;
  const path = resolve(join(dir, filename));
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, png);
  renameSync(tmp, path);
  return { key, path, filename, title };
}
