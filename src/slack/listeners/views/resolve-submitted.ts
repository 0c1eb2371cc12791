import type { App } from '@slack/bolt';
import { CallbackIds, ResolveInputs } from '../../../../blocks/action-ids';
import { RESOLVE_NOTE_MAX } from '../../../../blocks/resolve-modal';
import type { AlertClick } from '../../../alerts/actions';
import { RESOLUTION_REASONS, type ResolutionReason } from '../../../alerts/transitions';
import type { SlackDeps } from '../../deps';
import { publishHome } from '../../home-publisher';

type StateValues = Record<string, Record<string, { selected_option?: { value?: unknown } | null; value?: unknown }>>;

/** The submission as a resolve click, or an error per block (the payload comes from the client: check everything). */
export function toResolveClick(privateMetadata: unknown, values: StateValues): { click: AlertClick } | { errors: Record<string, string> } {
  let alertId = NaN;
  try {
    alertId = Number((JSON.parse(String(privateMetadata)) as { alertId?: unknown }).alertId);
  } catch {
    /* reported below */
  }
  if (!Number.isSafeInteger(alertId) || alertId < 1) return { errors: { [ResolveInputs.reason.block]: 'This form lost its alert; please open it again from the message.' } };
  const reason = values[ResolveInputs.reason.block]?.[ResolveInputs.reason.action]?.selected_option?.value;
  if (typeof reason !== 'string' || !RESOLUTION_REASONS.includes(reason as ResolutionReason)) return { errors: { [ResolveInputs.reason.block]: 'Choose why it is resolved.' } };
  const raw = values[ResolveInputs.note.block]?.[ResolveInputs.note.action]?.value;
  const note = typeof raw === 'string' && raw.trim() ? raw.trim() : null;
  if (note && note.length > RESOLVE_NOTE_MAX) return { errors: { [ResolveInputs.note.block]: `Keep the note under ${RESOLVE_NOTE_MAX} characters.` } };
  return { click: { kind: 'resolve', alertId, reason: reason as ResolutionReason, note } };
}

/**
 * Resolve modal submitted: the click is saved in the inbox before the ack (never lost), applied by the inbox
 * (permission, then the transition that re-renders every copy with interactive priority); a refusal shows inline.
 */
export function registerResolveSubmitted(app: App, deps: SlackDeps): void {
  app.view(CallbackIds.resolveModal, async ({ ack, view, body, client }) => {
    const parsed = toResolveClick(view.private_metadata, (view.state?.values ?? {}) as StateValues);
    if ('errors' in parsed) {
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }
    const saved = deps.inbox.save(body.user.id, parsed.click);
    if (saved === null) {
      await ack({ response_action: 'errors', errors: { [ResolveInputs.reason.block]: 'Could not record this; please try again.' } });
      return;
    }
    const out = await deps.inbox.apply(saved);
    if (!out.ok) {
      await ack({ response_action: 'errors', errors: { [ResolveInputs.reason.block]: out.message } });
      return;
    }
    await ack();
    deps.logger.info(`alert #${parsed.click.alertId} resolved (${parsed.click.kind === 'resolve' ? parsed.click.reason : ''}) by ${body.user.id}`);
    try {
      await publishHome(client, deps.db, deps.config, body.user.id, deps.clock());
    } catch (e) {
      deps.logger.warn(`App Home refresh after resolving alert #${parsed.click.alertId} failed: ${(e as Error).message}`);
    }
  });
}
