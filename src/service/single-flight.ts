/**
 * Wrap a job so a run never overlaps the previous one: a trigger that arrives while a run is in
 * flight is skipped (and counted), not queued — the next scheduled run picks up the work anyway.
 */
export interface SingleFlight<T> {
  (): Promise<{ ran: true; result: T } | { ran: false }>;
  readonly busy: boolean;
  readonly skipped: number;
}

export function singleFlight<T>(job: () => Promise<T> | T): SingleFlight<T> {
  let running: Promise<unknown> | null = null;
  let skipped = 0;
  const run = (async () => {
    if (running) {
      skipped += 1;
      return { ran: false as const };
    }
    const p = (async () => job())();
    running = p;
    try {
      return { ran: true as const, result: await p };
    } finally {
      running = null;
    }
  }) as SingleFlight<T>;
  Object.defineProperty(run, 'busy', { get: () => running !== null });
  Object.defineProperty(run, 'skipped', { get: () => skipped });
  return run;
}
