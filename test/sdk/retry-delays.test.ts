// The pure parts of the retry policy: Retry-After parsing and the backoff's bounds.
import { expect, it } from 'vitest';
import { backoffMs, MAX_BACKOFF_MS, parseRetryAfter } from '../../sdk/src/retry.ts';

it('reads Retry-After as seconds or as an HTTP date', () => {
  const now = Date.parse('2026-11-20T08:00:00Z');
  expect(parseRetryAfter('0', now)).toBe(0);
  expect(parseRetryAfter('2', now)).toBe(2_000);
  expect(parseRetryAfter('Fri, 20 Nov 2026 08:00:03 GMT', now)).toBe(3_000);
  expect(parseRetryAfter('Fri, 20 Nov 2026 07:59:00 GMT', now)).toBe(0); // in the past: now
  expect(parseRetryAfter(null, now)).toBeUndefined();
  expect(parseRetryAfter('soon', now)).toBeUndefined();
});

it('backs off exponentially with full jitter, up to the cap', () => {
  for (let retry = 0; retry < 12; retry++) {
    const ceiling = Math.min(MAX_BACKOFF_MS, 300 * 2 ** retry);
    for (let i = 0; i < 50; i++) {
      const ms = backoffMs(retry, 300);
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(ceiling);
    }
  }
});
