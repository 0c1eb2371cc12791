import { bookListBlocks, type ListOwners } from '../../../blocks/book-list';
import { helpBlocks } from '../../../blocks/help';
import { unknownSegmentBlocks } from '../../../blocks/lookup-answers';
import type { MessagePayload } from '../../../blocks/types';
import { bookSummary, type BookFilter, type FilterOptions, filterBook, loadBook } from '../../book/read-model';
import { scopeForUser } from '../../book/scope';
import { closestSegments, knownSegments, matchSegment } from '../../accounts/segments';
import { churnLikelihoods } from '../../domain/churn-likelihood';
import { todayIn } from '../../lib/dates';
import { validationFor } from '../../validation/store';
import type { SlackDeps } from '../deps';
import { leadOf } from '../team-home';

/** Which list a list-sort button re-answers, and in which order. */
export interface ListRequest {
  list: 'mine' | 'at_risk' | 'renewals';
  segment?: string;
  days?: number;
  sort?: 'expected' | 'score';
}

export function parseListRequest(raw: unknown): ListRequest | null {
  try {
    const v = JSON.parse(String(raw)) as Partial<ListRequest>;
    if (v.list !== 'mine' && v.list !== 'at_risk' && v.list !== 'renewals') return null;
    return {
      list: v.list,
      ...(typeof v.segment === 'string' && v.segment.length <= 60 ? { segment: v.segment } : {}),
      ...(Number.isInteger(v.days) && (v.days as number) >= 1 && (v.days as number) <= 730 ? { days: v.days } : {}),
      ...(v.sort === 'expected' || v.sort === 'score' ? { sort: v.sort } : {}),
    };
  } catch {
    return null;
  }
}

function book(deps: SlackDeps, userId: string) {
  const today = todayIn(deps.config.timezone, deps.clock());
  const { scope, label, caller } = scopeForUser(deps.db, userId, deps.config.slack.admins);
  return { today, scope, label, caller, multiOwner: leadOf(caller, scope) !== null, rows: loadBook(deps.db, scope, today) };
}

/**
 * A list in its order: a list showing more than one owner (a manager's, the VP's) by expected ARR at risk unless
 * asked for score order, with the toggle to the other; a CSM's in the filter's own order.
 */
function list(
  deps: SlackDeps,
  b: ReturnType<typeof book>,
  req: ListRequest,
  filter: BookFilter,
  opts: FilterOptions,
  title: string,
  empty: string,
): MessagePayload {
  if (!b.multiOwner) return bookListBlocks(title, filterBook(b.rows, filter, b.today, opts), b.today, empty);
  const sort = req.sort ?? 'expected';
  const expectedRisk = sort === 'expected' ? churnLikelihoods(validationFor(deps.db, deps.config.scoring), deps.config.churnLikelihood) : undefined;
  const owners: ListOwners = { sort, toggle: JSON.stringify({ ...req, sort: sort === 'expected' ? 'score' : 'expected' }) };
  return bookListBlocks(title, filterBook(b.rows, filter, b.today, { ...opts, expectedRisk }), b.today, empty, owners);
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

export function mineAnswer(deps: SlackDeps, userId: string, sort?: ListRequest['sort']): MessagePayload {
  const b = book(deps, userId);
  const title = b.multiOwner ? b.label : `${b.label}, riskiest first`;
  return list(deps, b, { list: 'mine', sort }, 'all', {}, title, 'No accounts are assigned to you yet.');
}

export function atRiskAnswer(deps: SlackDeps, userId: string, asked?: string, sort?: ListRequest['sort']): MessagePayload {
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
  return list(deps, b, { list: 'at_risk', segment, sort }, 'at_risk', { segment }, title, 'Nothing At-Risk or Critical. :tada:');
}

export function renewalsAnswer(deps: SlackDeps, userId: string, days: number, sort?: ListRequest['sort']): MessagePayload {
  const b = book(deps, userId);
  const title = `Renewals in the next ${days} days · ${b.label.toLowerCase()}`;
  return list(deps, b, { list: 'renewals', days, sort }, 'renewals_90', { renewalDays: days }, title, 'No renewals in that window.');
}

/** A list-sort click: the same list, re-read, in the asked order. */
export function listAnswer(deps: SlackDeps, userId: string, req: ListRequest): MessagePayload {
  if (req.list === 'mine') return mineAnswer(deps, userId, req.sort);
  if (req.list === 'at_risk') return atRiskAnswer(deps, userId, req.segment, req.sort);
  return renewalsAnswer(deps, userId, req.days ?? 90, req.sort);
}
