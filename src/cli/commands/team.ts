import { WebClient } from '@slack/web-api';
import type { Command } from 'commander';
import { systemClock } from '../../lib/clock';
import { UserError } from '../../lib/errors';
import { syncTeamWithSlack } from '../../team/sync-slack';
import type { CliContext } from '../context';

/** `bellwether team sync-slack`: map CSMs to Slack users by email. */
export function registerTeam(program: Command, ctx: CliContext): void {
  const team = program.command('team').description('team members (CSMs, managers, VP, admins)');
  team
    .command('sync-slack')
    .description('look every team member up in Slack by email: fill slack_id, guest flag and time zone (needs SLACK_BOT_TOKEN, scope users:read.email)')
    .action(async () => {
      const env = ctx.env();
      if (!env.SLACK_BOT_TOKEN)
        throw new UserError('NO_TOKEN', 'SLACK_BOT_TOKEN is not set: sync-slack asks Slack for each email (or put slack_id in the team import instead)');
      const client = new WebClient(env.SLACK_BOT_TOKEN, { ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}), retryConfig: { retries: 3 } });
      const db = ctx.openDb();
      const r = await syncTeamWithSlack(db, client, systemClock(), (done, total) => ctx.progress(`looked up ${done}/${total} team members`));
      ctx.out(
        `checked ${r.checked} team members: ${r.mapped.length} newly mapped, ${r.changed.length} changed, ${r.notFound.length} not found in Slack, ${r.failed.length} failed`,
      );
      for (const m of r.mapped) ctx.out(`  mapped   ${m.email} → ${m.slackId}`);
      for (const m of r.changed) ctx.out(`  changed  ${m.email}: ${m.from} → ${m.to}`);
      for (const e of r.notFound) ctx.out(`  missing  ${e} (no Slack user with this email)`);
      for (const g of r.guests) ctx.out(`  guest    ${g} (restricted in Slack: may not use Bellwether)`);
      for (const f of r.failed) ctx.out(`  failed   ${f.email}: ${f.error}`);
      if (r.failed.length) ctx.exitCode = 1;
    });
}
