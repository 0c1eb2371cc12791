import type { Db } from '../../db';
import type { AccountCardView, CardAlert, UsageWeek } from '../../blocks/view-models/card';
import { groupReasons } from '../alerts/group-store';
import { cardAlert, stepCompletions } from '../alerts/store';
import { addDays, daysBetween, isoDay } from '../lib/dates';
import { defaultScoring, latestScore } from '../scoring/store';
import { scoreTrends } from '../scoring/history';
import type { ScoringConfig } from '../config/sections/scoring';
import { freshnessTolerance } from '../config/sections/scoring';
import { dataFreshness, staleStatements } from '../scoring/freshness';
import { expansionActivity, lastOutreach, openTicketCounts, usageDays } from '../activity/store';
import { accountWithOwner } from './store';
import { validationFor } from '../validation/store';

export type { AccountCardView, CardAlert, UsageWeek } from '../../blocks/view-models/card';

export interface CardViewOptions {
  /** step count of a playbook id (the alerting area knows the playbooks); falls back to alert.detail.stepsTotal */
  playbookStepCount?: (playbookId: string) => number | undefined;
  /** staleness tolerances (config scoring.staleAfterDays); the defaults when not given */
  staleAfterDays?: ScoringConfig['staleAfterDays'];
  /** the live scoring config: the card quotes only a backtest run with it (without it, none) */
  scoring?: ScoringConfig;
}

const WEEKS = 13;

/** Everything the account card shows, read in a handful of indexed queries (no table scans). */
export function loadAccountCardView(db: Db, accountId: string, now: Date, opts: CardViewOptions = {}): AccountCardView | null {
  const row = accountWithOwner(db, accountId);
  if (!row) return null;
  const a = row.account;
  const today = isoDay(now);

  const s = latestScore(db, accountId, opts.scoring ?? defaultScoring(), today);
  let trend: AccountCardView['trend'] = { d7: null, d30: null };
  if (s) {
    // measured from the score shown, against the nearest scores 7 and 30 days before it
    const t = scoreTrends(db, [accountId], s.asOf).get(accountId);
    trend = { d7: t?.delta7 == null ? null : round1(t.delta7), d30: t?.delta30 == null ? null : round1(t.delta30) };
  }

  const from = addDays(today, -(WEEKS * 7 - 1));
  const days = usageDays(db, accountId, from, today);
  const usage: UsageWeek[] = Array.from({ length: WEEKS }, (_, i) => ({
    start: addDays(from, i * 7),
    activeUsers: 0,
    activeUsersKnown: false,
    keyEvents: 0,
    logins: 0,
    days: 0,
  }));
  for (const d of days) {
    const w = usage[Math.min(WEEKS - 1, Math.floor(daysBetween(from, d.day) / 7))];
    if (d.activeUsers != null) {
      w.activeUsers = Math.max(w.activeUsers, d.activeUsers);
      w.activeUsersKnown = true;
    }
    w.keyEvents += d.keyEvents ?? 0;
    w.logins += d.logins ?? 0;
    w.days += 1;
  }

  const t = openTicketCounts(db, accountId);
  const o = lastOutreach(db, accountId);
  const exp = expansionActivity(db, accountId, addDays(today, -90));

  const al = cardAlert(db, accountId);
  let openAlert: CardAlert | null = null;
  if (al) {
    const done = stepCompletions(db, al.id).size;
    const detail = al.detail as unknown as Record<string, unknown>;
    const playbookId = al.playbookId;
    const fromDetail = typeof detail?.stepsTotal === 'number' ? detail.stepsTotal : Array.isArray(detail?.steps) ? detail.steps.length : undefined;
    const total = (playbookId ? opts.playbookStepCount?.(playbookId) : undefined) ?? fromDetail;
    openAlert = {
      otherReasons: groupReasons(db, al.id)
        .filter((r) => r.rule !== al.rule)
        .map((r) => r.title),
      id: al.id,
      rule: al.rule,
      severity: al.severity,
      status: al.status,
      title: al.title,
      openedAt: al.openedAt,
      slaDueAt: al.slaDueAt,
      snoozedUntil: al.snoozedUntil,
      acknowledgedBy: al.acknowledgedBy,
      playbookId,
      stepsDone: done,
      stepsTotal: total ?? null,
      positive: detail?.positive === true,
    };
  }

  const renewalDate = a.renewalDate;
  return {
    today,
    account: {
      id: a.id,
      name: a.name,
      segment: a.segment,
      industry: a.industry,
      arr: a.arr,
      renewalDate,
      renewalStatus: a.renewalStatus,
      lifecycle: a.lifecycle,
      seatsLicensed: a.seatsLicensed,
      ownerSlackId: a.ownerSlackId ?? row.ownerTeamSlackId,
      ownerEmail: a.ownerEmail,
      ownerName: row.ownerName,
    },
    score: s
      ? {
          value: s.score,
          tier: s.tier,
          asOf: s.asOf,
          coverage: s.coverage,
          quadrant: s.quadrant,
          expansion: s.expansion,
          onboarding: s.onboarding,
          drivers: s.drivers,
          components: s.components,
        }
      : null,
    trend,
    usage,
    tickets: t,
    lastTouch: o
      ? {
          type: o.type,
          occurredAt: o.occurredAt,
          loggedBy: o.loggedBy,
          outcome: o.outcome,
          nextStepOn: o.nextStepOn,
        }
      : null,
    daysToRenewal: renewalDate ? daysBetween(today, renewalDate) : null,
    validation: opts.scoring ? validationFor(db, opts.scoring).run : null,
    expansion: { bookedArr90d: exp.bookedArr, openSignals: exp.openSignals },
    openAlert,
    staleData: staleStatements(dataFreshness(db, today, { staleAfterDays: opts.staleAfterDays ?? freshnessTolerance.parse({}) })),
  };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
