/**
 * The fake Slack's random faults as the delivery-faults chaos scenario uses them: every enabled kind is forced once
 * within the first N write calls (whatever the timing), and a slow answer can act at once with only the answer late.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

/** One chat.postMessage over HTTP; the HTTP status, or 'no answer' once the caller gives up after `timeoutMs`. */
async function post(text: string, timeoutMs: number): Promise<number | 'no answer'> {
  try {
    const r = await fetch(`${fake.url}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C1', text }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await r.text();
    return r.status;
  } catch {
    return 'no answer';
  }
}

const KINDS = ['ratelimited', 'status', 'status-after', 'hang', 'slow'];

describe('fake Slack chaos schedule', () => {
  it('eachKindWithin: every enabled kind happens within the first N write calls, for any seed', async () => {
    for (let seed = 1; seed <= 12; seed++) {
      fake.reset();
      // Probabilities this small would leave most kinds out of 8 calls if they were only drawn at random.
      fake.chaos({ seed, p429: 0.001, p5xxBefore: 0.001, p5xxAfter: 0.001, pHang: 0.001, pSlow: 0.001, slowMs: 1, eachKindWithin: 8 });
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => post(`m${i}`, 150)));
      expect(Object.keys(fake.faultCounts).sort(), `seed ${seed}`).toEqual([...KINDS].sort());
      for (const k of KINDS) expect(fake.faultCounts[k], `seed ${seed} ${k}`).toBe(1);
      expect(answers.filter((a) => a === 'no answer')).toHaveLength(1); // the hang
      expect(answers.filter((a) => a === 429)).toHaveLength(1);
      // status-after, slow and the three clean calls posted; 5xx-before, the 429 and the hang did not
      expect(fake.messages).toHaveLength(5);
    }
  });

  it('only enabled kinds are forced, and N must leave room for them', () => {
    expect(() => fake.chaos({ seed: 1, pHang: 0.1, pSlow: 0.1, p429: 0.1, eachKindWithin: 2 })).toThrow(/eachKindWithin \(2\).*\(3\)/);
    fake.chaos({ seed: 1, pHang: 0.1, eachKindWithin: 1 });
    fake.chaos(null);
  });

  it('the same seed gives the same faults (a run can be replayed)', async () => {
    const run = async () => {
      fake.reset();
      fake.chaos({ seed: 42, p5xxBefore: 0.3, p5xxAfter: 0.3, eachKindWithin: 4 });
      const out: (number | string)[] = [];
      for (let i = 0; i < 12; i++) out.push(await post(`m${i}`, 2000));
      return out;
    };
    const first = await run();
    expect(first).toContain(503);
    expect(first).toContain(500);
    expect(await run()).toEqual(first);
  });

  it('slowActsFirst: the message is posted when the call arrives; only the answer comes after the caller gave up', async () => {
    fake.chaos({ seed: 1, pSlow: 1, slowMs: 300, slowActsFirst: true });
    expect(await post('acts first', 100)).toBe('no answer');
    // Already in Slack when the caller gave up, so a check one timeout later cannot miss it.
    expect(fake.messages.map((m) => m.text)).toEqual(['acts first']);
  });

  it('without it, a slow call acts only when it answers (it may land after the caller gave up)', async () => {
    fake.failNext('chat.postMessage', { kind: 'slow', ms: 300 });
    expect(await post('acts late', 100)).toBe('no answer');
    expect(fake.messages).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 400));
    expect(fake.messages.map((m) => m.text)).toEqual(['acts late']);
  });
});
