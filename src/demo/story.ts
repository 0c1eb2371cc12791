/**
 * An account's story over the whole history, so that the demo is a fair test for scoring at past dates:
 * - drift: every account's usage wanders slowly (two slow waves, a few % each);
 * - churners: most show warning signs weeks to months before they churn (falling usage, support trouble,
 *   detractor NPS, risk signals; each a separate channel, at least one), with noise; ~18% churn with no
 *   warning at all (surprise churn);
 * - false alarms: some live accounts go through a dip (usage falls, maybe tickets, NPS or a signal) and recover;
 * - today's troubled accounts (at-risk / critical bands) are troubled only since their change started.
 * Pure functions of the plan: usage, tickets, NPS and signals all read the same story.
 */
import type { Rng } from './prng';
import type { AccountPlan } from './types';

export type Channel = 'usage' | 'support' | 'nps' | 'signals';

export interface Warning {
  /** days before the churn the trouble starts */
  lead: number;
  channels: Record<Channel, boolean>;
  /** days before the churn the account team flagged the renewal at risk; null = never flagged */
  flaggedAt: number | null;
  /** usage channel: nobody logs in for this many days before the churn (0 = they use it to the end) */
  quietDays: number;
}

export interface Dip {
  /** age (days before today) the dip starts */
  startAge: number;
  fall: number;
  hold: number;
  rise: number;
  /** share of usage lost at the bottom */
  depth: number;
  channels: Record<Channel, boolean>;
}

export interface Story {
  /** slow usage waves: [amplitude, period days, phase] × 2 */
  drift: readonly [number, number, number, number, number, number];
  /** churners only: undefined = surprise churn (no warning) */
  warning?: Warning;
  /** false alarm: decline and recovery, over by 60 days ago */
  dip?: Dip;
}

/** Share of churners that churn without any warning sign. */
export const SURPRISE_CHURN_SHARE = 0.18;
/** Share of live, untroubled accounts that go through a dip and recover. */
export const DIP_SHARE = 0.1;

export function planStory(rng: Rng, kind: 'churner' | 'live' | 'troubled' | 'onboarding', historyDays: number): Story {
  const drift = [rng.float(0.02, 0.05), rng.float(120, 260), rng.float(0, 2 * Math.PI), rng.float(0.01, 0.03), rng.float(150, 365), rng.float(0, 2 * Math.PI)] as const;
  const story: Story = { drift };
  if (kind === 'churner') {
    if (rng.chance(SURPRISE_CHURN_SHARE)) return story;
    const channels = { usage: rng.chance(0.7), support: rng.chance(0.45), nps: rng.chance(0.45), signals: rng.chance(0.4) };
    if (!channels.usage && !channels.support && !channels.nps && !channels.signals) channels[rng.pick(['usage', 'support', 'nps', 'signals'] as const)] = true;
    const lead = rng.int(30, 180);
    const quietDays = channels.usage && rng.chance(0.3) ? rng.int(7, 30) : 0;
    story.warning = { lead, channels, flaggedAt: rng.chance(0.4) ? rng.int(7, lead) : null, quietDays };
  } else if (kind === 'live' && historyDays >= 200 && rng.chance(DIP_SHARE)) {
    const fall = rng.int(20, 45);
    const hold = rng.int(10, 30);
    const rise = rng.int(20, 40);
    const startAge = rng.int(60 + fall + hold + rise, historyDays);
    story.dip = {
      startAge,
      fall,
      hold,
      rise,
      depth: rng.float(0.3, 0.6),
      channels: { usage: true, support: rng.chance(0.4), nps: rng.chance(0.4), signals: rng.chance(0.3) },
    };
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
  if (s.dip) level *= 1 - s.dip.depth * dipShare(s.dip, age);
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
    return 0.35 + 0.65 * (1 - before / w.lead);
  }
  if (s?.dip?.channels[channel]) {
    const x = dipShare(s.dip, age);
    if (x > 0) return x;
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
