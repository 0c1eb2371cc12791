/**
 * bench:score's measuring child: one process per database size, so its peak RSS is the daily pass's own
 * (generation runs in the parent). Alternates the bare seek floor with the daily pass (scoring + alert
 * evaluation + writes): a first run (nothing scored, no alert state) as of the day before, then the steady
 * state (yesterday scored and evaluated) as of the day. Prints one JSON line.
 *
 *   node --import tsx bench/support/score-pass.ts <db file> <repeat> <yesterday> <today>
 */
import { createDb, type Db } from '../../db';
import { parseConfig } from '../../src/config/load';
import { runDailyPass } from '../../src/jobs/daily-pass';
import { fixedClock } from '../../src/lib/clock';
import { windowParams } from '../../src/scoring/features';
import { loadPlaybooks } from '../../src/playbooks/load';

export interface PassFigures {
  ms: number;
  cpuMs: number;
  evaluateMs: number;
  phases: { extractMs: number; scoreMs: number; writeMs: number };
  accounts: number;
  opened: number;
  unchanged: number;
}

export interface ChildReport {
  floors: { ms: number; cpuMs: number }[];
  first: PassFigures[];
  steady: PassFigures[];
  /** RSS after loading and one warm-up floor pass, before any daily pass (KB) */
  baseRssKb: number;
  /** the child's peak RSS (KB) */
  peakRssKb: number;
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The floor: per-account range seeks over the 60 days of usage the windows read, plus tickets and NPS, trivial aggregates. */
function bare(db: Db, asOf: string): { ms: number; cpuMs: number } {
  const w = windowParams(asOf);
  const t0 = performance.now();
  const c0 = cpuMs();
  const drain = (sql: string, p: object) => {
    for (const _ of db.$client.prepare(sql).raw().iterate(p));
  };
  drain(
    'SELECT a.id, COUNT(*), SUM(u.logins) FROM accounts a CROSS JOIN usage_daily u ON u.account_id = a.id AND u.day > @d60 AND u.day <= @asOf GROUP BY a.id',
    { d60: w.d60, asOf: w.asOf },
  );
  drain('SELECT account_id, COUNT(*) FROM tickets WHERE opened_at < @next GROUP BY account_id', { next: w.next });
  drain('SELECT account_id, MAX(responded_at) FROM nps_responses WHERE responded_at < @next GROUP BY account_id', { next: w.next });
  return { ms: performance.now() - t0, cpuMs: cpuMs() - c0 };
}

/** Forget every score and all alert state (children first). */
export function resetPassState(db: Db): void {
  db.$client.exec(`
    DELETE FROM alert_messages; DELETE FROM alert_events; DELETE FROM alert_reasons; DELETE FROM playbook_step_completions;
    DELETE FROM attention_ledger; DELETE FROM outbox; DELETE FROM alerts; DELETE FROM health_scores; DELETE FROM latest_scores; DELETE FROM scoring_runs;`);
}

function main(): void {
  const [file, repeatArg, yesterday, today] = process.argv.slice(2);
  const db = createDb(file);
  const config = parseConfig({ alerts: { workingHours: { enabled: false } } });
  const playbooks = loadPlaybooks();
  const pass = (asOf: string): PassFigures => {
    const t0 = performance.now();
    const c0 = cpuMs();
    const r = runDailyPass(db, { asOf, config, playbooks, clock: fixedClock(`${asOf}T10:00:00Z`) });
    return {
      ms: performance.now() - t0,
      cpuMs: cpuMs() - c0,
      evaluateMs: r.evaluateMs,
      phases: r.scoring.phases,
      accounts: r.scoring.accounts,
      opened: r.alerts.opened,
      unchanged: r.alerts.unchanged,
    };
  };
  resetPassState(db);
  bare(db, today); // warm the page cache so both read from the same place
  const report: ChildReport = { floors: [], first: [], steady: [], baseRssKb: Math.round(process.memoryUsage().rss / 1024), peakRssKb: 0 };
  for (let r = 0; r < Number(repeatArg); r++) {
    resetPassState(db);
    report.floors.push(bare(db, today));
    report.first.push(pass(yesterday));
    report.floors.push(bare(db, today));
    report.steady.push(pass(today));
  }
  report.peakRssKb = process.resourceUsage().maxRSS;
  db.$client.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

if (process.argv[1]?.endsWith('score-pass.ts')) main();
