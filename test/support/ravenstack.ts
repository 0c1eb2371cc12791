/** The RavenStack files and the shipped mapping that imports each, in import order (accounts first: references). */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportKind } from '../../src/import';

export const RAVENSTACK_MAPS = resolve(dirname(fileURLToPath(import.meta.url)), '../../mappings/ravenstack');

/** [kind, data file (without .csv), mapping file (without .yml)] */
export const RAVENSTACK_STEPS: readonly (readonly [ImportKind, string, string])[] = [
  ['accounts', 'accounts', 'accounts'],
  ['revenue', 'subscriptions', 'subscriptions'],
  ['revenue', 'subscriptions', 'subscription_ends'],
  ['accounts', 'subscriptions', 'subscriptions_arr'],
  ['usage', 'feature_usage', 'feature_usage'],
  ['tickets', 'support_tickets', 'support_tickets'],
  ['revenue', 'churn_events', 'churn_events'],
];
