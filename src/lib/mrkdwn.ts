/**
 * Escape a user-supplied string for Slack mrkdwn. &, < and > are the only control characters:
 * they form <!channel>, <@U…> and <url|label>. Emphasis characters (*, _, ~) cannot ping or
 * forge links, so they are left alone.
 */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Truncate to a Block Kit limit, marking the cut with an ellipsis. */
export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}
