/**
 * Score past dates in memory, exactly as the scheduled job would have (the same feature extraction and
 * scoring code, as of each date), without writing a row to health_scores. Each scored account becomes a
 * labelled backtest row: did it churn within the horizon after the date?
 */
import type { Db } from '../../db';
import type { AccountFacts } from '../alerts/facts';
import { evaluateRules } from '../alerts/rules';
import type { AppConfig } from '../config/schema';
import { addDays, daysBetween } from '../lib/dates';
import { extractFeatures } from '../scoring/features';
import { deriveMetrics } from '../scoring/metrics';
import { scoreAccount } from '../scoring/score-account';
import { COMPONENTS, type Tier } from '../scoring/types';
import { type Outcomes, churnWithin, churnedAt } from './outcomes';

export interface BacktestRow {
  date: string;
  accountId: string;
  segment: string | null;
  score: number;
  tier: Tier;
  /** final component scores (after signal penalties), in COMPONENTS order; null = no data */
  components: (number | null)[];
  /** sub-scores keyed "component.part" */
  parts: Record<string, number>;
  drivers: string[];
  /** alert rules whose condition holds on this score */
  rules: string[];
  /** naive baselines */
  daysSinceLogin: number | null;
  loginTrendPct: number | null;
  /** 1 when the account churned in (date, date + horizon] */
  label: 0 | 1;
  churnOn: string | null;
}

export interface DateSummary {
  date: string;
  scored: number;
  /** scored by the scorer but left out: already churned at the date, or churned with no date on record */
  excluded: number;
  churners: number;
  ms: number;
}

export interface ScoreDatesOptions {
  dates: string[];
  horizonDays: number;
  config: AppConfig;
  outcomes: Outcomes;
  onDate?: (done: number, total: number, s: DateSummary) => void;
}

export function scoreDates(db: Db, opts: ScoreDatesOptions): { rows: BacktestRow[]; perDate: DateSummary[] } {
  const { config, outcomes } = opts;
  const rules = config.alerts.rules;
  const rows: BacktestRow[] = [];
  const perDate: DateSummary[] = [];
  // Scores at earlier backtest dates, for the health-drop rule's look-back window.
  const previous = new Map<string, { score: number; asOf: string }[]>();
  opts.dates.forEach((date, di) => {
    const t0 = performance.now();
    const { features } = extractFeatures(db, date, { signalWindowDays: config.scoring.signalWindowDays });
    let excluded = 0;
    let churners = 0;
    const before = rows.length;
    for (const f of features) {
      const o = outcomes.byAccount.get(f.id);
      if (outcomes.undated.has(f.id) || churnedAt(o, date)) {
        excluded++;
        continue;
      }
      const s = scoreAccount(f, config.scoring, date);
      const m = deriveMetrics(f, config.scoring, date);
      const churnOn = churnWithin(o, date, opts.horizonDays);
      if (churnOn) churners++;
      const parts: Record<string, number> = {};
      for (const c of COMPONENTS) for (const [k, p] of Object.entries(s.components[c].parts ?? {})) parts[`${c}.${k}`] = p.score;

      const hist = previous.get(f.id) ?? [];
      const since = addDays(date, -rules.healthDrop.days);
      const peak = hist.filter((h) => h.asOf >= since).sort((a, b) => b.score - a.score)[0] ?? null;
      const facts: AccountFacts = {
        account: { id: f.id, name: f.name, arr: f.arr, renewalDate: f.renewalDate, renewalStatus: f.renewalStatus, lifecycle: 'active' },
        asOf: date,
        score: s.score,
        tier: s.tier,
        expansion: s.expansion,
        drivers: s.drivers,
        windowPeak: peak,
        usage: f.usage && (f.usage.days30 > 0 || f.usage.daysPrev30 > 0) ? { recent: f.usage.logins30, previous: f.usage.loginsPrev30 } : null,
        daysSinceLogin: m.daysSinceLogin,
        signals: f.signals
          .filter((x) => daysBetween(x.occurredAt.slice(0, 10), date) <= rules.criticalSignal.withinDays)
          .reverse()
          .map((x) => ({ kind: x.kind, occurredAt: x.occurredAt, detail: x.detail })),
      };
      hist.push({ score: s.score, asOf: date });
      previous.set(f.id, hist);

      rows.push({
        date,
        accountId: f.id,
        segment: f.segment,
        score: s.score,
        tier: s.tier,
        components: COMPONENTS.map((c) => s.components[c].score),
        parts,
        drivers: s.drivers.map((d) => d.id),
        rules: [...evaluateRules(facts, rules).keys()],
        daysSinceLogin: m.daysSinceLogin,
        loginTrendPct: m.loginChangePct,
        label: churnOn ? 1 : 0,
        churnOn,
      });
    }
    const summary = { date, scored: rows.length - before, excluded, churners, ms: Math.round(performance.now() - t0) };
    perDate.push(summary);
    opts.onDate?.(di + 1, opts.dates.length, summary);
  });
  return { rows, perDate };
}
