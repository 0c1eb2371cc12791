/** Hand-built rows for metrics and digest tests (real SQLite via testDb()). */
import type { Db } from '../../db';
import { accounts, alerts, outbox, outreach, revenueEvents, teamMembers } from '../../db/schema';
import type { Driver, Tier } from '../../src/scoring/types';
import { writeScores } from '../../src/scoring/store';
import { refreshAccountRollups } from '../../src/book/account-rollups';

const T = '2026-01-01T00:00:00.000Z';

export function addAccount(
  db: Db,
  a: {
    id: string;
    name?: string;
    arr?: number;
    segment?: string | null;
    industry?: string | null;
    ownerEmail?: string | null;
    ownerSlackId?: string | null;
    renewalDate?: string | null;
    renewalStatus?: 'pending' | 'in_negotiation' | 'committed' | 'at_risk' | 'renewed' | 'churned';
    lifecycle?: 'onboarding' | 'active' | 'churned';
    contractStart?: string | null;
  },
): void {
  db.insert(accounts)
    .values({
      id: a.id,
      name: a.name ?? a.id,
      arr: a.arr ?? 0,
      segment: a.segment ?? null,
      industry: a.industry ?? null,
      ownerEmail: a.ownerEmail ?? null,
      ownerSlackId: a.ownerSlackId ?? null,
      renewalDate: a.renewalDate ?? null,
      renewalStatus: a.renewalStatus ?? 'pending',
      lifecycle: a.lifecycle ?? 'active',
      contractStart: a.contractStart ?? null,
      updatedAt: T,
    })
    .run();
}

let seq = 0;
export function addRevenue(
  db: Db,
  accountId: string,
  day: string,
  kind: 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation',
  arrDelta: number,
  expansionType?: 'seat' | 'upgrade' | 'cross_sell',
): void {
  db.insert(revenueEvents)
    .values({ id: `rev-${++seq}`, accountId, occurredOn: day, kind, arrDelta, expansionType: expansionType ?? null })
    .run();
  refreshAccountRollups(db.$client, [accountId]); // as every revenue writer does (src/book/account-rollups.ts)
}

export function tierOf(score: number): Tier {
  return score >= 85 ? 'Thriving' : score >= 70 ? 'Healthy' : score >= 50 ? 'Neutral' : score >= 30 ? 'At-Risk' : 'Critical';
}

export function addScore(db: Db, accountId: string, asOf: string, score: number, drivers: Driver[] = []): void {
  writeScores(db, [{ accountId, asOf, score, tier: tierOf(score), components: {}, drivers, coverage: 1, expansion: 0, onboarding: false }]);
}

export function driver(id: string, reason: string, points = 10): Driver {
  return { id, severity: 'high', reason, action: 'reach out', points };
}

export function addMember(db: Db, m: { email: string; name?: string; slackId?: string | null; role?: 'csm' | 'manager' | 'vp' | 'admin' }): void {
  db.insert(teamMembers)
    .values({ email: m.email, name: m.name ?? m.email, slackId: m.slackId ?? null, role: m.role ?? 'csm', updatedAt: T })
    .run();
}

export function addAlert(
  db: Db,
  a: {
    accountId: string;
    rule: string;
    severity?: 'low' | 'medium' | 'high' | 'critical';
    status?: 'open' | 'acknowledged' | 'snoozed' | 'resolved';
    title?: string;
    openedAt: string;
    slaDueAt?: string | null;
    acknowledgedAt?: string | null;
    resolvedAt?: string | null;
    playbookId?: string | null;
  },
): number {
  const r = db
    .insert(alerts)
    .values({
      accountId: a.accountId,
      rule: a.rule,
      severity: a.severity ?? 'high',
      status: a.status ?? (a.resolvedAt ? 'resolved' : a.acknowledgedAt ? 'acknowledged' : 'open'),
      title: a.title ?? `${a.rule} on ${a.accountId}`,
      chain: [],
      openedAt: a.openedAt,
      slaDueAt: a.slaDueAt ?? null,
      acknowledgedAt: a.acknowledgedAt ?? null,
      resolvedAt: a.resolvedAt ?? null,
      playbookId: a.playbookId ?? null,
      updatedAt: a.openedAt,
    })
    .returning({ id: alerts.id })
    .all();
  return r[0].id;
}

