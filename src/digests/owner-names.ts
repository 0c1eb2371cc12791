/** Owners' display names for digests that name people without mentioning them (by Slack id and by email). */
import type { Db } from '../../db';

export function ownerNames(db: Db): Map<string, string> {
  const rows = db.$client.prepare('SELECT email, name, slack_id AS slackId FROM team_members').all() as Array<{ email: string; name: string; slackId: string | null }>;
  const out = new Map<string, string>();
  for (const r of rows) {
    if (!r.name) continue;
    out.set(r.email, r.name);
    if (r.slackId) out.set(r.slackId, r.name);
  }
  return out;
}
