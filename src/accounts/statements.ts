/**
 * Kept only for modules another branch owns this round (src/slack/**, src/book/**), which still import `stmt`
 * from here; the cache itself lives in db/statement-cache.ts. Delete once they import the stores instead.
 */
export { stmt } from '../../db/statement-cache';
