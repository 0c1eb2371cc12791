/**
 * Every action_id / callback_id the app renders, in one place: the Block Kit builders use these
 * to render and the Bolt listeners use them to route, so the two can never drift apart.
 */
export const ActionIds = {
  // account card
  shareCard: 'card.share',
  logOutreach: 'card.log_outreach',
  pickAccount: 'card.pick_account', // disambiguation buttons: value = account id
  // alerts
  acknowledge: 'alert.acknowledge',
  unacknowledge: 'alert.unacknowledge', // button: value = alert id
  resolve: 'alert.resolve', // button: value = alert id; opens the resolve modal
  reassign: 'alert.reassign', // button: value = alert id; opens the reassign modal
  snooze: 'alert.snooze', // overflow / select: value = `${alertId}:${days}` (quick snooze, no reason)
  snoozeWithReason: 'alert.snooze_modal', // button: value = alert id; opens the snooze modal (duration + reason)
  completeStep: 'alert.step', // checkboxes: value per option = `${alertId}:${stepId}`
  // app home
  homeFilter: 'home.filter',
  homePage: 'home.page',
  homeOpen: 'home.open', // team view navigation (a CSM's book, a manager's team, all accounts, back, sort); value = the Home state (JSON)
  listSort: 'list.sort', // a /health list showing more than one owner: the same list in the other order; value = JSON {list, sort, …}
  openCard: 'home.open_card', // a team-view book row, a top at-risk account or a multi-owner /health list row: the account card in a modal; value = account id
  // attention
  notificationSettings: 'home.notification_settings', // opens the settings modal
  followAccount: 'account.follow', // toggle; value = account id
} as const;

/** Snooze choices offered by the Snooze… modal (card and alert message), in days. */
export const SNOOZE_DAYS = [1, 7, 30] as const;

/**
 * Matches an action id as rendered: the bare id, or the id plus a suffix (buttons repeated in one view carry
 * `:<n>` to stay unique). `suffix` is a regular-expression fragment; the default allows any `:…` or none.
 */
export function actionIdPattern(id: string, suffix = '(:.*)?'): RegExp {
  return new RegExp(`^${id.replace(/\./g, '\\.')}${suffix}$`);
}

export const CallbackIds = {
  outreachModal: 'outreach.modal',
  resolveModal: 'alert.resolve_modal',
  reassignModal: 'alert.reassign_modal',
  notificationSettingsModal: 'attention.settings_modal',
  snoozeModal: 'alert.snooze_modal',
} as const;

/** The snooze modal's inputs (block id, action id). */
export const SnoozeInputs = {
  days: { block: 'snooze_days', action: 'snooze_days_value' },
  reason: { block: 'snooze_reason', action: 'snooze_reason_value' },
  note: { block: 'snooze_note', action: 'snooze_note_value' },
} as const;

/** The reassign modal's person picker (block id, action id). */
export const ReassignInput = { block: 'reassign_to', action: 'reassign_to_value' } as const;

/** The resolve modal's inputs (block id, action id). */
export const ResolveInputs = {
  reason: { block: 'resolve_reason', action: 'resolve_reason_value' },
  note: { block: 'resolve_note', action: 'resolve_note_value' },
} as const;

/** block_id / action_id pairs for the outreach modal's inputs. */
export const OutreachFields = {
  type: { block: 'outreach_type', action: 'value' },
  notes: { block: 'outreach_notes', action: 'value' },
  outcome: { block: 'outreach_outcome', action: 'value' },
  nextStep: { block: 'outreach_next_step', action: 'value' },
} as const;

/**
 * The outreach modal's inputs as rendered: same block ids as OutreachFields, but action ids unique
 * within the view (the shared Block Kit checker, and Slack's own view state, key on them).
 */
export const OutreachInputs = {
  type: { block: OutreachFields.type.block, action: 'outreach_type_value' },
  notes: { block: OutreachFields.notes.block, action: 'outreach_notes_value' },
  outcome: { block: OutreachFields.outcome.block, action: 'outreach_outcome_value' },
  nextStep: { block: OutreachFields.nextStep.block, action: 'outreach_next_step_value' },
} as const;

/** The notification settings modal's inputs (block id / action id). */
export const NotificationInputs = {
  dmSeverities: { block: 'notify_dm', action: 'notify_dm_value' },
  summaryTime: { block: 'notify_summary_time', action: 'notify_summary_time_value' },
  awayUntil: { block: 'notify_away_until', action: 'notify_away_until_value' },
  delegate: { block: 'notify_delegate', action: 'notify_delegate_value' },
} as const;
