import type { Db } from '../../db';
import type { AlertSeverity, AlertStatus } from '../../db/schema';
import { stmt } from '../accounts/statements';
import type { PlaybookStep } from '../playbooks/schema';
import type { Chain } from './chain';

export type EventSource = 'rule' | 'slack' | 'cli' | 'timer';

/** alerts.detail JSON. The playbook is snapshotted at open, like the chain, so edits don't rewrite alerts in flight. */
export interface AlertDetail {
  reason: string;
  numbers: Record<string, number | string | null>;
  drivers: string[];
  positive?: boolean;
  playbook?: { id: string; title: string; steps: PlaybookStep[] };
  /** read by the account card for "2/4 steps" */
  stepsTotal?: number;
}

export interface AlertRecord {
  id: number;
  accountId: string;
  rule: string;
  severity: AlertSeverity;
  status: AlertStatus;
  title: string;
  detail: AlertDetail;
  playbookId: string | null;
  chain: Chain;
  escalationLevel: number;
  slaDueAt: string | null;
  openedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  snoozedUntil: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolutionReason: string | null;
  resolutionNote: string | null;
  updatedAt: string;
  version: number;
}

function json<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

export function rowToAlert(r: Record<string, unknown>): AlertRecord {
  return {
    id: Number(r.id),
    accountId: String(r.account_id),
    rule: String(r.rule),
    severity: r.severity as AlertSeverity,
    status: r.status as AlertStatus,
    title: String(r.title),
    detail: json<AlertDetail>(r.detail ?? '{}') ?? { reason: '', numbers: {}, drivers: [] },
    playbookId: (r.playbook_id as string | null) ?? null,
    chain: json<Chain>(r.chain),
    escalationLevel: Number(r.escalation_level),
    slaDueAt: (r.sla_due_at as string | null) ?? null,
    openedAt: String(r.opened_at),
    acknowledgedAt: (r.acknowledged_at as string | null) ?? null,
    acknowledgedBy: (r.acknowledged_by as string | null) ?? null,
    snoozedUntil: (r.snoozed_until as string | null) ?? null,
    resolvedAt: (r.resolved_at as string | null) ?? null,
    resolvedBy: (r.resolved_by as string | null) ?? null,
    resolutionReason: (r.resolution_reason as string | null) ?? null,
    resolutionNote: (r.resolution_note as string | null) ?? null,
    updatedAt: String(r.updated_at),
    version: Number(r.version),
  };
}

export function getAlert(db: Db, id: number): AlertRecord | null {
  const r = stmt(db, 'select * from alerts where id = ?').get(id) as Record<string, unknown> | undefined;
  return r ? rowToAlert(r) : null;
}

export interface EventInput {
  alertId: number;
  at: Date;
  kind: string;
  actor: string;
  source: EventSource;
  fromStatus?: string | null;
  toStatus?: string | null;
  data?: unknown;
}

export function recordEvent(db: Db, e: EventInput): void {
  stmt(
    db,
    'insert into alert_events (alert_id, at, kind, actor, source, from_status, to_status, data) values (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    e.alertId,
    e.at.toISOString(),
    e.kind,
    e.actor,
    e.source,
    e.fromStatus ?? null,
    e.toStatus ?? null,
    e.data === undefined ? null : JSON.stringify(e.data),
  );
}

export interface AlertEventRow {
  id: number;
  at: string;
  kind: string;
  actor: string;
  source: EventSource;
  fromStatus: string | null;
  toStatus: string | null;
  data: Record<string, unknown> | null;
}

export function alertEvents(db: Db, alertId: number): AlertEventRow[] {
  const rows = stmt(db, 'select * from alert_events where alert_id = ? order by id').all(alertId) as Record<string, unknown>[];
  return rows.map((r) => ({
    id: Number(r.id),
    at: String(r.at),
    kind: String(r.kind),
    actor: String(r.actor),
    source: r.source as EventSource,
    fromStatus: (r.from_status as string | null) ?? null,
    toStatus: (r.to_status as string | null) ?? null,
    data: r.data ? (JSON.parse(String(r.data)) as Record<string, unknown>) : null,
  }));
}

export function stepCompletions(db: Db, alertId: number): Map<string, { by: string; at: string }> {
  const rows = stmt(db, 'select step_id, completed_by, completed_at from playbook_step_completions where alert_id = ?').all(alertId) as {
    step_id: string;
    completed_by: string;
    completed_at: string;
  }[];
  return new Map(rows.map((r) => [r.step_id, { by: r.completed_by, at: r.completed_at }]));
}
