/** Block Kit types, re-exported in one place so every builder uses the same definitions. */
export type { KnownBlock as Block, View, Button, Overflow, ActionsBlock, SectionBlock } from '@slack/types';

/** A message body: plain-text fallback plus blocks. */
export interface MessagePayload {
  text: string;
  blocks: import('@slack/types').KnownBlock[];
}
