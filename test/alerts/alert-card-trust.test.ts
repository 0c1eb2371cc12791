/** The account card inside an alert DM says what the backtest says about its tier, for the live scoring config only. */
import { describe, expect, it } from 'vitest';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import { scoringFingerprint } from '../../src/config/fingerprint';
import { loadPlaybooks } from '../../src/playbooks/load';
import { saveBacktestRun } from '../../src/validation/store';
import { testDb } from '../support/db';
import { backtestWithTiers } from '../validation/fixtures';
import { outboxRows, seedAccount, seedScore, seedTeam, testConfig } from './fixtures';

const NOW = new Date('2026-11-23T10:00:00Z');
const config = testConfig();

/** A saved backtest whose At-Risk tier churned 18% (45 of 250 account-dates). */
const backtest = () =>
  backtestWithTiers([
    { tier: 'Healthy', rows: 900, churners: 18, rate: 0.02 },
    { tier: 'At-Risk', rows: 250, churners: 45, rate: 0.18 },
  ]);

function alertDmText(fingerprint: string): string {
  const db = testDb();
  seedTeam(db);
  seedAccount(db, 'acme', { name: 'Acme' });
  seedScore(db, 'acme', '2026-11-22', 40); // At-Risk → a high group, DMs to owner and manager
  saveBacktestRun(db, backtest(), '2026-11-20T08:00:00Z', fingerprint);
  evaluateAlerts(db, { config, playbooks: loadPlaybooks('playbooks'), now: NOW });
  const dms = outboxRows(db, "method = 'chat.postMessage'");
  expect(dms.length).toBeGreaterThan(0);
  return JSON.stringify(dms[0].args.blocks);
}

describe('alert DM card trust line', () => {
  it("quotes the tier's historical churn rate from a backtest of the live scoring config", () => {
    expect(alertDmText(scoringFingerprint(config.scoring))).toContain('At-Risk accounts churned 18% within 90 days in your history');
  });

  it('says nothing of a backtest scored with another config', () => {
    expect(alertDmText('another-config')).not.toContain('in your history');
  });
});
