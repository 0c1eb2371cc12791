/**
 * Applies saved clicks to the main database. A click that meets a busy database (an import or scoring run
 * holding the write lock) stays saved and is retried with backoff, without blocking the event loop: the
 * processor's own connection waits only briefly for the lock. Clicks left pending by a crash are replayed
 * on start, stamped with the time they arrived; every transition is a compare-and-set, so a click applied
 * just before the crash and replayed after it changes nothing twice.
 */
import type { Logger } from '@slack/bolt';
import { type Db, closeDb, createDb } from '../../../db';
import { type ClickOutcome, handleAlertClick } from '../../alerts/actions';
import type { AppConfig } from '../../config/schema';
import { outboxEnqueued } from '../../delivery/kick';
import type { Clock } from '../../lib/clock';
import { isBusyError } from '../../jobs/busy-retry';
import { describeItem, type InboxItem, type ShareRequest } from './items';
import { ClickInboxStore, inboxPathFor, type SavedClick } from './store';

const FIRST_RETRY_MS = 50;
const MAX_RETRY_MS = 2000;

export interface ClickInbox {
  /** Save the click durably (call before ack); returns its inbox id. */
  save(userId: string, click: InboxItem): number;
  /** Apply a saved click, retrying while the database is busy; resolves with the outcome. */
  apply(id: number): Promise<ClickOutcome>;
  /** Apply every click a previous process saved and never applied; returns how many. */
  replayPending(): Promise<number>;
  counts(): Record<string, number>;
  close(): void;
}

/** Applies a saved share request on the given connection (guard check, then enqueue); busy errors are retried. */
export type ApplyShare = (db: Db, userId: string, req: ShareRequest, at: Date) => Promise<ClickOutcome>;

export function createClickInbox(o: { db: Db; config: AppConfig; clock: Clock; logger: Logger; path?: string; share?: ApplyShare }): ClickInbox {
  const store = new ClickInboxStore(o.path ?? inboxPathFor(o.db));
  // A file database gets its own connection with a short busy wait: a held lock costs a timer, not a blocked loop.
  const applyDb = o.db.$client.memory ? o.db : createDb(o.db.$client.name, { migrate: false, busyTimeoutMs: 25 });
  const saved = new Map<number, SavedClick>();
  const waits = new Map<NodeJS.Timeout, () => void>();
  let closed = false;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        waits.delete(t);
        resolve();
      }, ms);
      waits.set(t, resolve);
    });

  async function applySaved(c: SavedClick): Promise<ClickOutcome> {
    let delay = FIRST_RETRY_MS;
    for (;;) {
      if (closed) return { ok: false, message: 'The service is restarting; your click is saved and will be applied.' };
      try {
        const item = c.click;
        const out =
          item.kind === 'share'
            ? o.share
              ? await o.share(applyDb, c.userId, item, new Date(c.at))
              : { ok: false, message: 'Sharing is not available in this process.' }
            : handleAlertClick(applyDb, o.config, c.userId, item, new Date(c.at));
        store.finish(c.id, 'done', o.clock());
        if (out.ok) outboxEnqueued();
        return out;
      } catch (e) {
        if (!isBusyError(e)) {
          store.finish(c.id, 'failed', o.clock(), (e as Error).message);
          o.logger.error(`click #${c.id} (${describeItem(c.click)}) failed: ${(e as Error).message}`);
          return { ok: false, message: 'That click could not be applied; the error is logged.' };
        }
        store.attempted(c.id, (e as Error).message);
        o.logger.warn(`click #${c.id} (${describeItem(c.click)}): database busy, retrying in ${delay} ms`);
        await sleep(delay);
        delay = Math.min(delay * 2, MAX_RETRY_MS);
      }
    }
  }

  return {
    save(userId, click) {
      const at = o.clock();
      const id = store.save(userId, click, at);
      saved.set(id, { id, userId, click, at: at.toISOString(), attempts: 0 });
      return id;
    },
    async apply(id) {
      const c = saved.get(id);
      if (!c) throw new Error(`click #${id} was not saved by this process`);
      try {
        return await applySaved(c);
      } finally {
        saved.delete(id);
      }
    },
    async replayPending() {
      const pending = store.pending().filter((c) => !saved.has(c.id));
      for (const c of pending) {
        const out = await applySaved(c);
        o.logger.info(`replayed saved click #${c.id} (${describeItem(c.click)} by ${c.userId}): ${out.message}`);
      }
      return pending.length;
    },
    counts: () => store.counts(),
    close() {
      closed = true;
      for (const [t, wake] of waits) {
        clearTimeout(t);
        wake(); // the waiting apply sees `closed` and leaves its click pending for the next start
      }
      waits.clear();
      store.close();
      if (applyDb !== o.db) closeDb(applyDb);
    },
  };
}
