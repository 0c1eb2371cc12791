import { type Db, createDb } from '../../db';

/** A fresh in-memory database with the real committed migrations applied. */
export function testDb(): Db {
  return createDb(':memory:');
}
