import { TEAM_ROLES } from '../../../db/schema';
import { type KindSpec, v } from '../kind';

/** People for routing: CSMs, managers, VPs, admins. Keyed by email; the Slack id is optional. */
export const teamKind: KindSpec = {
  kind: 'team',
  noun: 'team member',
  table: 'team_members',
  key: ['email'],
  updatedAt: true,
  requiredOnInsert: ['name', 'role'],
  fields: {
    email: { type: 'email', column: 'email', required: true, schema: v.email() },
    name: { type: 'text', column: 'name', schema: v.text().min(1) },
    slack_id: {
      type: 'text',
      column: 'slack_id',
      nullable: true,
      aliases: ['slack_user_id'],
      schema: v.text().regex(/^[UW][A-Z0-9]{2,}$/, 'is not a Slack user id (like U012ABCDEF)'),
    },
    role: { type: 'enum', column: 'role', schema: v.oneOf(TEAM_ROLES) },
    manager_email: { type: 'email', column: 'manager_email', nullable: true, aliases: ['manager'], schema: v.email() },
    timezone: {
      type: 'text',
      column: 'timezone',
      nullable: true,
      aliases: ['tz'],
      schema: v.text().refine(isTimeZone, 'is not an IANA time zone such as Europe/Berlin'),
    },
    is_restricted: { type: 'bool', column: 'is_restricted', aliases: ['restricted'], schema: v.bool() },
  },
};

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Reporting-line cycles (A manages B manages A; A manages A) in the manager graph after an import:
 * `managerOf` is every member's manager (stored ones overlaid with the file's), and only cycles
 * through a member in `touched` (the file's rows) are returned, each starting at the first touched
 * member in `touched` order and listed in reporting order.
 */
export function managerCycles(managerOf: ReadonlyMap<string, string | null>, touched: readonly string[]): string[][] {
  const done = new Set<string>();
  const cycles: string[][] = [];
  const first = new Map(touched.map((e, i) => [e, i]));
  for (const start of touched) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let at: string | null | undefined = start;
    while (at && !done.has(at) && !onPath.has(at)) {
      onPath.set(at, path.length);
      path.push(at);
      at = managerOf.get(at);
    }
    if (at && onPath.has(at)) {
      const cycle = path.slice(onPath.get(at));
      // Start at the member the file lists first, so the message lands on that row.
      const lead = cycle.reduce((best, e, i) => ((first.get(e) ?? Infinity) < (first.get(cycle[best]) ?? Infinity) ? i : best), 0);
      cycles.push([...cycle.slice(lead), ...cycle.slice(0, lead)]);
    }
    for (const e of path) done.add(e);
  }
  return cycles;
}
