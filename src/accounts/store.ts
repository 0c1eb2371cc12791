/**
 * The accounts store: outside the measured hot paths (scoring features, the book read model) the only code
 * naming accounts, and the accounts version in table_versions. Row types from db/schema; reads on per-click and
 * per-alert paths are drizzle prepared queries built once per connection.
 */
import { and, asc, count, eq, getTableColumns, isNotNull, max, ne, notExists, or, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { accountHistory, accounts, revenueEvents, tableVersions, teamMembers } from '../../db/schema';
import { prepared, stmt } from '../../db/statement-cache';

export type AccountRow = typeof accounts.$inferSelect;

/** One account, every column; undefined when the id is unknown. */
export function accountById(db: Db, id: string): AccountRow | undefined {
  return prepared(db, 'accounts.byId', () =>
    db
      .select()
      .from(accounts)
      .where(eq(accounts.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id });
}

/** An account with its owner's team name and Slack id (the card's header). */
export interface AccountWithOwner {
  account: AccountRow;
  ownerName: string | null;
  ownerTeamSlackId: string | null;
}

export function accountWithOwner(db: Db, id: string): AccountWithOwner | undefined {
  return prepared(db, 'accounts.withOwner', () =>
    db
      .select({ account: accounts, ownerName: teamMembers.name, ownerTeamSlackId: teamMembers.slackId })
      .from(accounts)
      .leftJoin(teamMembers, eq(teamMembers.email, accounts.ownerEmail))
      .where(eq(accounts.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id });
}

/** Every segment some account has (case as imported), sorted. */
export function knownSegments(db: Db): string[] {
  return db
    .selectDistinct({ segment: accounts.segment })
    .from(accounts)
    .where(and(isNotNull(accounts.segment), ne(accounts.segment, '')))
    .orderBy(asc(accounts.segment))
    .all()
    .map((r) => r.segment as string);
}

/** Id, name and ARR of every account (the name index). */
export function accountNames(db: Db): { id: string; name: string; arr: number }[] {
  return db.select({ id: accounts.id, name: accounts.name, arr: accounts.arr }).from(accounts).all();
}

/** The accounts version (bumped by triggers on insert, delete and a change of id, name or arr); -1 without one. */
export function accountsVersion(db: Db): number {
  return (
    prepared(db, 'accounts.version', () =>
      db.select({ version: tableVersions.version }).from(tableVersions).where(eq(tableVersions.name, 'accounts')).prepare(),
    ).get()?.version ?? -1
  );
}

/** max(rowid), an O(1) probe for inserts, and the account count (which also catches deletes). */
export function accountsMaxRowid(db: Db): number {
  return prepared(db, 'accounts.maxRowid', () => db.select({ m: sql<number | null>`max(rowid)` }).from(accounts).prepare()).get()?.m ?? 0;
}

export function accountCount(db: Db): number {
  return prepared(db, 'accounts.count', () => db.select({ n: count() }).from(accounts).prepare()).get()?.n ?? 0;
}

/**
 * Accounts owned by an email get the owner's Slack id from the team table (cards mention the owner, alerts DM
 * them); only rows whose stored id differs are written.
 */
export function fillOwnerSlackIds(db: Db): void {
  const t = teamMembers;
  const ownerSlack = sql`(select ${t.slackId} from ${t} where ${t.email} = ${accounts.ownerEmail})`;
  db.update(accounts)
    .set({ ownerSlackId: ownerSlack })
    .where(
      and(
        isNotNull(accounts.ownerEmail),
        sql`exists (select 1 from ${t} where ${t.email} = ${accounts.ownerEmail} and ${t.slackId} is not null)`,
        sql`coalesce(${accounts.ownerSlackId}, '') != ${ownerSlack}`,
      ),
    )
    .run();
}

/** Every account with its start day (contract start, else signup), by id: the portfolio metrics' accounts. */
export function accountsWithStart(db: Db): (AccountRow & { startDay: string | null })[] {
  return db
    .select({ ...getTableColumns(accounts), startDay: sql<string | null>`coalesce(${accounts.contractStart}, ${accounts.signupDate})` })
    .from(accounts)
    .orderBy(asc(accounts.id))
    .all();
}

/**
 * Accounts marked churned with no churn revenue event, each with the last day (account_history.valid_until) it
 * was recorded as not churned — the day its lifecycle changed; null when history does not say.
 */
export function churnedWithoutChurnEvent(db: Db): { id: string; changed: string | null }[] {
  const h = accountHistory;
  return db
    .select({ id: accounts.id, changed: max(h.validUntil) })
    .from(accounts)
    .leftJoin(h, and(eq(h.accountId, accounts.id), ne(h.lifecycle, 'churned')))
    .where(
      and(
        eq(accounts.lifecycle, 'churned'),
        notExists(
          db
            .select({ one: sql`1` })
            .from(revenueEvents)
            .where(and(eq(revenueEvents.accountId, accounts.id), eq(revenueEvents.kind, 'churn'))),
        ),
      ),
    )
    .groupBy(accounts.id)
    .all();
}

/** Every account id, streamed (an import's known-accounts set; a 1M-account import reads them all, not as objects). */
export function accountIds(db: Db): IterableIterator<string> {
  return stmt(db, 'select id from accounts').pluck().iterate() as IterableIterator<string>;
}

export type AccountRef = Pick<AccountRow, 'id' | 'name'>;

/** An account's id and name, or undefined when there is no such account. */
export function accountRef(db: Db, id: string): AccountRef | undefined {
  return db.select({ id: accounts.id, name: accounts.name }).from(accounts).where(eq(accounts.id, id)).get();
}

/** The account whose id is `q`, else the one whose name is `q` ignoring (ASCII) case; undefined when neither. */
export function accountByIdOrName(db: Db, q: string): AccountRef | undefined {
  return db
    .select({ id: accounts.id, name: accounts.name })
    .from(accounts)
    .where(or(eq(accounts.id, q), sql`lower(${accounts.name}) = lower(${q})`))
    .orderBy(sql`${accounts.id} = ${q} desc`)
    .limit(1)
    .get();
}
