import { describe, expect, it } from 'vitest';
import { saveOutreach } from '../../src/outreach/save-outreach';
import { validateOutreach } from '../../src/outreach/validate-outreach';
import { testDb } from '../support/db';
import { addAccount } from '../slack/support/seed';

const today = '2026-11-20';

describe('validateOutreach', () => {
  it('accepts a complete entry and trims it', () => {
    expect(validateOutreach({ type: 'qbr', notes: '  went well ', outcome: '', nextStepOn: '2026-11-20' }, today)).toEqual({
      ok: true,
      value: { type: 'qbr', notes: 'went well', outcome: null, nextStepOn: '2026-11-20' },
    });
  });
  it('names every bad field', () => {
    const r = validateOutreach({ type: 'pigeon', notes: 'x'.repeat(3001), nextStepOn: '2026-11-19' }, today);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['nextStep', 'notes', 'type']);
    const r2 = validateOutreach({ type: null, nextStepOn: '2026-13-45' }, today);
    if (!r2.ok)
      expect(r2.errors).toMatchObject({
        type: expect.any(String),
        nextStep: expect.stringContaining('date'),
        notes: expect.stringContaining('notes or an outcome'),
      });
  });
});

describe('saveOutreach', () => {
  it('stores the row with who and when', () => {
    const db = testDb();
    addAccount(db, { id: 'a', name: 'A' });
    const { id } = saveOutreach(db, {
      type: 'call',
      notes: 'n',
      outcome: null,
      nextStepOn: null,
      accountId: 'a',
      loggedBy: 'U1',
      occurredAt: new Date('2026-11-20T10:00:00Z'),
    });
    expect(db.$client.prepare('select * from outreach where id = ?').get(id)).toMatchObject({
      account_id: 'a',
      type: 'call',
      logged_by: 'U1',
      occurred_at: '2026-11-20T10:00:00.000Z',
    });
  });
});
