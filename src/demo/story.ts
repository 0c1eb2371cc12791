/**
 * An account's story over the whole history, so that the demo is a fair test for scoring at past dates:
 * - drift: every account's usage wanders slowly (two slow waves, a few % each);
 * - churners: most show warning signs weeks to months before they churn (falling usage, support trouble,
 *   detractor NPS, risk signals; each a separate channel, at least one), with noise; ~18% churn with no
 *   warning at all (surprise churn);
 * - troubled episodes: live accounts go through episodes like today's at-risk / critical accounts (usage falls,
 *   support trouble, detractor NPS, risk signals, an at-risk renewal flag) at random times through the whole
 *   history and recover (false alarms), so any past month-end has about as many troubled accounts as today
 *   (a stationary book); today's troubled accounts are the ones whose episode is still running.
 * Pure functions of the plan: usage, tickets, NPS and signals all read the same story.
 */
import type { Rng } from './prng';
import type { AccountPlan } from './types';

export type Channel = 'usage' | 'support' | 'nps' | 'signals';

export interface Warning {
  /** days before the churn the trouble starts (30–180) */
  lead: number;
  channels: Record<Channel, boolean>;
  /** days before the churn the account team flagged the renewal at risk; null = never flagged */
  flaggedAt: number | null;
  /** usage channel: nobody logs in for this many days before the churn (0 = they use it to the end) */
  quietDays: number;
}

/** A troubled episode that recovers (a false alarm): usage falls, holds low and comes back. */
export interface Dip {
  /** age (days before today) the dip starts */
  startAge: number;
  fall: number;
  hold: number;
  rise: number;
  /** share of usage lost at the bottom */
  depth: number;
  channels: Record<Channel, boolean>;
  /** critical-like (deeper, more support trouble) rather than at-risk-like */
  severe: boolean;
  /** days after the start the account team flagged the renewal at risk (cleared at the recovery); null = never */
  flaggedAfter: number | null;
}

export interface Story {
  /** slow usage waves: [amplitude, period days, phase] × 2 */
  drift: readonly [number, number, number, number, number, number];
  /** churners only: undefined = surprise churn (no warning) */
  warning?: Warning;
  /** false alarms: troubled episodes that recovered, oldest first, all over before today's own trouble */
  dips: Dip[];
}

/** Share of churners that churn without any warning sign. */
export const SURPRISE_CHURN_SHARE = 0.18;
/**
 * Troubled episodes per live account per year, by the account's usual band (weaker accounts get into trouble more
 * often). Today 20% of established accounts are at-risk / critical with an episode up to ~60 days old, mostly weak
 * ones; episodes of ~50–125 days at these rates keep about as many accounts scoring At-Risk / Critical at any past
 * date (measured: README, Demo data).
 */
export const DIP_RATE_PER_YEAR = { thriving: 0.8, healthy: 1.5, neutral: 3, troubled: 2.5 } as const;
export type DipBase = keyof typeof DIP_RATE_PER_YEAR;
/** A warned churner shows at least this many of the four channels. */
export const MIN_WARNING_CHANNELS = 2;
const CHANNELS = ['usage', 'support', 'nps', 'signals'] as const;
/** Days between episodes: exponential with the rate above. */
const gapFor = (rng: Rng, base: DipBase) => Math.round((-Math.log(1 - rng.next()) * 365) / DIP_RATE_PER_YEAR[base]);

export function planStory(
  rng: Rng,
  kind: 'churner' | 'live' | 'troubled' | 'onboarding',
  historyDays: number,
  troubledSince = 0,
  base: DipBase = 'healthy',
): Story {
  const drift = [
    rng.float(0.02, 0.05),
    rng.float(120, 260),
    rng.float(0, 2 * Math.PI),
    rng.float(0.01, 0.03),
    rng.float(150, 365),
    rng.float(0, 2 * Math.PI),
  ] as const;
  const story: Story = { drift, dips: [] };
  if (kind === 'churner') {
    if (rng.chance(SURPRISE_CHURN_SHARE)) return story;
    // As strong as a today's-troubled account: at least two channels, each with its own noise downstream.
    const channels = { usage: rng.chance(0.8), support: rng.chance(0.7), nps: rng.chance(0.65), signals: rng.chance(0.6) };
    while (CHANNELS.filter((c) => channels[c]).length < MIN_WARNING_CHANNELS) channels[rng.pick(CHANNELS)] = true;
    // 30–180 days, skewed long (most trouble builds over months).
    const lead = 30 + Math.round(150 * Math.sqrt(rng.next()));
    const quietDays = channels.usage && rng.chance(0.3) ? rng.int(7, 30) : 0;
    story.warning = { lead, channels, flaggedAt: rng.chance(0.6) ? rng.int(7, lead) : null, quietDays };
    return story;
  }
  if (kind === 'onboarding' || historyDays < 120) return story;
  const gap = (r: Rng) => gapFor(r, kind === 'troubled' ? 'troubled' : base);
  // Episodes walk back from today (or from before today's own trouble) with exponential gaps.
  // `age` is when the next (older) episode ended. Memoryless: the last one ended an exponential gap ago; a
  // troubled account's before its current trouble started.
  let age = troubledSince > 0 ? troubledSince + rng.int(30, 60) + gap(rng) : gap(rng);
  while (age < historyDays) {
    const severe = rng.chance(0.25);
    const fall = rng.int(15, 40);
    const hold = rng.int(30, 70);
    const rise = rng.int(15, 35);
    const startAge = age + fall + hold + rise;
    if (startAge > historyDays + 60) break;
    const channels = { usage: rng.chance(0.75), support: rng.chance(severe ? 0.75 : 0.6), nps: rng.chance(0.6), signals: rng.chance(0.55) };
    while (CHANNELS.filter((c) => channels[c]).length < MIN_WARNING_CHANNELS) channels[rng.pick(CHANNELS)] = true;
    story.dips.unshift({
      startAge,
      fall,
      hold,
      rise,
      // Half the severe ones go quiet altogether, like today's dormant accounts.
      depth: severe ? (rng.chance(0.5) ? 1 : rng.float(0.8, 0.95)) : rng.float(0.45, 0.7),
      channels,
      severe,
      flaggedAfter: rng.chance(0.35) ? rng.int(7, fall + hold) : null,
    });
    age = startAge + rng.int(30, 60) + Math.round(gap(rng));
  }
  return story;
}

