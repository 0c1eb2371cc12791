/** `bellwether digest`: build this week's (or a given week's) digests now, queue them, and deliver (unless --no-deliver). */
import type { Command } from 'commander';
import { loadPlaybooks } from '../../playbooks/load';
import type { Playbook } from '../../playbooks/schema';
import type { Audience } from '../../digests/run';
import { UserError } from '../../lib/errors';
import type { CliContext } from '../context';
import { deliver } from '../deliver';
import { parseInstant } from '../options';

interface DigestOptions {
  leadership?: boolean;
  csm?: boolean;
  week?: string;
  now?: string;
  chartsDir?: string;
  playbooks?: string;
  deliver: boolean;
}

export function registerDigest(program: Command, ctx: CliContext): void {
  program
    .command('digest')
    .description('Build the weekly leadership and CSM digests now, queue and deliver them (once per week and audience)')
    .option('--leadership', 'only the leadership digest')
    .option('--csm', 'only the CSM book digests')
    .option('--week <week>', 'ISO week, e.g. 2026-W48 (default: this week in the configured time zone)')
    .option('--now <iso>', 'pretend the current time is this ISO instant (reproducible runs)')
    .option('--charts-dir <dir>', 'where chart PNGs go (default: charts/ next to the outbox file)')
    .option('--playbooks <dir>', 'playbook directory, for overdue steps in CSM digests (default: alerts.playbooksDir)')
    .option('--no-deliver', 'only queue the messages; the running service (or the next command that delivers) sends them')
    .action(async (opts: DigestOptions) => {
      if (opts.leadership && opts.csm) throw new UserError('BAD_FLAGS', '--leadership and --csm are exclusive (omit both for all digests)');
      const audience: Audience = opts.leadership ? 'leadership' : opts.csm ? 'csm' : 'all';
      const now = parseInstant('--now', opts.now);
      const config = ctx.config();
      let playbooks: Playbook[] | undefined;
      try {
        playbooks = opts.playbooks === undefined ? ctx.playbooks() : loadPlaybooks(opts.playbooks);
      } catch (e) {
        ctx.err(`warning: playbooks not loaded (${(e as Error).message}); overdue steps are left out of CSM digests`);
      }
      const db = ctx.openDb();
      const { runDigests } = await import('../../digests/run'); // charts (echarts) load only when needed
      const r = runDigests(db, {
        config,
        now,
        week: opts.week,
        audience,
        outboxFile: ctx.globals().outbox,
        chartsDir: opts.chartsDir,
        playbooks,
        log: (l) => ctx.progress(l),
      });
      const lead: Record<string, string> = {
        posted: `queued for ${config.digests.leadershipChannel}`,
        resumed: `queued for ${config.digests.leadershipChannel} (resumed an interrupted run)`,
        'skipped-already-sent': 'already posted this week; nothing queued',
        'not-requested': 'not requested',
      };
      ctx.out(`Digests for ${r.week} (data as of ${r.asOf}):`);
      ctx.out(`  leadership: ${lead[r.leadership]}`);
      if (audience !== 'leadership') {
        ctx.out(
          config.digests.csmDigests
            ? `  csm: ${r.csm.posted} queued, ${r.csm.resumed} resumed, ${r.csm.skipped} already posted, ${r.csm.noSlackId} owners without a Slack id skipped`
            : '  csm: disabled in config (digests.csmDigests: false)',
        );
      }
      for (const c of r.charts) ctx.out(`  chart: ${c}`);
      ctx.out(`  ${r.enqueued} Slack call(s) added to the outbox`);
      if (opts.deliver) await deliver(ctx, db, now);
    });
}
