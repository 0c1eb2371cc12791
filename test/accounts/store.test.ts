import { describe, expect, it } from 'vitest';
import { accountByIdOrName, accountRef } from '../../src/accounts/store';
import { addAccount } from '../slack/support/seed';
import { testDb } from '../support/db';

describe('accounts store', () => {
  it('accountRef: id and name of an account, undefined for an unknown id', () => {
    const db = testDb();
    addAccount(db, { id: 'acme-corp', name: 'Acme Corp' });
    expect(accountRef(db, 'acme-corp')).toEqual({ id: 'acme-corp', name: 'Acme Corp' });
    expect(accountRef(db, 'Acme Corp')).toBeUndefined();
  });

  it('accountByIdOrName: an exact id wins over another account named like it; names match ignoring case', () => {
    const db = testDb();
    addAccount(db, { id: 'acme-corp', name: 'Acme Corp' });
    addAccount(db, { id: 'zz-1', name: 'acme-corp' }); // named like the other's id
    expect(accountByIdOrName(db, 'acme-corp')).toEqual({ id: 'acme-corp', name: 'Acme Corp' });
    expect(accountByIdOrName(db, 'ACME CORP')).toEqual({ id: 'acme-corp', name: 'Acme Corp' });
    expect(accountByIdOrName(db, 'zz-1')).toEqual({ id: 'zz-1', name: 'acme-corp' });
    expect(accountByIdOrName(db, 'Acme')).toBeUndefined();
  });
});
