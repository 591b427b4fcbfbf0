// When and how long to wait before another attempt.

/** Backoff ceiling, and the default longest `Retry-After` worth waiting out (longer: give up). */
export const MAX_BACKOFF_MS = 5_000;
export const MAX_RETRY_AFTER_MS = 60_000;

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date; undefined if absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with full jitter: uniform in [0, min(cap, base · 2^retry)). */
export const backoffMs = (retry: number, baseMs: number) =>
  Math.random() * Math.min(MAX_BACKOFF_MS, baseMs * 2 ** retry);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
