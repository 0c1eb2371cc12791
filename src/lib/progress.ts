/**
 * Turn frequent (done, total) callbacks into at most one report per `stepPct` percent, with the rate,
 * so long work shows progress without flooding a log.
 */
export function progressReporter(label: string, report: (line: string) => void, stepPct = 10, now: () => number = Date.now) {
  const started = now();
  let lastBucket = -1;
  return (done: number, total: number): void => {
    if (total <= 0) return;
    const bucket = Math.floor(((done / total) * 100) / stepPct);
    if (bucket === lastBucket) return;
    lastBucket = bucket;
    const secs = Math.max((now() - started) / 1000, 1e-3);
    report(
      `${label}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${Math.round((done / total) * 100)}%, ${Math.round(done / secs).toLocaleString('en-US')}/s)`,
    );
  };
}
