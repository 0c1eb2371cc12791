import type { Command } from 'commander';
import { hasSlackCredentials } from '../../config/load';
import { systemClock } from '../../lib/clock';
import type { CliContext } from '../context';

export function registerStart(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description('Run the service. With Slack credentials: connect and run the schedules. Without: one full offline cycle, then exit.')
    .option('--offline', 'run the offline cycle even when Slack credentials are set')
    .option('--demo-accounts <n>', 'demo size when the database is empty', (v) => Number.parseInt(v, 10))
    .action(async (opts: { offline?: boolean; demoAccounts?: number }) => {
      const env = ctx.env();
      const config = ctx.config();
      const playbooks = ctx.playbooks(); // a bad playbook stops start-up with file, path and reason
      const { outbox } = ctx.globals();
      const db = ctx.openDb();
      // The service modules pull in Bolt and the chart renderer: load them only for `start`, so every other
      // command starts fast.
      if (!opts.offline && hasSlackCredentials(env)) {
        const { startOnlineService } = await import('../../service/online');
        const { createLogger } = await import('../../observability/logger');
        // The service logs JSON lines (pino) for log shippers; secrets are redacted.
        const logger = createLogger({ secrets: [env.SLACK_BOT_TOKEN, env.SLACK_APP_TOKEN, env.SLACK_SIGNING_SECRET, env.BELLWETHER_INGEST_TOKEN] });
        const log = (line: string) => logger.info(line);
        const service = await startOnlineService({ db, config, env, playbooks, outboxPath: outbox, clock: systemClock, log, logger });
        await new Promise<void>((resolve) => {
          const stop = (sig: string) => {
            log(`${sig}: shutting down …`);
            service.stop().then(resolve, resolve);
          };
          process.once('SIGINT', () => stop('SIGINT'));
          process.once('SIGTERM', () => stop('SIGTERM'));
        });
        return;
      }
      if (!opts.offline && env.SLACK_BOT_TOKEN) {
        ctx.err('SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET nor SLACK_APP_TOKEN is: running offline.');
      }
      const { describeOfflineCycle, runOfflineCycle } = await import('../../service/offline-cycle');
      const summary = await runOfflineCycle({
        db,
        config,
        playbooks,
        outboxPath: outbox,
        clock: systemClock,
        demoAccounts: opts.demoAccounts,
        log: ctx.out,
        progress: ctx.progress,
      });
      for (const line of describeOfflineCycle(summary, outbox)) ctx.out(line);
    });
}
