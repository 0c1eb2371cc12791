/**
 * The team view's read side for Slack: which rollup a lead (manager, VP, admin) sees, the drill-down states and
 * who may open what. Numbers come from the team rollup read model (src/book/team.ts); the blocks only render.
 */
import type { Db } from '../../db';
import { type HomeState, homeStateValue } from '../../blocks/home';
import type { TeamHomeModel, TeamMessageModel, TeamRowModel } from '../../blocks/team-home';
import { TOP_AT_RISK } from '../../blocks/team-home';
import { type BookScope, scopeOfMember, scopeOfTeam } from '../book/scope';
import { orgRollup, type RollupOptions, type TeamRollup, type TeamRow, teamRollup, memberRow, type AtRiskAccount } from '../book/team';
import type { Caller } from '../team/permissions';
import { memberByEmail } from '../team/store';

/** A caller who sees a team view: a manager (their team) or anyone whose book is everything (VP, admins). */
export type Lead = { kind: 'org' } | { kind: 'manager'; email: string };

export function leadOf(caller: Caller | null, scope: BookScope): Lead | null {
  if (scope.kind === 'all') return { kind: 'org' };
  if (caller?.role === 'manager') return { kind: 'manager', email: caller.email };
  return null;
}

/** May this lead look inside `email`'s book or team? The VP everyone's; a manager their team's (at any depth). */
export function leadMayOpen(lead: Lead, scope: BookScope, email: string): boolean {
  if (lead.kind === 'org') return true;
  return scope.kind === 'owners' && (scope.emails.includes(email) || scope.slackIds.includes(email));
}

/** An owner's book: a team member's (email or Slack id), else the accounts naming that owner key. */
export function ownerScope(db: Db, key: string): { scope: BookScope; name: string } {
  const m = memberByEmail(db, key);
  if (m) return { scope: scopeOfMember(db, key), name: m.name };
  return { scope: { kind: 'owners', emails: [key], slackIds: [key] }, name: key };
}

function rowModel(r: TeamRow, from: HomeState): TeamRowModel {
  const open =
    r.key === ''
      ? undefined
      : r.kind === 'manager'
        ? homeStateValue({ view: 'team', manager: r.key, filter: 'all', page: 0 })
        : homeStateValue({ filter: 'all', page: 0, owner: r.key, ...(from.manager ? { manager: from.manager } : {}) });
  return { ...r, open };
}

/** The rollup a lead's team view shows: the manager's CSMs, or (VP) the managers, or a manager's CSMs when drilled in. */
function rollupFor(
  db: Db,
  lead: Lead,
  manager: string | undefined,
  asOf: string,
  opts: RollupOptions & { top?: number },
): { rollup: TeamRollup; title: string; top?: AtRiskAccount[] } {
  if (lead.kind === 'manager' && (!manager || manager === lead.email)) return { rollup: teamRollup(db, lead.email, asOf, opts), title: 'Your team' };
  if (manager) return { rollup: teamRollup(db, manager, asOf, opts), title: `${memberByEmail(db, manager)?.name ?? manager}'s team` };
  const org = orgRollup(db, asOf, opts);
  return { rollup: org, title: 'Your organisation', top: org.top };
}

export function teamHomeModel(db: Db, lead: Lead, manager: string | undefined, asOf: string, opts: RollupOptions & { noTouchDays: number }): TeamHomeModel {
  const drilled = lead.kind === 'org' && manager !== undefined;
  const state: HomeState = { view: 'team', filter: 'all', page: 0, ...(drilled ? { manager } : {}) };
  const { rollup, title, top } = rollupFor(db, lead, drilled ? manager : undefined, asOf, { ...opts, top: TOP_AT_RISK });
  return {
    title,
    today: asOf,
    noTouchDays: opts.noTouchDays,
    total: rollup.total,
    rows: rollup.rows.map((r) => rowModel(r, state)),
    topAtRisk: top,
    allAccounts: homeStateValue({ filter: 'all', page: 0, ...(drilled ? { manager } : {}) }),
    back: drilled ? homeStateValue({ view: 'team', filter: 'all', page: 0 }) : undefined,
    state: homeStateValue(state),
  };
}

/** The account list a lead's non-team state shows: one owner's book, a manager's team's, or the lead's whole scope. */
export function leadBook(
  db: Db,
  lead: Lead,
  own: { scope: BookScope; label: string },
  state: HomeState,
): { scope: BookScope; label: string; multiOwner: boolean; back: string } {
  const back = homeStateValue({ view: 'team', filter: 'all', page: 0, ...(state.manager && lead.kind === 'org' ? { manager: state.manager } : {}) });
  if (state.owner) {
    const o = ownerScope(db, state.owner);
    return { scope: o.scope, label: `${o.name}'s accounts`, multiOwner: false, back };
  }
  if (state.manager && lead.kind === 'org') {
    return {
      scope: scopeOfTeam(db, state.manager),
      label: `${memberByEmail(db, state.manager)?.name ?? state.manager}'s team's accounts`,
      multiOwner: true,
      back,
    };
  }
  return { ...own, multiOwner: true, back };
}

/** `/health team`: the caller's team as a message model, or null when they have no team (unmapped). */
export function teamMessageModel(
  db: Db,
  caller: Caller | null,
  lead: Lead | null,
  asOf: string,
  opts: RollupOptions & { noTouchDays: number },
): TeamMessageModel | null {
  if (lead) {
    const { rollup, title } = rollupFor(db, lead, undefined, asOf, opts);
    return { title, today: asOf, noTouchDays: opts.noTouchDays, total: rollup.total, rows: rollup.rows };
  }
  if (!caller) return null;
  const m = memberByEmail(db, caller.email);
  if (!m) return null;
  const row = memberRow(db, m, asOf, opts);
  return { title: 'Your row of the team view', today: asOf, noTouchDays: opts.noTouchDays, total: row, rows: [row] };
}
