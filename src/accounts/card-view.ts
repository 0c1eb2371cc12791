import type { Db } from '../../db';
import type { AccountCardView, CardAlert, UsageWeek } from '../../blocks/view-models/card';
import { groupReasons } from '../alerts/group-store';
import { cardAlert, stepCompletions } from '../alerts/store';
import type { OutreachType, RenewalStatus } from '../../db/schema';
import { addDays, daysBetween, isoDay } from '../lib/dates';
import { defaultScoring, latestScore } from '../scoring/store';
import { scoreTrends } from '../scoring/history';
import type { ScoringConfig } from '../config/sections/scoring';
import { freshnessTolerance } from '../config/sections/scoring';
import { dataFreshness, staleStatements } from '../scoring/freshness';
import { stmt } from './statements';
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
  const a = stmt(
    db,
    `select a.*, t.name owner_name, t.slack_id owner_team_slack_id from accounts a
     left join team_members t on t.email = a.owner_email where a.id = ?`,
  ).get(accountId) as Record<string, unknown> | undefined;
  if (!a) return null;
  const today = isoDay(now);

  const s = latestScore(db, accountId, opts.scoring ?? defaultScoring(), today);
  let trend: AccountCardView['trend'] = { d7: null, d30: null };
  if (s) {
    // measured from the score shown, against the nearest scores 7 and 30 days before it
    const t = scoreTrends(db, [accountId], s.asOf).get(accountId);
    trend = { d7: t?.delta7 == null ? null : round1(t.delta7), d30: t?.delta30 == null ? null : round1(t.delta30) };
  }

  const from = addDays(today, -(WEEKS * 7 - 1));
  const days = stmt(db, 'select day, active_users, key_events, logins from usage_daily where account_id = ? and day between ? and ?').all(
    accountId,
    from,
    today,
  ) as { day: string; active_users: number | null; key_events: number | null; logins: number | null }[];
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
    if (d.active_users != null) {
      w.activeUsers = Math.max(w.activeUsers, d.active_users);
      w.activeUsersKnown = true;
    }
    w.keyEvents += d.key_events ?? 0;
    w.logins += d.logins ?? 0;
    w.days += 1;
  }

  const t = stmt(
    db,
    `select count(*) open, coalesce(sum(priority in ('high','urgent')),0) high_open, coalesce(sum(escalated),0) escalated_open
     from tickets where account_id = ? and closed_at is null`,
  ).get(accountId) as { open: number; high_open: number; escalated_open: number };

  const o = stmt(db, 'select * from outreach where account_id = ? order by occurred_at desc, id desc limit 1').get(accountId) as
    | Record<string, unknown>
    | undefined;

  const exp = stmt(
    db,
    `select (select coalesce(sum(arr_delta),0) from revenue_events where account_id = @id and kind = 'expansion' and occurred_on > @since) booked,
            (select count(*) from signals where account_id = @id and kind in ('expansion_opportunity','feature_limit_hit') and resolved_at is null) open_signals`,
  ).get({ id: accountId, since: addDays(today, -90) }) as { booked: number; open_signals: number };

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

  const renewalDate = (a.renewal_date as string | null) ?? null;
  return {
    today,
    account: {
      id: String(a.id),
      name: String(a.name),
      segment: (a.segment as string | null) ?? null,
      industry: (a.industry as string | null) ?? null,
      arr: Number(a.arr),
      renewalDate,
      renewalStatus: a.renewal_status as RenewalStatus,
      lifecycle: String(a.lifecycle),
      seatsLicensed: (a.seats_licensed as number | null) ?? null,
      ownerSlackId: ((a.owner_slack_id ?? a.owner_team_slack_id) as string | null) ?? null,
      ownerEmail: (a.owner_email as string | null) ?? null,
      ownerName: (a.owner_name as string | null) ?? null,
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
    tickets: { open: t.open, highOpen: t.high_open, escalatedOpen: t.escalated_open },
    lastTouch: o
      ? {
          type: o.type as OutreachType,
          occurredAt: String(o.occurred_at),
          loggedBy: String(o.logged_by),
          outcome: (o.outcome as string | null) ?? null,
          nextStepOn: (o.next_step_on as string | null) ?? null,
        }
      : null,
    daysToRenewal: renewalDate ? daysBetween(today, renewalDate) : null,
    validation: opts.scoring ? validationFor(db, opts.scoring).run : null,
    expansion: { bookedArr90d: exp.booked, openSignals: exp.open_signals },
    openAlert,
    staleData: staleStatements(dataFreshness(db, today, { staleAfterDays: opts.staleAfterDays ?? freshnessTolerance.parse({}) })),
  };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
