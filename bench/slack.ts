/**
 * bench:slack — /health latency at 100,000 accounts.
 * Bulk-loads a temp SQLite file, starts the real Bolt app over HTTP on loopback (Web API → loopback fake),
 * sends 2,000 signed `/health <account>` requests (exact, fuzzy and not-found mixed) and prints
 * p50/p95/p99 latency to the ack response. Target: p99 < 50 ms.
 *   BENCH_ACCOUNTS (100000) BENCH_REQUESTS (2000) BENCH_CONCURRENCY (1)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { closeDb, createDb } from '../db';
import { parseConfig } from '../src/config/load';
import { fixedClock } from '../src/lib/clock';
import { addDays } from '../src/lib/dates';
import { createSlackApp } from '../src/slack/app';
import { writeScores } from '../src/scoring/store';
import type { Driver, Tier } from '../src/scoring/types';
import { buildHome } from '../src/slack/home-publisher';
import { startFakeSlack } from '../test/support/fake-slack';
import { postCommand } from '../test/support/signed-request';
import { mulberry32 } from './support/rand';
import { seedBenchTeam } from './support/team';

const N = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 1);
const SECRET = 'bench-signing-secret';
const TODAY = '2026-11-20';

// Deterministic PRNG so every run benchmarks the same data and queries.
const rand = mulberry32(42);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

const CONSONANTS = 'bcdfghjklmnprstvz';
const VOWELS = 'aeiou';
const SUFFIXES = ['Inc', 'Corp', 'Labs', 'Systems', 'Group', 'Health', 'AI', 'Cloud', 'Foods', 'Logistics', 'Capital', 'Media'];

/** Pronounceable made-up words ("Bakuteri Lomasa Inc"): as sparse as real company names, unlike numbered ones. */
function word(): string {
  const n = 2 + Math.floor(rand() * 2);
  let w = '';
  for (let i = 0; i < n; i++) w += pick([...CONSONANTS]) + pick([...VOWELS]);
  return w[0].toUpperCase() + w.slice(1);
}
const makeName = () => `${word()} ${rand() < 0.6 ? `${word()} ` : ''}${pick(SUFFIXES)}`;
const slugify = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function typo(s: string): string {
  const i = 1 + Math.floor(rand() * (s.length - 2));
  const kind = Math.floor(rand() * 3);
  if (kind === 0) return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2); // transposition
  if (kind === 1) return s.slice(0, i) + s.slice(i + 1); // deletion
  return `${s.slice(0, i)}x${s.slice(i + 1)}`; // substitution
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bw-bench-slack-'));
  const dbPath = join(dir, 'bench.db');
  const db = createDb(dbPath);
  const c = db.$client;
  let t0 = performance.now();

  seedBenchTeam(c); // 50 CSMs under 5 managers, a VP

  // 100k accounts with unique names and slugs, two score runs each, usage for a sample.
  const names: { id: string; name: string }[] = [];
  const seen = new Set<string>();
  while (names.length < N) {
    const name = makeName();
    const id = slugify(name);
    if (seen.has(id)) continue; // unique names, like a real CRM
    seen.add(id);
    names.push({ id, name });
  }
  const acc = c.prepare(
    "insert into accounts(id, name, owner_email, owner_slack_id, segment, arr, renewal_date, seats_licensed, updated_at) values (?, ?, ?, ?, ?, ?, ?, 50, '2026-01-01')",
  );
  const usage = c.prepare('insert into usage_daily(account_id, day, active_users, logins, key_events) values (?, ?, ?, ?, ?)');
  const tier = (s: number): Tier => (s >= 85 ? 'Thriving' : s >= 70 ? 'Healthy' : s >= 50 ? 'Neutral' : s >= 30 ? 'At-Risk' : 'Critical');
  const drivers: Driver[] = [{ id: 'usage_decline', severity: 'high', reason: 'logins down 38% vs previous 30 days (120 → 74)', action: '', points: 9 }];
  c.transaction(() => {
    names.forEach((a, i) => {
      const csm = i % 50;
      acc.run(
        a.id,
        a.name,
        `csm${csm}@x.io`,
        `UCSM${csm}`,
        pick(['Starter', 'Growth', 'Pro', 'Enterprise']),
        Math.round(5_000 + rand() * 500_000),
        addDays(TODAY, Math.floor(rand() * 365)),
      );
      for (const [asOf, s] of [
        [addDays(TODAY, -7), 20 + rand() * 80],
        [TODAY, 20 + rand() * 80],
      ] as const) {
        writeScores(db, [
          { accountId: a.id, asOf, score: Math.round(s), tier: tier(s), components: {}, drivers, coverage: 0.9, expansion: 0.3, onboarding: false },
        ]);
      }
      if (i % 100 === 0) for (let d = 0; d < 90; d++) usage.run(a.id, addDays(TODAY, -d), 10, 30, Math.round(50 + rand() * 50));
    });
  })();
  console.log(`seeded ${N.toLocaleString()} accounts, ${(2 * N).toLocaleString()} scores in ${Math.round(performance.now() - t0)} ms`);

  const fake = await startFakeSlack();
  for (let i = 0; i < 50; i++) fake.users.set(`UCSM${i}`, { id: `UCSM${i}` });
  const slack = createSlackApp({
    db,
    config: parseConfig({}),
    env: { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url, PORT: 0 },
    clock: fixedClock(`${TODAY}T12:00:00Z`),
    logLevel: LogLevel.ERROR,
  });
  t0 = performance.now();
  const { port } = await slack.start(0);
  console.log(`app started (name index built) in ${Math.round(performance.now() - t0)} ms`);
  const url = `http://127.0.0.1:${port}/slack/events`;

  type Kind = 'exact' | 'fuzzy' | 'not_found';
  const queries: { kind: Kind; text: string; expect?: string }[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const a = pick(names);
    const k: Kind = (['exact', 'fuzzy', 'not_found'] as const)[i % 3];
    if (k === 'exact') queries.push({ kind: k, text: rand() < 0.5 ? a.id : a.name, expect: a.name });
    else if (k === 'fuzzy') queries.push({ kind: k, text: typo(a.name.toLowerCase()), expect: a.name });
    else queries.push({ kind: k, text: `zq${Math.floor(rand() * 1e6)} wxv ${pick(['holdings', 'partners'])}` });
  }

  // Warm-up: JIT, auth.test, the users.info guest check per user.
  for (let i = 0; i < 100; i++) await postCommand(url, SECRET, { user_id: `UCSM${i % 50}`, text: names[i].name });

  const lat: Record<Kind, number[]> = { exact: [], fuzzy: [], not_found: [] };
  const outcome = { card: 0, choices: 0, not_found: 0, other: 0, intended: 0, fuzzyIntended: 0, errors: 0 };
  let next = 0;
  const started = performance.now();
  async function worker(w: number) {
    while (next < queries.length) {
      const q = queries[next++];
      const t = performance.now();
      const r = await postCommand(url, SECRET, { user_id: `UCSM${w % 50}`, text: q.text });
      lat[q.kind].push(performance.now() - t);
      if (r.status !== 200) outcome.errors++;
      const text = String(r.json?.text ?? '');
      if (/: (health \d+|not scored yet)/.test(text)) {
        outcome.card++;
        if (q.expect && text.startsWith(`${q.expect}:`)) {
          outcome.intended++;
          if (q.kind === 'fuzzy') outcome.fuzzyIntended++;
        }
      } else if (text.startsWith('Several accounts')) outcome.choices++;
      else if (text.startsWith('No account')) outcome.not_found++;
      else outcome.other++;
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  const wall = performance.now() - started;

  const fmt = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return `n=${String(s.length).padStart(4)}  p50 ${pct(s, 50).toFixed(2)} ms  p95 ${pct(s, 95).toFixed(2)} ms  p99 ${pct(s, 99).toFixed(2)} ms  max ${s[s.length - 1].toFixed(2)} ms`;
  };
  const all = [...lat.exact, ...lat.fuzzy, ...lat.not_found];
  console.log(`\n/health over signed loopback HTTP, ${N.toLocaleString()} accounts, ${REQUESTS} requests, concurrency ${CONCURRENCY}:`);
  for (const k of ['exact', 'fuzzy', 'not_found'] as const) console.log(`  ${k.padEnd(10)} ${fmt(lat[k])}`);
  console.log(`  ${'all'.padEnd(10)} ${fmt(all)}`);
  console.log(`  throughput ${Math.round((REQUESTS / wall) * 1000)} req/s`);
  const p99 = pct(
    [...all].sort((a, b) => a - b),
    99,
  );
  console.log(`  target p99 < 50 ms: ${p99 < 50 ? 'met' : 'NOT met'} (${p99.toFixed(2)} ms)`);
  console.log(
    `  answers: ${outcome.card} cards (${outcome.intended} the intended account; fuzzy ${outcome.fuzzyIntended}/${lat.fuzzy.length}), ${outcome.choices} choice lists, ${outcome.not_found} not-found with suggestions, ${outcome.other} other, ${outcome.errors} HTTP errors`,
  );

  // App Home build cost (read + render; publishing is one views.publish call after the ack).
  const now = new Date(`${TODAY}T12:00:00Z`);
  for (const [who, label] of [
    ['UCSM0', 'CSM (2,000 accounts)'],
    ['UMGR0', 'manager (20,000 accounts)'],
    ['UVP0', `VP (all ${N.toLocaleString()} accounts)`],
  ] as const) {
    buildHome(db, slack.deps.config, who, now);
    const t = performance.now();
    const view = buildHome(db, slack.deps.config, who, now, { filter: 'at_risk_renewing', page: 0 });
    console.log(`  App Home for a ${label}: ${Math.round(performance.now() - t)} ms, ${(view.blocks ?? []).length} blocks`);
  }

  await slack.stop();
  await fake.close();
  closeDb(db);
  rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
