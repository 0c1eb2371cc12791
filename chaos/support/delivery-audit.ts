/**
 * Chaos bookkeeping for delivery: compare the outbox (what should have reached Slack, once) with what the fake Slack
 * recorded. A post is identified by the outbox id in its metadata, an upload by the outbox id stamped into its name.
 */
import type { Db } from '../../db';
import { isUploadOf } from '../../src/delivery/transport';
import type { FakeSlack } from '../../test/support/fake-slack';

export interface DeliveryAudit {
  rows: number;
  /** rows that should be in Slack (sent/failed posts and uploads) but are not, and failed rows */
  lost: number;
  /** extra copies in Slack beyond one per row */
  duplicated: number;
  /** rows still pending or sending when the run ended */
  stuck: number;
}

export function auditDelivery(db: Db, fake: FakeSlack): DeliveryAudit {
  const rows = db.$client.prepare('select id, method, status, result from outbox').all() as {
    id: number;
    method: string;
    status: string;
    result: string | null;
  }[];
  const postsById = new Map<number, number>();
  for (const m of fake.messages) {
    const id = Number(m.metadata?.event_payload?.outbox_id);
    if (Number.isFinite(id)) postsById.set(id, (postsById.get(id) ?? 0) + 1);
  }
  const a: DeliveryAudit = { rows: rows.length, lost: 0, duplicated: 0, stuck: 0 };
  for (const r of rows) {
    if (r.status === 'pending' || r.status === 'sending') {
      a.stuck += 1;
      continue;
    }
    if (r.status === 'failed') {
      a.lost += 1;
      continue;
    }
    let n: number | null = null;
    if (r.method === 'chat.postMessage') n = postsById.get(r.id) ?? 0;
    else if (r.method === 'files.uploadV2') n = fake.files.filter((f) => isUploadOf(f.name, r.id)).length;
    if (n === null) continue; // chat.update / views.publish are idempotent: "sent" is all there is to check
    if (n === 0) a.lost += 1;
    if (n > 1) a.duplicated += n - 1;
  }
  return a;
}

export async function waitUntil(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

/** The scenario's own seeded randomness (kill points, fault mixes): the demo generator's PRNG. */
export { mulberry32 as prng } from '../../src/demo/prng';
