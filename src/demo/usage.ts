/**
 * Daily product usage for one account over the window, from its plan's pattern:
 * a level curve (1 = the account's normal) × weekly seasonality × noise, scaled by seats and per-user rates.
 */
import { daysBetween } from '../lib/dates';
import { weekday, windowDays } from './calendar';
import type { Rng } from './prng';
import { storyLevel } from './story';
import { FEATURE_CATALOG_SIZE, type AccountPlan, type UsageRow } from './types';

/** The days of the usage window, with precomputed weekday factors (shared by every account). */
export interface UsageWindow {
  today: string;
  days: string[];
  /** age in days of days[i] (0 = today) */
  ages: number[];
  isWeekend: boolean[];
  /** Monday a little busier, Friday a little quieter */
  weekdayFactor: number[];
}

export function usageWindow(today: string, days: number): UsageWindow {
  const list = windowDays(today, days);
  const dows = list.map(weekday);
  return {
    today,
    days: list,
    ages: list.map((_, i) => days - 1 - i),
    isWeekend: dows.map((d) => d === 0 || d === 6),
    weekdayFactor: dows.map((d) => (d === 1 ? 1.04 : d === 5 ? 0.92 : 1)),
  };
}

/** Shape level at `age` days before today; 0 means no activity at all that day. */
export function usageLevel(plan: AccountPlan, age: number, tenure: number, churnAge: number | null): number {
  const { magnitude: m, changeAgo: c } = plan.usage;
  switch (plan.pattern) {
    case 'healthy':
      return 1 + m * (1 - Math.min(age, 180) / 90); // the gentle trend of the last months, flat before
    case 'growing':
      return Math.max(0.2, 1 + m * (0.5 - Math.min(age, c || 90) / 90)); // grew over the last `c` days
    case 'declining':
      return age >= c ? 1 : 1 - (m * (c - age)) / c;
    case 'sharp_drop':
      return age > c ? 1 : m;
    case 'dormant': {
      if (age < c) return 0;
      const fade = 40; // usage fades over ~6 weeks before the last login
      return age >= c + fade ? 1 : m + ((1 - m) * (age - c)) / fade;
    }
    case 'onboarding': {
      const since = tenure - age;
      if (m >= 1) return Math.min(1, 0.1 + (0.9 * since) / c);
      if (since < c) return 0.1 + ((m - 0.1) * since) / c;
      return m * (1 - 0.3 * Math.min(1, (since - c) / 60)); // stalled: plateau, then fade
    }
    case 'churned': {
      const before = age - (churnAge ?? 0);
      if (before <= 0 || before <= (plan.story?.warning?.quietDays ?? 0)) return 0; // some go quiet before they leave
      return before >= c ? 1 : m + ((1 - m) * before) / c;
    }
  }
}

function integrationsAt(plan: AccountPlan, age: number, tenure: number): number {
  const { integrations, changeAgo } = plan.usage;
  if (plan.pattern !== 'onboarding') return integrations;
  const since = tenure - age;
  const rampDays = plan.usage.magnitude >= 1 ? changeAgo * 0.8 : changeAgo;
  return Math.round(integrations * Math.min(1, since / rampDays));
}

/** Usage rows for the window, oldest first; none before signup, after a churn, or between a churn and its reactivation. */
export function usageRows(plan: AccountPlan, win: UsageWindow, rng: Rng): UsageRow[] {
  const tenure = daysBetween(plan.signupDate, win.today);
  const churnAge = plan.churnedOn ? daysBetween(plan.churnedOn, win.today) : null;
  const gap = plan.reactivation ? [daysBetween(plan.reactivation.churnedOn, win.today), daysBetween(plan.reactivation.reactivatedOn, win.today)] : null;
  const { seats } = plan;
  const u = plan.usage;
  const rows: UsageRow[] = [];
  for (let i = 0; i < win.days.length; i++) {
    const age = win.ages[i];
    if (age > tenure) continue;
    if (churnAge !== null && age <= churnAge) continue;
    let level = usageLevel(plan, age, tenure, churnAge);
    if (plan.story) level *= storyLevel(plan.story, age);
    if (gap && age <= gap[0] && age > gap[1]) level = 0;
    const integrations = integrationsAt(plan, age, tenure);
    if (level <= 0) {
      rows.push({ accountId: plan.id, day: win.days[i], activeUsers: 0, logins: 0, keyEvents: 0, featuresUsed: 0, integrations });
      continue;
    }
    const dayFactor = (win.isWeekend[i] ? u.weekendFactor : win.weekdayFactor[i]) * Math.exp(rng.normal(0, 0.12));
    let activeUsers = Math.min(seats, Math.round(seats * u.util * level * dayFactor));
    // A dormant account's last login is exactly changeAgo days ago: keep at least one person active that day.
    if (plan.pattern === 'dormant' && age === u.changeAgo) activeUsers = Math.max(1, activeUsers);
    let logins = 0;
    let keyEvents = 0;
    let featuresUsed = 0;
    if (activeUsers > 0) {
      logins = Math.max(activeUsers, Math.round(activeUsers * u.loginsPerUser * Math.exp(rng.normal(0, 0.15))));
      keyEvents = Math.round(activeUsers * u.eventsPerUser * Math.min(1.5, level) * Math.exp(rng.normal(0, 0.2)));
      const breadth = u.featureBreadth * (0.5 + 0.5 * Math.min(1, level)) * (win.isWeekend[i] ? 0.6 : 1) * Math.exp(rng.normal(0, 0.1));
      featuresUsed = Math.max(1, Math.min(FEATURE_CATALOG_SIZE, Math.round(breadth)));
    }
    rows.push({ accountId: plan.id, day: win.days[i], activeUsers, logins, keyEvents, featuresUsed, integrations });
  }
  return rows;
}
