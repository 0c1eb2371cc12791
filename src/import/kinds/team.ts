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
  hooks(env) {
    const stored = new Set<string>();
    /** every member's manager (stored, then overlaid by the file) and the file's row per member */
    const managerOf = new Map<string, string | null>();
    const fileRows = new Map<string, number>();
    const managerRefs: { email: string; n: number }[] = [];
    return {
      begin() {
        for (const r of env.client.prepare('SELECT email, manager_email FROM team_members').raw().iterate()) {
          const [email, manager] = r as [string, string | null];
          stored.add(email);
          managerOf.set(email, manager);
        }
      },
      isNew: (key) => !stored.has(key),
      accepted(row, n) {
        const email = row.email as string;
        if (typeof row.manager_email === 'string') managerRefs.push({ email: row.manager_email, n });
        if (row.manager_email !== undefined) {
          managerOf.set(email, row.manager_email as string | null);
          if (!fileRows.has(email)) fileRows.set(email, n);
        }
        stored.add(email);
      },
      // Managers must exist (in the file or stored) and reporting lines must not loop.
      check() {
        for (const r of managerRefs) {
          if (!stored.has(r.email))
            env.problem(r.n, 'manager_email', `no team member with email ${r.email} (add the manager in this file or import them first)`);
        }
        for (const cycle of managerCycles(managerOf, [...fileRows.keys()])) {
          const chain = [...cycle, cycle[0]].join(' → ');
          env.problem(
            fileRows.get(cycle[0]) as number,
            'manager_email',
            `manager cycle: ${chain} (each person's manager chain must end with someone who has no manager)`,
          );
        }
      },
    };
  },
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
