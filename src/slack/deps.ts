import type { Logger } from '@slack/bolt';
import type { Db } from '../../db';
import type { AccountIndex } from '../accounts/account-index';
import type { AppConfig } from '../config/schema';
import type { Clock } from '../lib/clock';
import type { GuestCheck } from '../team/guests';
import type { ExternalChannelGuard } from './channel-guard';
import type { ClickInbox } from './inbox/processor';

/** What every listener gets. Built once by createSlackApp. */
export interface SlackDeps {
  db: Db;
  config: AppConfig;
  clock: Clock;
  accounts: AccountIndex;
  guests: GuestCheck;
  /** refuses externally shared (Slack Connect) conversations unless the config allows them */
  channelGuard: ExternalChannelGuard;
  logger: Logger;
  /** alert clicks are saved here before the ack and applied from here */
  inbox: ClickInbox;
  /** step count of a playbook, for the card's playbook progress (wired by the alerting area when available) */
  playbookStepCount?: (playbookId: string) => number | undefined;
}
