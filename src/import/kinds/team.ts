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
