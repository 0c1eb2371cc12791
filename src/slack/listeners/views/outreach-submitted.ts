import type { App } from '@slack/bolt';
import { CallbackIds, OutreachInputs } from '../../../../blocks/action-ids';
import type { OutreachModalMeta } from '../../../../blocks/outreach-modal';
import { todayIn } from '../../../lib/dates';
import { alertOfAccount } from '../../../alerts/store';
import { recordTouch } from '../../../alerts/touch';
import { inTx } from '../../../alerts/transitions';
import { saveOutreach } from '../../../outreach/save-outreach';
import { type OutreachField, validateOutreach } from '../../../outreach/validate-outreach';
import { canActOnAccount } from '../../../team/permissions';
import type { SlackDeps } from '../../deps';
import { publishHome } from '../../home-publisher';

type StateValues = Record<string, Record<string, { selected_option?: { value?: unknown } | null; value?: unknown; selected_date?: unknown }>>;

/** The modal's metadata as we wrote it, or null: it comes back from the client, so every field is checked. */
function parseMeta(raw: unknown): OutreachModalMeta | null {
  if (typeof raw !== 'string') return null;
  try {
    const m = JSON.parse(raw) as Partial<OutreachModalMeta> | null;
    if (!m || typeof m.accountId !== 'string' || m.accountId.length > 200) return null;
    const alertId = Number.isSafeInteger(m.alertId) ? m.alertId : undefined;
    return { accountId: m.accountId, alertId, channelId: typeof m.channelId === 'string' ? m.channelId : undefined };
  } catch {
    return null;
  }
}

/** Outreach modal submitted: validate (errors inline, per block), re-check permission, save, refresh Home. */
export function registerOutreachSubmitted(app: App, deps: SlackDeps): void {
  app.view(CallbackIds.outreachModal, async ({ ack, view, body, client }) => {
    const meta = parseMeta(view.private_metadata);
    const v = (view.state?.values ?? {}) as StateValues;
    const get = (f: { block: string; action: string }) => v[f.block]?.[f.action];
    const now = deps.clock();
    const today = todayIn(deps.config.timezone, now);
    const res = validateOutreach(
      {
        type: get(OutreachInputs.type)?.selected_option?.value,
        notes: get(OutreachInputs.notes)?.value,
        outcome: get(OutreachInputs.outcome)?.value,
        nextStepOn: get(OutreachInputs.nextStep)?.selected_date,
      },
      today,
    );
    if (!res.ok) {
      const errors = Object.fromEntries(Object.entries(res.errors).map(([k, msg]) => [OutreachInputs[k as OutreachField].block, msg as string]));
      await ack({ response_action: 'errors', errors });
      return;
    }
    if (!meta) {
      await ack({ response_action: 'errors', errors: { [OutreachInputs.type.block]: 'This form lost its account; please open it again from the card.' } });
      return;
    }
    const perm = canActOnAccount(deps.db, deps.config, body.user.id, meta.accountId);
    if (!perm.ok) {
      // Permission can change between opening and submitting (ownership moved); say so next to the first field.
      await ack({ response_action: 'errors', errors: { [OutreachInputs.type.block]: perm.reason } });
      return;
    }
    // Link the alert only if it still exists for this account (metadata comes back from the client).
    const alert = meta.alertId && alertOfAccount(deps.db, meta.alertId, meta.accountId) ? { id: meta.alertId } : undefined;
    // Slack can deliver the same submission twice (retries, replays): the view id makes the second a no-op.
    const idempotencyKey = view.id ? `view:${body.team?.id ?? ''}:${view.id}` : null;
    // The outreach and its touch on the account's alert group commit together, before the ack.
    const saved = inTx(deps.db, () => {
      const s = saveOutreach(deps.db, {
        ...res.value,
        accountId: meta.accountId,
        loggedBy: body.user.id,
        occurredAt: now,
        alertId: alert?.id ?? null,
        idempotencyKey,
      });
      if (s.created) {
        recordTouch(
          deps.db,
          meta.accountId,
          { outreachId: s.id, type: res.value.type },
          { id: body.user.id, source: 'slack' },
          { config: deps.config, now, interactive: true },
        );
      }
      return s;
    });
    await ack();
    if (!saved.created) {
      deps.logger.info(`outreach submission ${view.id} already logged (outreach ${saved.id}); replay ignored`);
      return;
    }
    deps.logger.info(`outreach logged on ${meta.accountId} by ${body.user.id}`);
    await publishHome(client, deps.db, deps.config, body.user.id, now);
  });
}
