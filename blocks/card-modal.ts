import { plain } from './format';
import type { MessagePayload, View } from './types';

/** The account card (or a notice) in a modal, for surfaces without a message to answer in (the App Home). */
export function cardModal(card: MessagePayload): View {
  return { type: 'modal', title: plain('Account'), close: plain('Close'), blocks: card.blocks };
}
