/**
 * bench:outbox-claim — what the drizzle query builder costs on the delivery worker's hot path (find due → claim →
 * record sent), against the same statements hand-written and prepared once, in the same run on the same database.
 * Decides whether the claim needs hand-tuned SQL: compare the per-row figures with a Slack round trip (~50–300 ms)
 * and the pacing interval (1 s per channel).
 *   BENCH_ROWS (5000 per round) BENCH_ROUNDS (5) BENCH_CHANNELS (50)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb } from '../db';
import { enqueue } from '../src/delivery/store/outbox';
import { claim, dueInChannel, markSent } from '../src/delivery/store/rows';

const ROWS = Number(process.env.BENCH_ROWS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 50);

const dir = mkdtempSync(join(tmpdir(), 'bw-claim-'));
const db = createDb(join(dir, 'bench.db'));
const now = '2026-11-23T10:00:00.000Z';
let seq = 0;

function seed(): void {
  db.$client.transaction(() => {
    for (let i = 0; i < ROWS; i++) {
      const channel = `C${i % CHANNELS}`;
      enqueue(db, { idempotencyKey: `k${seq++}`, method: 'chat.postMessage', args: { channel, text: `message ${i}` }, channel }, new Date(now));
    }
  })();
}

/** The store: drizzle's query builder. */
function viaStore(): void {
  for (let c = 0; c < CHANNELS; c++) {
    for (;;) {
      const ids = dueInChannel(db, `C${c}`, now, 50);
      if (!ids.length) break;
      for (const id of ids) {
        const row = claim(db, id, 'bench', now);
        if (row) markSent(db, row, { channel: row.channel, ts: `${id}.0` }, now);
      }
    }
  }
}

/** The same statements hand-written and prepared once (what rows.ts did before). */
const raw = {
  due: db.$client.prepare(
    `select id from outbox where status = 'pending' and available_at <= ? and coalesce(channel, '') = ? order by priority desc, id limit ?`,
  ),
  claim: db.$client.prepare(
    `update outbox set status = 'sending', claimed_at = ?, claimed_by = ?, attempts = attempts + 1 where id = ? and status = 'pending' and available_at <= ?`,
  ),
  get: db.$client.prepare('select * from outbox where id = ?'),
  sent: db.$client.prepare(
    `update outbox set status = 'sent', sent_at = ?, result = ?, last_error = null, claimed_at = null where id = ? and status = 'sending'`,
  ),
  posted: db.$client.prepare('update slack_messages set channel = ?, ts = ? where post_outbox_id = ?'),
};
function viaRaw(): void {
  for (let c = 0; c < CHANNELS; c++) {
    for (;;) {
      const ids = (raw.due.all(now, `C${c}`, 50) as { id: number }[]).map((r) => r.id);
      if (!ids.length) break;
      for (const id of ids) {
        if (raw.claim.run(now, 'bench', id, now).changes !== 1) continue;
        const row = raw.get.get(id) as { channel: string };
        db.$client
          .transaction(() => {
            raw.sent.run(now, JSON.stringify({ channel: row.channel, ts: `${id}.0` }), id);
            raw.posted.run(row.channel, `${id}.0`, id);
          })
          .immediate();
      }
    }
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timings = { store: [] as number[], raw: [] as number[] };
for (let r = 0; r < ROUNDS; r++) {
  // Alternate the order so neither side always runs on a warmer cache.
  for (const which of r % 2 ? (['raw', 'store'] as const) : (['store', 'raw'] as const)) {
    seed();
    const t = process.cpuUsage();
    (which === 'store' ? viaStore : viaRaw)();
    const d = process.cpuUsage(t);
    timings[which].push((d.user + d.system) / ROWS);
  }
}
const s = median(timings.store);
const f = median(timings.raw);
console.log(`bench:outbox-claim — ${ROWS} rows × ${ROUNDS} rounds over ${CHANNELS} channels (find due → claim → record sent), CPU µs per row, median`);
console.log(`  hand-written, prepared once (floor)  ${f.toFixed(1)} µs`);
console.log(`  store (drizzle, prepared per conn.)  ${s.toFixed(1)} µs   = ${(s / f).toFixed(2)}× the floor, +${(s - f).toFixed(1)} µs per message`);
console.log(`  per channel at Slack's 1 msg/s, that is ${((s - f) / 10_000).toFixed(4)}% of the time between two sends`);
db.$client.close();
rmSync(dir, { recursive: true, force: true });
