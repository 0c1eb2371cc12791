import { z } from 'zod';
import { rulesSchema } from '../../alerts/registry';
import { ALERT_RULES } from '../../alerts/rules';

/** Durations like 30m, 24h, 7d. */
export const duration = z.string().regex(/^\d+(m|h|d)$/, 'must be a duration like 30m, 24h or 7d');

export const alertsSection = z.object({
  /** escalation tick cron, evaluated in `timezone` */
  escalationSchedule: z.string().default('*/5 * * * *'),
  /** ARR above this line pulls the VP into the chain */
  vpArrThreshold: z.number().min(0).default(100_000),
  /** Slack channel id (or #name offline) for critical alerts and last-level escalations */
  escalationChannel: z.string().default('#cs-escalations'),
  sla: z.object({ critical: duration.default('24h'), high: duration.default('48h'), medium: duration.default('7d') }).prefault({}),
  /** Non-critical DMs wait for the recipient's working hours in their own time zone. */
  workingHours: z
    .object({
      enabled: z.boolean().default(true),
      start: z.number().int().min(0).max(23).default(9),
      end: z.number().int().min(1).max(24).default(18),
      /** ISO weekdays that are working days (1 = Monday … 7 = Sunday) */
      days: z.array(z.number().int().min(1).max(7)).default([1, 2, 3, 4, 5]),
    })
    .refine((w) => w.end > w.start, { message: 'workingHours.end must be after start' })
    .prefault({}),
  /**
   * Alert groups (one per account). `forRuns`: consecutive scoring runs a reason must hold before it notifies;
   * `keepFiringFor`: how long a reason must stay clear before it resolves; a group that re-opens within
   * `reopenWindow` of clearing by itself reuses its messages and playbook progress.
   */
  grouping: z
    .object({
      forRuns: z.number().int().min(1).default(1),
      keepFiringFor: z
        .string()
        .regex(/^\d+(m|h|d)$/, 'must be a duration like 0d, 12h or 3d')
        .default('0d'),
      reopenWindow: z
        .string()
        .regex(/^\d+(m|h|d)$/, 'must be a duration like 0d, 12h or 7d')
        .default('7d'),
    })
    .prefault({}),
  /**
   * Inhibit rules (as Alertmanager's): while a firing reason matches `source`, reasons whose rule is in
   * `target.rules` are listed on the group but never notify on their own.
   */
  inhibit: z
    .array(
      z.object({
        source: z.object({ rules: z.array(z.string()).min(1), severity: z.enum(['low', 'medium', 'high', 'critical']).optional() }),
        target: z.object({ rules: z.array(z.string()).min(1) }),
      }),
    )
    .default([{ source: { rules: ['tier_drop'], severity: 'critical' }, target: { rules: ['health_drop', 'usage_decline', 'inactivity'] } }]),
  /** Optional channel that also receives the weekly expansion-opportunity batch. */
  salesChannel: z.string().optional(),
  /** Logging outreach on an account acknowledges its open alert group. */
  outreachAcknowledges: z.boolean().default(true),
  /** local dates (YYYY-MM-DD) that are not working days: the SLA clock pauses and non-critical DMs wait */
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date like 2026-12-25')).default([]),
  /** critical DMs go out at once even at night / on a weekend (default: they lead the next working morning) */
  criticalOutsideWorkingHours: z.boolean().default(false),
  /** the first evaluation (no earlier decisions in the attention ledger: a new database's first run, including
   * one right after its first import of history) is a baseline: each person gets one "Your book today" summary
   * instead of one message per alert group */
  baseline: z.boolean().default(true),
  /** individual alert DMs per person per (local) day; beyond it the rest fold into the end-of-day summary */
  dailyDmCap: z.number().int().min(0).default(10),
  /** default local time of a person's daily summary (HH:MM), until they pick their own on the App Home */
  summaryTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 17:00')
    .default('17:00'),
  /** channels that receive an account's alert messages: { channel, account } or { channel, segment } */
  follows: z
    .array(
      z
        .object({ channel: z.string().min(1), account: z.string().min(1).optional(), segment: z.string().min(1).optional() })
        .refine((f) => Boolean(f.account) !== Boolean(f.segment), { message: 'a follow names exactly one of account or segment' }),
    )
    .default([]),
  /** Directory of playbook YAML files. */
  playbooksDir: z.string().default('playbooks'),
  /** one entry per alert rule in the registry (src/alerts/rules/index.ts), keyed by its camelCase id */
  rules: rulesSchema(ALERT_RULES).prefault({}),
});
export type AlertsConfig = z.infer<typeof alertsSection>;
