import { bookListBlocks } from '../../../blocks/book-list';
import { helpBlocks } from '../../../blocks/help';
import { unknownSegmentBlocks } from '../../../blocks/lookup-answers';
import type { MessagePayload } from '../../../blocks/types';
import { bookSummary, filterBook, loadBook, } from '../../book/read-model';
import { scopeForUser } from '../../book/scope';
import { closestSegments, knownSegments, matchSegment } from '../../accounts/segments';
import { todayIn } from '../../lib/dates';
import type { SlackDeps } from '../deps';

function book(deps: SlackDeps, userId: string) {
  const today = todayIn(deps.config.timezone, deps.clock());
  const { scope, label, caller } = scopeForUser(deps.db, userId, deps.config.slack.admins);
  return { today, scope, label, caller, rows: loadBook(deps.db, scope, today) };
}

/** `/health` alone: help plus the caller's book summary. */
export function overviewAnswer(deps: SlackDeps, userId: string, note?: string): MessagePayload {
  const today = todayIn(deps.config.timezone, deps.clock());
  const { scope, label } = scopeForUser(deps.db, userId, deps.config.slack.admins);
  return helpBlocks({ label, summary: bookSummary(deps.db, scope, today) }, note);
}

export function helpAnswer(): MessagePayload {
  return helpBlocks(null);
}

export function mineAnswer(deps: SlackDeps, userId: string): MessagePayload {
  const b = book(deps, userId);
  return bookListBlocks(`${b.label}, riskiest first`, filterBook(b.rows, 'all', b.today), b.today, 'No accounts are assigned to you yet.');
}

export function atRiskAnswer(deps: SlackDeps, userId: string, asked?: string): MessagePayload {
  let segment: string | undefined;
  if (asked) {
    // A typo must not read as "nothing at risk": only a segment some account has can be empty.
    const known = knownSegments(deps.db);
    const hit = matchSegment(known, asked);
    if (!hit) return unknownSegmentBlocks(asked, closestSegments(known, asked));
    segment = hit;
  }
  const b = book(deps, userId);
  const title = `At-risk accounts${segment ? ` in ${segment}` : ''} · ${b.label.toLowerCase()}`;
  return bookListBlocks(title, filterBook(b.rows, 'at_risk', b.today, { segment }), b.today, 'Nothing At-Risk or Critical. :tada:');
}

export function renewalsAnswer(deps: SlackDeps, userId: string, days: number): MessagePayload {
  const b = book(deps, userId);
  const title = `Renewals in the next ${days} days · ${b.label.toLowerCase()}`;
  return bookListBlocks(title, filterBook(b.rows, 'renewals_90', b.today, { renewalDays: days }), b.today, 'No renewals in that window.');
}
