/**
 * A book of accounts as the App Home, `/health` lists and help show it. src/book/read-model.ts's rows,
 * summaries and alerts fit these types as they are.
 */
import type { AlertSeverity, AlertStatus, Tier } from './common';

/** An alert group's reason line (highest severity first). */
export interface ReasonLineView {
  title: string;
  severity?: AlertSeverity;
}

/** An account's live alert group: its severity, state and reasons. */
export interface BookGroupView {
  severity: AlertSeverity;
  status: AlertStatus;
  reasons: ReasonLineView[];
}

/** One account in a list: tier, name, score and its week-earlier score, ARR, renewal, last touch, live group. */
export interface BookRowView {
  id: string;
  name: string;
  arr: number;
  score: number | null;
  tier: Tier | null;
  /** latest score 7–14 days before the current one */
  prev7: number | null;
  renewalDate: string | null;
  lastTouchAt: string | null;
  /** the owner (shown where a list has more than one) */
  ownerEmail: string | null;
  ownerSlackId: string | null;
  group?: BookGroupView | null;
}

export interface BookSummaryView {
  accounts: number;
  totalArr: number;
  atRiskArr: number;
  byTier: Record<Tier | 'Unscored', number>;
  openAlerts: number;
}

/** An open alert group on the Home, with its Acknowledge button. */
export interface BookAlertView {
  id: number;
  accountName: string;
  severity: AlertSeverity;
  status: AlertStatus;
  title: string;
  slaDueAt: string | null;
  reasons: ReasonLineView[];
}

/** An account offered as a choice (several matches, or the closest names to a miss). */
export interface AccountChoiceView {
  id: string;
  name: string;
  arr: number;
}
