import type { Db } from '../../db';
import { createTransportFromEnv } from '../delivery/transports';
import { drainOutbox } from '../delivery/worker';
import { checkConfiguredChannels } from '../slack/channel-guard';
import type { CliContext } from './context';

/**
 * Deliver what is due in the outbox now: to Slack with a bot token, else to the offline outbox file.
 * Commands that queue messages (alerts, digest) call this so the CLI does the whole job by itself.
 */
export async function deliver(ctx: CliContext, db: Db, now: Date): Promise<void> {
  const env = ctx.env();
  const transport = createTransportFromEnv(env, ctx.globals().outbox, ctx.config().delivery.requestTimeoutMs);
  // Posting to real Slack: the same external-sharing guard as the online service (throws ConfigError).
  if (transport.kind === 'slack' && env.SLACK_BOT_TOKEN)
    await checkConfiguredChannels(
      { token: env.SLACK_BOT_TOKEN, apiUrl: env.SLACK_API_URL },
      ctx.config(),
      () => now,
      (l) => ctx.err(l),
    );
  const where = transport.kind === 'file' ? ctx.globals().outbox : 'Slack';
  const r = await drainOutbox(db, transport, {
    config: ctx.config().delivery,
    // A --now in the future (rehearsals) must still release rows queued for that instant.
    clock: () => (now.getTime() > Date.now() ? now : new Date()),
    log: (l) => ctx.err(l),
  });
  ctx.out(
    `Delivered ${r.sent} message(s) to ${where}${r.failed ? `, ${r.failed} failed (see: bellwether outbox --failed)` : ''}${r.retried ? `, ${r.retried} to retry` : ''}${r.recovered ? `, ${r.recovered} recovered after a crash` : ''}.`,
  );
}
