import { testDb } from '../test/support/db';
import { seedOnePredictive } from '../test/validation/fixtures';
import { parseConfig } from '../src/config/load';
import { defaultDates } from '../src/validation/dates';
import { loadOutcomes } from '../src/validation/outcomes';
import { scoreDates } from '../src/validation/score-dates';
import { signalQuality } from '../src/validation/measure';
import { fitWeights, reweigh } from '../src/validation/fit';
import { byDate } from '../src/validation/measure';
import { pooledAuc } from '../src/validation/stats';
const db = testDb();
seedOnePredictive(db, { accounts: 700, churnShare: 0.45, seed: 11, start: '2024-06-01', end: '2026-05-31', churnFrom: '2025-01-15' });
const dates = defaultDates({ first: '2024-06-01', last: '2026-05-31' }, 90, 12);
const { rows } = scoreDates(db, { dates, horizonDays: 90, config: parseConfig({}), outcomes: loadOutcomes(db) });
for (const seg of ['Pro', 'Starter']) {
  const rs = rows.filter((r) => r.segment === seg);
  console.log(seg, rs.length, rs.reduce((a, r) => a + r.label, 0));
  for (const k of [0, 1, 2, 3]) console.log(' comp', k, signalQuality(rs, 'component', String(k), (r) => (r.components[k] == null ? null : -r.components[k]!)));
  for (const w of [{ usage: 0, engagement: 40, support: 20, financial: 40 }, { usage: 35, engagement: 15, support: 40, financial: 10 }, { usage: 30, engagement: 40, support: 0, financial: 30 }])
    console.log(w, pooledAuc(byDate(rs, rs.map((r) => reweigh(r, w)))));
  console.log(fitWeights(rs, { usage: 25, engagement: 15, support: 40, financial: 20 }));
}
