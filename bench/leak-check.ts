/**
 * bench:leak-check — is scoring at past dates leak-free and is the demo a fair test? Scores the demo (and, with
 * BELLWETHER_SHARED_DIR or ../shared present, RavenStack imported with the shipped mappings) at past
 * month-ends and prints the AUC against churn in the next 90 days for the model and two naive baselines.
 *
 *   npm run bench:leak-check                      # demo: 5,000 accounts, 365 days
 *   LEAK_ACCOUNTS=2000 npm run bench:leak-check   # smaller demo
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDb } from '../db';
import { parseConfig } from '../src/config/load';
import { generateDemo } from '../src/demo/generate';
import { importFile, loadMapping } from '../src/import';
import { RAVENSTACK_MAPS, RAVENSTACK_STEPS } from '../test/support/ravenstack';
import { addDays } from '../src/lib/dates';
import { type DateResult, PREDICTORS, checkDate, monthEnds, pooledAuc } from './support/leak-check';

const config = parseConfig({}).scoring;
const TODAY = '2026-11-23';
const f3 = (x: number) => (Number.isNaN(x) ? '  -  ' : x.toFixed(3));

function table(title: string, results: DateResult[]): void {
  console.log(`\n${title}`);
  console.log(`${'as of'.padEnd(12)}${'accounts'.padStart(9)}${'churn 90d'.padStart(10)}   ${PREDICTORS.map((p) => p.padStart(15)).join('')}`);
  for (const r of results) {
    console.log(
      `${r.asOf.padEnd(12)}${String(r.accounts).padStart(9)}${String(r.positives).padStart(10)}   ${PREDICTORS.map((p) => f3(r.auc[p]).padStart(15)).join('')}`,
    );
  }
  console.log(
    `${'pooled'.padEnd(12)}${''.padStart(9)}${String(results.reduce((a, r) => a + r.positives, 0)).padStart(10)}   ${PREDICTORS.map((p) => f3(pooledAuc(results, p)).padStart(15)).join('')}`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'bw-leak-'));
try {
  const accounts = Number(process.env.LEAK_ACCOUNTS ?? 5000);
  const db = createDb(join(dir, 'demo.db'));
  const t0 = performance.now();
  generateDemo(db, { accounts, days: 365, today: TODAY });
  console.log(`demo: ${accounts} accounts, 365 days ending ${TODAY} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  // Past month-ends whose 90-day horizon is inside the data, and with 60 days of usage before them.
  const dates = monthEnds(addDays(TODAY, -365 + 60), addDays(TODAY, -90));
  table(
    'Demo: AUC vs churn in the next 90 days (higher = better; 0.5 = random)',
    dates.map((d) => checkDate(db, d, config)),
  );
  db.$client.close();

  const shared = process.env.BELLWETHER_SHARED_DIR ?? resolve(import.meta.dirname, '../../shared');
  const data = join(shared, 'data/ravenstack');
  if (existsSync(data)) {
    const rs = createDb(join(dir, 'ravenstack.db'));
    const maps = RAVENSTACK_MAPS;
    for (const [kind, file, map] of RAVENSTACK_STEPS) {
      const r = importFile(rs, kind, join(data, `${file}.csv`), { mapping: loadMapping(join(maps, `${map}.yml`)) });
      if (!r.ok) throw new Error(r.message);
    }
    const end = rs.$client.prepare('SELECT MAX(day) FROM usage_daily').pluck().get() as string;
    const start = rs.$client.prepare('SELECT MIN(day) FROM usage_daily').pluck().get() as string;
    table(
      `RavenStack (usage ${start} … ${end}): AUC vs churn in the next 90 days`,
      monthEnds(addDays(start, 60), addDays(end, -90)).map((d) => checkDate(rs, d, config)),
    );
    rs.$client.close();
  } else {
    console.log(`\nRavenStack not found at ${data}: skipped (set BELLWETHER_SHARED_DIR)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
