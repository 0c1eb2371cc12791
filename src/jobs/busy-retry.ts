/**
 * SQLite answers SQLITE_BUSY ("database is locked") when another connection holds the write lock longer
 * than busy_timeout (a long import, a scoring run in a worker). Jobs retry such a failure with backoff
 * instead of losing the run; anything else fails at once.
 */
export function isBusyError(e: unknown): boolean {
  const code = String((e as { code?: unknown } | null)?.code ?? '');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || /database is locked/i.test(String((e as Error | null)?.message ?? ''))) return true;
  // drizzle wraps the driver's error (DrizzleQueryError, the statement in its message) and keeps it as the cause
  const cause = e instanceof Error ? e.cause : undefined;
  return cause !== undefined && cause !== e && isBusyError(cause);
}

export interface BusyRetryOptions {
  /** attempts in all, the first included (default 8) */
  attempts?: number;
  /** first wait; doubles each time up to maxDelayMs (default 250 ms, 10 s) */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** what the job is called in the log line */
  what: string;
  log: (line: string) => void;
  /** injectable for tests */
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function withBusyRetry<T>(fn: () => Promise<T> | T, o: BusyRetryOptions): Promise<T> {
  const attempts = o.attempts ?? 8;
  const sleep = o.sleep ?? realSleep;
  let delay = o.baseDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isBusyError(e) || attempt >= attempts) throw e;
      o.log(`[${o.what}] database busy (${(e as Error).message}); retry ${attempt}/${attempts - 1} in ${delay} ms`);
      await sleep(delay);
      delay = Math.min(delay * 2, o.maxDelayMs ?? 10_000);
    }
  }
}
