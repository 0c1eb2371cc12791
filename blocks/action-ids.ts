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
  snooze: 'alert.snooze', // overflow / select: value = `${alertId}:${days}`
  completeStep: 'alert.step', // checkboxes: value per option = `${alertId}:${stepId}`
  // app home
  homeFilter: 'home.filter',
  homePage: 'home.page',
} as const;

export const CallbackIds = {
  outreachModal: 'outreach.modal',
} as const;

/** block_id / action_id pairs for the outreach modal's inputs. */
export const OutreachFields = {
  type: { block: 'outreach_type', action: 'value' },
  notes: { block: 'outreach_notes', action: 'value' },
  outcome: { block: 'outreach_outcome', action: 'value' },
  nextStep: { block: 'outreach_next_step', action: 'value' },
} as const;
