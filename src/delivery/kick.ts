/**
 * "Something was enqueued" — lets a Slack click wake the outbox worker at once instead of at its next poll,
 * without the listener needing a handle on the worker. Process-local; a missed kick only costs one poll interval.
 */
type Listener = () => void;
const listeners = new Set<Listener>();

export function onOutboxEnqueued(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function outboxEnqueued(): void {
  for (const fn of listeners) fn();
}
