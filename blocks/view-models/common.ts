/**
 * View-model pieces several surfaces share. blocks/ declares what it shows; services hand it their own
 * shapes, which fit these types structurally (a service type may carry more fields than a view reads).
 */
import type { Tier } from '../../src/domain/tier';

export type { AlertSeverity, AlertStatus, OutreachType, RenewalStatus } from '../../src/domain/states';
export type { ComponentId, Quadrant, Tier } from '../../src/domain/tier';

/** A score driver as surfaces quote it: what pulls the score down, in words, and what to do. */
export interface DriverView {
  id: string;
  severity: string;
  reason: string;
  action: string;
  /** score points it costs (drivers come ranked by it) */
  points: number;
}

/** A figure this week, a week earlier, and the change (ratios change in ratio units). */
export interface DeltaView {
  value: number | null;
  previous: number | null;
  change: number | null;
}

/** The latest backtest, as far as "can the score be trusted?" and a tier's churn rate quote it. */
export interface BacktestView {
  ranAt: string;
  from: string;
  to: string;
  horizonDays: number;
  auc: number | null;
  aucLow: number | null;
  aucHigh: number | null;
  lift10: number | null;
  /** share of churners that were Thriving or Healthy */
  surpriseChurn: number | null;
  tierChurn: Partial<Record<Tier, { rows: number; churners: number; rate: number | null }>>;
}
