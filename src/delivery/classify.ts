/** Stage: classify a failed call as retryable (with or without Retry-After) or permanent. */
export type Failure = { kind: 'ratelimited'; reason: string; retryAfterMs: number } | { kind: 'retry'; reason: string } | { kind: 'permanent'; reason: string };

/** Slack errors that will never succeed by retrying: fail the row with the reason, no loop. */
export const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'user_not_found',
  'users_not_found',
  'account_inactive',
  'invalid_blocks',
  'invalid_blocks_format',
  'is_archived',
  'channel_is_archived',
  'msg_too_long',
  'no_text',
  'too_many_attachments',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'cannot_dm_bot',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'restricted_action',
  'invalid_arguments',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'not_allowed_token_type',
  'team_access_not_granted',
]);

/** Slack errors worth retrying with backoff. Unknown platform errors are treated as permanent (never loop). */
export const RETRYABLE_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);

export function classifyError(e: unknown): Failure {
  const err = e as { code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number; headers?: Record<string, string>; message?: string };
  switch (err?.code) {
    case 'slack_webapi_rate_limited_error':
      return { kind: 'ratelimited', reason: 'ratelimited', retryAfterMs: Math.max(0, Number(err.retryAfter ?? 1)) * 1000 };
    case 'slack_webapi_platform_error': {
      const code = err.data?.error ?? 'unknown_error';
      if (code === 'ratelimited') return { kind: 'ratelimited', reason: code, retryAfterMs: 1000 };
      if (RETRYABLE_ERRORS.has(code)) return { kind: 'retry', reason: code };
      return { kind: 'permanent', reason: PERMANENT_ERRORS.has(code) ? code : `${code} (not retryable)` };
    }
    case 'slack_webapi_http_error': {
      const status = Number(err.statusCode);
      if (status === 429) {
        const ra = Number(err.headers?.['retry-after'] ?? 1);
        return { kind: 'ratelimited', reason: 'HTTP 429', retryAfterMs: (Number.isFinite(ra) ? ra : 1) * 1000 };
      }
      if (status >= 500 || status === 408) return { kind: 'retry', reason: `HTTP ${status}` };
      return { kind: 'permanent', reason: `HTTP ${status}` };
    }
    case 'slack_webapi_request_error':
      return { kind: 'retry', reason: `network: ${err.message ?? 'request failed'}` };
    case 'slack_webapi_file_upload_invalid_args_error':
    case 'slack_webapi_file_upload_read_file_data_error':
    case 'ENOENT':
      return { kind: 'permanent', reason: err.message ?? String(err.code) };
    default:
      return { kind: 'retry', reason: err?.message ?? String(e) };
  }
}

/** Exponential backoff with equal jitter: half fixed, half random, capped. attempt counts from 1. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/**
 * The call got no HTTP answer at all (timeout, connection reset): the request may still be on its way to Slack and
 * land later, so a check for it must wait until it surely has (or never will).
 */
export function noAnswer(e: unknown): boolean {
  return (e as { code?: string })?.code === 'slack_webapi_request_error';
}