function dipShare(d: Dip, age: number): number {
  const t = d.startAge - age; // days since the dip started
  if (t < 0) return 0;
  if (t < d.fall) return t / d.fall;
  if (t < d.fall + d.hold) return 1;
  if (t < d.fall + d.hold + d.rise) return 1 - (t - d.fall - d.hold) / d.rise;
  return 0;
}

/** Usage multiplier from the story at `age` days before today (drift × dip; a churner's decline is its pattern). */
export function storyLevel(s: Story, age: number): number {
  const [a1, p1, f1, a2, p2, f2] = s.drift;
  let level = 1 + a1 * Math.sin((2 * Math.PI * age) / p1 + f1) + a2 * Math.sin((2 * Math.PI * age) / p2 + f2);
  for (const d of s.dips) level *= 1 - (d.channels.usage ? d.depth : d.depth / 4) * dipShare(d, age);
  return level;
}

/**
 * How troubled the account is on a channel at `age` days before today, 0–1: a churner's trouble ramps up
 * over its lead time, a dip's follows the dip, and a troubled account's holds since its change started.
 */
export function trouble(plan: AccountPlan, age: number, channel: Channel): number {
  const s = plan.story;
  const w = s?.warning;
  if (w && plan.churnedOn) {
    const before = age - plan.churnAge!;
    if (!w.channels[channel] || before < 0 || before > w.lead) return 0;
    return 0.7 + 0.3 * (1 - before / w.lead);
  }
  for (const d of s?.dips ?? []) {
    if (!d.channels[channel]) continue;
    const x = dipShare(d, age);
    if (x > 0) return Math.min(1, 1.5 * x);
  }
  if ((plan.band === 'at_risk' || plan.band === 'critical') && plan.lifecycle === 'active') {
    return age <= Math.max(45, plan.usage.changeAgo) ? 1 : 0;
  }
  return 0;
}

/**
 * The band an account's tickets, NPS answers and signals follow when it is not in trouble: its own band for
 * untroubled accounts, neutral for today's troubled ones before their change, and for churners neutral
 * (warned) or healthy (surprise): weaker accounts churn a little more, but not so much that it gives the end away.
 */
export function baseBand(plan: AccountPlan): 'thriving' | 'healthy' | 'neutral' {
  if (plan.band === 'thriving' || plan.band === 'healthy' || plan.band === 'neutral') return plan.band;
  if (plan.band === 'churned') return plan.story?.warning ? 'neutral' : 'healthy';
  return 'neutral';
}

/** The band an account's signals follow at `age`: troubled in a churner's lead-up or an episode, else its usual one. */
export function bandAt(plan: AccountPlan, age: number): 'thriving' | 'healthy' | 'neutral' | 'at_risk' | 'critical' {
  const w = plan.story?.warning;
  if (w && plan.churnAge != null && age > plan.churnAge && age - plan.churnAge <= w.lead) return 'at_risk';
  for (const d of plan.story?.dips ?? []) if (dipShare(d, age) > 0) return d.severe ? 'critical' : 'at_risk';
  if ((plan.band === 'at_risk' || plan.band === 'critical') && plan.lifecycle === 'active' && age <= Math.max(45, plan.usage.changeAgo)) return plan.band;
  return baseBand(plan);
}

/** Renewal at-risk flags the account team set during recovered episodes: [set on age, cleared on age]. */
export function episodeFlags(s: Story | undefined): [number, number][] {
  return (s?.dips ?? []).filter((d) => d.flaggedAfter != null).map((d) => [d.startAge - d.flaggedAfter!, d.startAge - d.fall - d.hold - d.rise]);
}
