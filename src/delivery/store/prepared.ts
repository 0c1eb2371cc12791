/** Drizzle prepared queries, built once per connection and name (the hot path's statements): db/statement-cache.ts. */
export { prepared } from '../../../db/statement-cache';
