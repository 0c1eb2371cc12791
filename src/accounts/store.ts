/** The accounts store: reads of the accounts table that Slack listeners and commands need (row types from db/schema). */
import { eq, or, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { accounts } from '../../db/schema';

export type AccountRef = Pick<typeof accounts.$inferSelect, 'id' | 'name'>;

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
