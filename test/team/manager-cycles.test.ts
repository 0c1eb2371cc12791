import { describe, expect, it } from 'vitest';
import { type ImportFailure, importFile } from '../../src/import';
import { managerChain } from '../../src/team/permissions';
import { testDb } from '../support/db';
import { NOW, dump, tempFiles } from '../import/helpers';

const HEAD = 'email,name,role,manager_email\n';

/** A database holding a VP, a manager reporting to her and a CSM reporting to him. */
function seeded() {
  const db = testDb();
  const f = tempFiles();
  const r = importFile(db, 'team', f.write('seed.csv', `${HEAD}vp@x.io,Vee,vp,\nmgr@x.io,Em,manager,vp@x.io\ncsm@x.io,Cee,csm,mgr@x.io\n`), { now: NOW });
  if (!r.ok) throw new Error(r.message);
  return { db, f };
}

function rejects(csv: string): ImportFailure {
  const { db, f } = seeded();
  const before = dump(db);
  const out = importFile(db, 'team', f.write('t.csv', csv), { now: NOW });
  expect(out.ok).toBe(false);
  expect(dump(db)).toBe(before);
  return out as ImportFailure;
}

const HINT = "(each person's manager chain must end with someone who has no manager)";

describe('team import: manager cycles are rejected naming the people, nothing written', () => {
  it('A manages B manages A in one file', () => {
    const r = rejects(`${HEAD}a@x.io,A,manager,b@x.io\nb@x.io,B,manager,a@x.io\n`);
    expect(r.problems).toEqual([{ where: 'row 1', n: 1, column: 'manager_email', message: `manager cycle: a@x.io → b@x.io → a@x.io ${HINT}` }]);
  });

  it('someone who is their own manager', () => {
    const r = rejects(`${HEAD}a@x.io,A,manager,vp@x.io\nb@x.io,B,csm,b@x.io\n`);
    expect(r.problems).toEqual([{ where: 'row 2', n: 2, column: 'manager_email', message: `manager cycle: b@x.io → b@x.io ${HINT}` }]);
  });

  it('a longer cycle, reported once', () => {
    const r = rejects(`${HEAD}a@x.io,A,csm,b@x.io\nb@x.io,B,manager,c@x.io\nc@x.io,C,manager,d@x.io\nd@x.io,D,vp,a@x.io\n`);
    expect(r.problemCount).toBe(1);
    expect(r.message).toContain(`row 1, column "manager_email": manager cycle: a@x.io → b@x.io → c@x.io → d@x.io → a@x.io`);
  });

  it('a cycle closed through people already in the database', () => {
    // Stored: csm -> mgr -> vp. The file puts the VP under the CSM.
    const r = rejects(`${HEAD}vp@x.io,Vee,vp,csm@x.io\n`);
    expect(r.problems).toEqual([{ where: 'row 1', n: 1, column: 'manager_email', message: `manager cycle: vp@x.io → csm@x.io → mgr@x.io → vp@x.io ${HINT}` }]);
  });

  it('the manager column under another name is the column named', () => {
    const r = rejects('email,name,role,manager\na@x.io,A,manager,b@x.io\nb@x.io,B,manager,a@x.io\n');
    expect(r.message).toContain('row 1, column "manager": manager cycle: a@x.io → b@x.io → a@x.io');
  });

  it('a file that re-points a stored chain without a cycle is accepted (the file overrides stored managers)', () => {
    const { db, f } = seeded();
    // The VP now reports to a new CEO-level vp, and the manager to nobody: no cycle.
    const r = importFile(db, 'team', f.write('t.csv', `${HEAD}boss@x.io,Boss,vp,\nvp@x.io,Vee,vp,boss@x.io\nmgr@x.io,Em,manager,\n`), { now: NOW });
    expect(r.ok).toBe(true);
    expect(managerChain(db, 'csm@x.io')).toEqual(['mgr@x.io']);
    expect(managerChain(db, 'vp@x.io')).toEqual(['boss@x.io']);
  });
});