export function addOutreach(db: Db, accountId: string, occurredAt: string): void {
  db.insert(outreach).values({ accountId, loggedBy: 'U1', type: 'call', occurredAt }).run();
  refreshAccountRollups(db.$client, [accountId]); // as saveOutreach does
}

export function addOutboxRow(db: Db, key: string, status: 'pending' | 'sent' | 'failed', createdAt: string): void {
  db.insert(outbox).values({ idempotencyKey: key, method: 'chat.postMessage', args: {}, status, availableAt: createdAt, createdAt }).run();
}

/**
 * The revenue history used across the metrics tests (see retention test for the hand computation).
 * asOf 2026-11-23; TTM period (2025-11-23, 2026-11-23]; last week (2026-11-16, 2026-11-23].
 */
export function seedRevenueHistory(db: Db): void {
  const acct = (id: string, extra: Parameters<typeof addAccount>[1] = { id }) => addAccount(db, { ...extra, id });
  acct('a', { id: 'a', arr: 110_000, segment: 'Enterprise', industry: 'Fintech' });
  addRevenue(db, 'a', '2025-01-10', 'new', 100_000);
  addRevenue(db, 'a', '2026-03-01', 'expansion', 20_000, 'seat');
  addRevenue(db, 'a', '2026-06-01', 'contraction', -10_000);
  acct('b', { id: 'b', lifecycle: 'churned', segment: 'Growth', industry: 'Retail' });
  addRevenue(db, 'b', '2025-02-01', 'new', 50_000);
  addRevenue(db, 'b', '2026-05-10', 'churn', -50_000); // churned, never back
  acct('c', { id: 'c', arr: 30_000, segment: 'Growth', industry: 'Fintech' });
  addRevenue(db, 'c', '2025-03-01', 'new', 30_000);
  addRevenue(db, 'c', '2026-08-01', 'churn', -30_000);
  addRevenue(db, 'c', '2026-08-20', 'reactivation', 30_000); // back within 30 days: not churn
  acct('d', { id: 'd', arr: 25_000, segment: 'Starter', industry: 'Health' });
  addRevenue(db, 'd', '2025-04-01', 'new', 20_000);
  addRevenue(db, 'd', '2026-02-01', 'churn', -20_000);
  addRevenue(db, 'd', '2026-04-15', 'reactivation', 25_000); // back after 73 days: churned, then a win-back
  acct('e', { id: 'e', arr: 50_000, segment: 'Enterprise', industry: 'Retail' });
  addRevenue(db, 'e', '2026-01-15', 'new', 40_000); // new logo inside the period: not in the cohort
  addRevenue(db, 'e', '2026-05-01', 'expansion', 10_000, 'seat');
  acct('f', { id: 'f', arr: 75_000, segment: 'Enterprise', industry: 'Health' });
  addRevenue(db, 'f', '2025-06-01', 'new', 60_000);
  addRevenue(db, 'f', '2026-11-20', 'expansion', 15_000, 'upgrade');
  acct('g', { id: 'g', lifecycle: 'churned', segment: 'Starter', industry: 'Retail' });
  addRevenue(db, 'g', '2025-07-01', 'new', 10_000);
  addRevenue(db, 'g', '2026-11-18', 'churn', -10_000); // last week; not reactivated (yet)
  acct('h', { id: 'h', arr: 5_000, segment: 'Starter', industry: 'Health', contractStart: '2025-01-01' }); // no revenue events
  acct('i', { id: 'i', arr: 30_000, segment: 'Growth', industry: 'Fintech' });
  addRevenue(db, 'i', '2025-01-01', 'new', 40_000);
  addRevenue(db, 'i', '2026-09-01', 'churn', -40_000);
  addRevenue(db, 'i', '2026-09-10', 'reactivation', 30_000); // back within 30 days at less ARR: 10k contraction
}
