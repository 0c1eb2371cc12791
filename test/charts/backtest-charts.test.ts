import { describe, expect, it } from 'vitest';
import { BACKTEST_CHART_SIZE, churnByDecileOption, rocCurveOption } from '../../src/charts/backtest';
import { renderSvg } from '../../src/charts/render';

/** y of the top edge of each bar ("M x y l w 0 l 0 -h …" → y - h) and of the dashed line, from the SVG. */
function geometry(svg: string): { bars: number[]; dashed: number } {
  const bars = [...svg.matchAll(/<path d="M[\d.]+ ([\d.]+)l[\d.]+ 0l0 -([\d.]+)l[^"]*" fill="#d7301f"/g)].map((m) => Number(m[1]) - Number(m[2]));
  const dash = /<path d="M[\d.]+ ([\d.]+)L[\d.]+ [\d.]+"[^>]*stroke-dasharray/.exec(svg);
  if (!dash) throw new Error('no dashed line in the SVG');
  return { bars, dashed: Number(dash[1]) };
}

describe('backtest charts', () => {
  it('draws the average-churn line at the exact base rate (not rounded to 2 decimals)', () => {
    const base = 0.0238;
    // decile 5 churns exactly at the base rate: the dashed line must touch its top
    const deciles = Array.from({ length: 10 }, (_, i) => ({ decile: i + 1, rate: i === 4 ? base : 0.01 * (10 - i), rows: 100 }));
    const option = churnByDecileOption(deciles, { title: 't', baseRate: base });
    const series = (option.series as { markLine?: { data: { yAxis: number }[]; precision?: number } }[])[0];
    expect(series.markLine!.data[0].yAxis).toBe(base);
    expect(series.markLine!.precision).toBeGreaterThanOrEqual(4);
    const g = geometry(renderSvg(option, BACKTEST_CHART_SIZE));
    expect(g.bars).toHaveLength(10);
    // ECharts' default precision would draw it at 0.02: ~14 px lower on this axis
    expect(Math.abs(g.dashed - g.bars[4])).toBeLessThan(1);
    expect((option.title as { subtext: string }).subtext).toBe('dashed line: average churn rate 2.4%');
  });

  it('labels the ROC legend: AUC within dates, curve pooled over dates', () => {
    const option = rocCurveOption(
      [
        [0, 0],
        [0.2, 0.6],
        [1, 1],
      ],
      { title: 'ROC', auc: 0.8341 },
    );
    const names = (option.series as { name: string }[]).map((s) => s.name);
    expect(names[0]).toBe('health score (AUC within dates 0.834; curve pooled over dates)');
  });
});
