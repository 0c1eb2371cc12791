/**
 * Normalisation curves: each raw metric becomes a 0–100 sub-score by straight-line interpolation between
 * the listed points (flat beyond the ends). Every curve is monotone, so "more of a good thing" can never
 * lower a score. The README scoring section documents these same numbers: change both together.
 */
export type Curve = readonly (readonly [x: number, score: number])[];

/** Piecewise-linear interpolation; points must be sorted by x. */
export function interpolate(curve: Curve, x: number): number {
  if (x <= curve[0][0]) return curve[0][1];
  for (let i = 1; i < curve.length; i++) {
    const [x1, y1] = curve[i];
    if (x <= x1) {
      const [x0, y0] = curve[i - 1];
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return curve[curve.length - 1][1];
}

export const CURVES = {
  // Product usage
  /** logins per licensed seat in the last 30 days */
  loginsPerSeat: [
    [0, 0],
    [4, 30],
    [10, 60],
    [20, 85],
    [30, 100],
  ],
  /** logins in the last 30 days when seats licensed is unknown */
  logins30: [
    [0, 0],
    [10, 40],
    [40, 80],
    [100, 100],
  ],
  /** key events per licensed seat in the last 30 days */
  keyEventsPerSeat: [
    [0, 0],
    [5, 30],
    [25, 60],
    [100, 85],
    [200, 100],
  ],
  /** key events in the last 30 days when seats licensed is unknown */
  keyEvents30: [
    [0, 0],
    [5, 40],
    [20, 75],
    [50, 100],
  ],
  /** usage trend, % change (75% last-30-vs-previous-30, 25% last-7-vs-previous-7) */
  usageTrendPct: [
    [-60, 0],
    [-30, 35],
    [0, 70],
    [25, 100],
  ],
  // Engagement
  /** days since last login (falling) */
  daysSinceLogin: [
    [3, 100],
    [7, 85],
    [14, 55],
    [30, 15],
    [45, 0],
  ],
  /** active seats / licensed seats */
  seatUse: [
    [0, 0],
    [0.3, 25],
    [0.6, 65],
    [0.9, 100],
  ],
  /** features used / features available */
  featureAdoption: [
    [0, 0],
    [0.5, 60],
    [0.9, 100],
  ],
  /** integrations connected */
  integrations: [
    [0, 0],
    [1, 40],
    [3, 85],
    [5, 100],
  ],
  /** latest NPS answer 0–10 */
  nps: [
    [0, 0],
    [6, 40],
    [8, 75],
    [10, 100],
  ],
  // Support
  /** open-ticket load: urgent 3, high 2, medium 1, low 0.5 each (falling) */
  openTicketLoad: [
    [0, 100],
    [1, 85],
    [3, 60],
    [6, 25],
    [10, 0],
  ],
  /** age in days of the oldest open ticket (falling) */
  oldestOpenDays: [
    [0, 100],
    [7, 80],
    [30, 30],
    [60, 0],
  ],
  /** tickets opened in the last 90 days (falling) */
  ticketVolume90: [
    [0, 100],
    [3, 90],
    [10, 60],
    [25, 20],
    [40, 0],
  ],
  /** mean CSAT 1–5 of tickets closed in the last 90 days */
  csat: [
    [1, 0],
    [3, 50],
    [5, 100],
  ],
  // Growth & financial
  /** net ARR change in the last 90 days (expansion − contraction), % of ARR 90 days ago */
  arrChange90Pct: [
    [-30, 0],
    [-10, 40],
    [0, 70],
    [10, 90],
    [20, 100],
  ],
  /** days until renewal while it is pending / in negotiation */
  daysToRenewal: [
    [0, 50],
    [90, 80],
    [180, 100],
  ],
} as const satisfies Record<string, Curve>;

/** Open-ticket load weights by priority. */
export const TICKET_LOAD = { low: 0.5, medium: 1, high: 2, urgent: 3 } as const;

/** Renewal sub-score by renewal status when it does not depend on the date. */
export const RENEWAL_STATUS_SCORE = { committed: 100, renewed: 100, at_risk: 20, churned: 0 } as const;

/** Sub-score weights inside each component (re-normalised over the sub-scores that have data). */
export const PART_WEIGHTS = {
  usage: { activity: 0.3, keyEvents: 0.3, trend: 0.4 },
  /** onboarding accounts: activation replaces the trend (there is no history to trend yet) */
  usageOnboarding: { activity: 0.3, keyEvents: 0.3, activation: 0.4 },
  engagement: { recency: 0.3, seatUse: 0.25, adoption: 0.2, integrations: 0.1, nps: 0.15 },
  support: { openLoad: 0.5, oldestOpen: 0.2, volume: 0.2, csat: 0.1 },
  financial: { arrTrend: 0.5, renewal: 0.5 },
} as const;

/** Blend of the 30-day velocity and week-over-week change used by the usage trend. */
export const TREND_BLEND = { month: 0.75, week: 0.25 } as const;
