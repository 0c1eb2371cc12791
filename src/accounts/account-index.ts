import type { Db } from '../../db';
import { accountCount, accountNames, accountsMaxRowid, accountsVersion } from './store';
import { AccountNameIndex, type IndexedAccount, type LookupResult } from './name-index';

/** How often (ms) to look for in-process account changes that SQLite's data_version cannot see. */
const COUNT_CHECK_MS = 30_000;

/**
 * Holds the current name index for a database and rebuilds it when accounts change: at once when
 * another connection (an import run by the CLI) commits, and within 30 s for writes on this
 * connection; a miss also re-checks before answering "not found". `refresh()` forces a rebuild.
 */
export class AccountIndex {
  private index: AccountNameIndex | null = null;
  private dataVersion = -1;
  private version = -1;
  private fingerprint = '';
  private checkedAt = 0;

  constructor(private readonly db: Db) {}

  current(): AccountNameIndex {
    const dv = this.db.$client.pragma('data_version', { simple: true }) as number;
    if (!this.index) return this.rebuild(dv);
    if (dv !== this.dataVersion) {
      // Another connection committed: background jobs do so constantly without touching accounts, so
      // rebuild only when the accounts version (bumped by triggers, migration 0004) moved.
      if (this.readVersion() !== this.version) return this.rebuild(dv);
      this.dataVersion = dv;
    }
    if (Date.now() - this.checkedAt > COUNT_CHECK_MS) {
      this.checkedAt = Date.now();
      if (this.readFingerprint(true) !== this.fingerprint) return this.rebuild(dv);
    }
    return this.index;
  }

  /** accounts in the current index (0 before the first build) */
  size(): number {
    return this.index?.size ?? 0;
  }

  refresh(): AccountNameIndex {
    return this.rebuild(this.db.$client.pragma('data_version', { simple: true }) as number);
  }

  lookup(query: string): LookupResult {
    const res = this.current().lookup(query);
    if (res.kind === 'not_found' && this.readFingerprint(false) !== this.fingerprint.split('|')[0]) {
      return this.refresh().lookup(query);
    }
    return res;
  }

  private readVersion(): number {
    return accountsVersion(this.db);
  }

  private rebuild(dv: number): AccountNameIndex {
    this.version = this.readVersion();
    const rows: IndexedAccount[] = accountNames(this.db);
    this.index = new AccountNameIndex(rows);
    this.dataVersion = dv;
    this.fingerprint = this.readFingerprint(true);
    this.checkedAt = Date.now();
    return this.index;
  }

  /** max(rowid) is an O(1) probe for inserts; count(*) also catches deletes. */
  private readFingerprint(withCount: boolean): string {
    const max = accountsMaxRowid(this.db);
    if (!withCount) return String(max);
    return `${max}|${accountCount(this.db)}`;
  }
}
