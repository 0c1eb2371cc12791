import { describe, expect, it } from 'vitest';
import { backoffMs, classifyError } from '../../src/delivery/classify';

const platform = (error: string) => ({ code: 'slack_webapi_platform_error', data: { ok: false, error } });

describe('classifyError', () => {
  it.each([
    [
      { code: 'slack_webapi_rate_limited_error', retryAfter: 7 },
      { kind: 'ratelimited', retryAfterMs: 7000 },
    ],
    [
      { code: 'slack_webapi_http_error', statusCode: 429, headers: { 'retry-after': '2' } },
      { kind: 'ratelimited', retryAfterMs: 2000 },
    ],
    [
      { code: 'slack_webapi_http_error', statusCode: 503 },
      { kind: 'retry', reason: 'HTTP 503' },
    ],
    [
      { code: 'slack_webapi_http_error', statusCode: 400 },
      { kind: 'permanent', reason: 'HTTP 400' },
    ],
    [{ code: 'slack_webapi_request_error', message: 'ECONNRESET' }, { kind: 'retry' }],
    [platform('channel_not_found'), { kind: 'permanent', reason: 'channel_not_found' }],
    [platform('invalid_blocks'), { kind: 'permanent', reason: 'invalid_blocks' }],
    [platform('internal_error'), { kind: 'retry', reason: 'internal_error' }],
    [platform('something_new'), { kind: 'permanent', reason: 'something_new (not retryable)' }],
    [Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }), { kind: 'permanent' }],
  ])('%j → %j', (err, expected) => {
    expect(classifyError(err)).toMatchObject(expected);
  });
});

describe('backoffMs', () => {
  it('doubles per attempt, jitters within the upper half, and caps', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, 1000, 60_000, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((a) => backoffMs(a, 1000, 60_000, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffMs(30, 1000, 60_000, () => 1)).toBe(60_000);
  });
});
