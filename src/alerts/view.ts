import type { Db } from '../../db';
import type { AlertMessageView } from '../../blocks/alert-message';
import { accountById } from '../accounts/store';
import { loadAccountCardView } from '../accounts/card-view';
import { parseDuration } from '../lib/dates';
import type { AlertsConfig } from '../config/sections/alerts';
import type { ScoringConfig } from '../config/sections/scoring';
import { groupReasons, type ReasonDetail } from './group-store';
import { inhibitedRules } from './inhibit';
import { isSnoozeReason, SNOOZE_REASON_LABEL } from './snooze-reason';
import { alertEvents, getAlert, stepCompletions } from './store';

/** Everything the alert group's message shows, read from the DB (the renderer is pure). */
/** `scoring` lets the embedded card quote freshness and the tier's churn rate from a backtest of the live config. */
export function loadAlertMessageView(
  db: Db,
  alertId: number,
  now: Date,
  inhibit: AlertsConfig['inhibit'] = [],
  scoring?: ScoringConfig,
): AlertMessageView | null {
  const a = getAlert(db, alertId);
  if (!a) return null;
  const acc = accountById(db, a.accountId);
  const done = stepCompletions(db, a.id);
  const opened = Date.parse(a.openedAt);
  const escalations = alertEvents(db, a.id)
    .filter((e) => e.kind === 'escalated' && Array.isArray(e.data?.to) && e.data.to.length > 0)
    .map((e) => ({ at: e.at, to: e.data!.to as string[], reason: String(e.data?.reason ?? '') }));
  const lastSnooze =
    a.status === 'snoozed'
      ? alertEvents(db, a.id)
          .filter((e) => e.kind === 'snoozed')
          .at(-1)
      : undefined;
  const pb = a.detail.playbook;
  const reasons = groupReasons(db, a.id);
  const muted = inhibitedRules(reasons, inhibit);
  return {
    id: a.id,
    accountId: a.accountId,
    accountName: acc?.name ?? a.accountId,
    severity: a.severity,
    status: a.status,
    positive: Boolean(a.detail.positive),
    title: a.title,
    reason: a.detail.reason ?? '',
    openedAt: a.openedAt,
    slaDueAt: a.slaDueAt,
    acknowledgedBy: a.acknowledgedBy,
    acknowledgedAt: a.acknowledgedAt,
    snoozedUntil: a.snoozedUntil,
    snooze: lastSnooze
      ? {
          by: lastSnooze.actor,
          reason: isSnoozeReason(lastSnooze.data?.reason) ? SNOOZE_REASON_LABEL[lastSnooze.data.reason] : null,
          note: typeof lastSnooze.data?.note === 'string' ? lastSnooze.data.note : null,
        }
      : null,
    resolvedBy: a.resolvedBy,
    resolvedAt: a.resolvedAt,
    resolution: a.resolutionReason ? { reason: a.resolutionReason, note: a.resolutionNote } : null,
    escalations,
    reasons: reasons.map((r) => ({
      rule: r.rule,
      severity: r.severity,
      title: r.title,
      reason: (r.detail as ReasonDetail).reason ?? '',
      firstSeenAt: r.firstSeenAt,
      inhibitedBy: muted.get(r.rule) ?? null,
      clearing: r.status === 'clearing',
    })),
    playbook: pb
      ? {
          title: pb.title,
          steps: pb.steps.map((s) => ({
            id: s.id,
            title: s.title,
            owner: s.owner,
            dueAt: new Date(opened + parseDuration(s.due)).toISOString(),
            done: done.get(s.id) ?? null,
          })),
        }
      : null,
    card: loadAccountCardView(db, a.accountId, now, {
      playbookStepCount: () => pb?.steps.length,
      ...(scoring ? { staleAfterDays: scoring.staleAfterDays, scoring } : {}),
    }),
    now: now.toISOString(),
  };
}
