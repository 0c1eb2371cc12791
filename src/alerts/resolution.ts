/** Why a person resolved a group: stored with it (alerts.resolution_reason), feeds the per-rule alert precision report. */
export const RESOLUTION_REASONS = ['saved', 'false_positive', 'not_actionable', 'churned'] as const;
export type ResolutionReason = (typeof RESOLUTION_REASONS)[number];

/** How each reason reads in Slack (the resolve modal, confirmations). */
export const RESOLUTION_LABEL: Record<ResolutionReason, string> = {
  saved: 'Saved: the risk is handled',
  false_positive: 'False positive: there was no risk',
  not_actionable: 'Not actionable',
  churned: 'Customer churned',
};
