import { z } from 'zod';
import { RULE_IDS } from '../alerts/rule-ids';
import { ALERT_SEVERITIES, TEAM_ROLES } from '../../db/schema';

/** Offsets such as 4h, 1d, 7d (relative to the alert opening). */
const offset = z.string().regex(/^\d+(m|h|d)$/, 'must be a duration like 4h, 1d or 7d');

export const playbookStepSchema = z
  .object({
    /** stable id stored in playbook_step_completions; defaults to step-<n> */
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,40}$/, 'must be lower-case letters, digits, - or _ (max 41 chars)')
      .optional(),
    title: z.string().min(1, 'must not be empty').max(150, 'must be at most 150 characters'),
    due: offset,
    owner: z.enum(TEAM_ROLES),
  })
  .strict();

export const playbookSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,60}$/, 'must be a lower-case slug such as usage-decline'),
    title: z.string().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
    description: z.string().max(500).optional(),
    triggers: z
      .object({
        rules: z.array(z.string().refine((r) => RULE_IDS.includes(r), { message: `unknown rule (known: ${RULE_IDS.join(', ')})` })).default([]),
        drivers: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .refine((t) => t.rules.length + t.drivers.length > 0, { message: 'needs at least one rule or driver' }),
    severity: z.enum(ALERT_SEVERITIES),
    /** time to acknowledge; the alert uses the shorter of this and the configured SLA for its severity */
    sla: offset,
    steps: z.array(playbookStepSchema).min(1, 'needs at least one step').max(12, 'at most 12 steps fit in an alert message'),
  })
  .strict();

export type PlaybookInput = z.input<typeof playbookSchema>;
export interface PlaybookStep {
  id: string;
  title: string;
  due: string;
  owner: (typeof TEAM_ROLES)[number];
}
export interface Playbook {
  id: string;
  title: string;
  description?: string;
  triggers: { rules: string[]; drivers: string[] };
  severity: (typeof ALERT_SEVERITIES)[number];
  sla: string;
  steps: PlaybookStep[];
  /** file it came from (for messages) */
  file: string;
}
