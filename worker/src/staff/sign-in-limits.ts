// Per-number limits on staff sign-in, counted in D1 so that they hold across isolates and
// locations: how often an SMS code (to sign in, or to set a password) may be sent to a mobile, and
// how many wrong passwords lock a mobile's password sign-in. Each is a ledger of marker rows in
// staff_verifications under identifiers better-auth never reads (its own code rows are deleted
// when a code is tried, so they cannot be what is counted), purged daily with the rest. The same
// for every number, staff or not: the limits tell nobody who is staff or has a password. A code
// used rightly clears the number's count: the limits are against those who cannot read its SMS.
import { HttpError } from '../errors.ts';

/** [window in ms, codes allowed in it]: one a minute, five an hour, ten a day. */
export const SIGN_IN_CODE_LIMITS: readonly (readonly [number, number])[] = [[60_000, 1], [3_600_000, 5], [86_400_000, 10]];
/** Wrong passwords for one mobile within PASSWORD_LOCK_MS that lock its password sign-in. */
export const PASSWORD_FAILURES_ALLOWED = 5;
export const PASSWORD_LOCK_MS = 15 * 60_000;

/** The ledger of SMS codes sent to a mobile, sign-in and password codes alike. */
export const signInCodeIdentifier = (mobile: string) => `staff-code-sent-${mobile}`;
/** The ledger of password attempts for a mobile that have not succeeded. */
export const passwordFailureIdentifier = (mobile: string) => `staff-password-failed-${mobile}`;

const DAY_MS = 86_400_000;

/** When the entries of `identifier` were made, newest first, back to `since`. */
async function entriesSince(d1: D1Database, identifier: string, since: number, limit: number): Promise<number[]> {
  const { results } = await d1.prepare(`SELECT created_at AS at FROM staff_verifications
    WHERE identifier = ? AND created_at > ? ORDER BY created_at DESC LIMIT ?`).bind(identifier, since, limit).all<{ at: number }>();
  return results.map((r) => r.at);
}

const tooMany = (message: string, retryAfterMs: number) => new HttpError(429, 'rate_limited', message, undefined,
  { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) });

/**
 * Counts a code for `mobile`, or refuses (429, with Retry-After) one beyond the limits. Checking
 * every window and counting are one statement, so codes asked for at once cannot pass together.
 */
export async function takeSignInCode(d1: D1Database, mobile: string, now = Date.now()): Promise<void> {
  const identifier = signInCodeIdentifier(mobile);
  const windows = SIGN_IN_CODE_LIMITS.map(() => '(SELECT count(*) FROM staff_verifications WHERE identifier = ?2 AND created_at > ?) < ?');
  const { meta } = await d1.prepare(`INSERT INTO staff_verifications (id, identifier, value, expires_at, created_at, updated_at)
    SELECT ?1, ?2, '', ?3, ?4, ?4 WHERE ${windows.join(' AND ')}`)
    .bind(crypto.randomUUID(), identifier, now + DAY_MS, now, ...SIGN_IN_CODE_LIMITS.flatMap(([window, allowed]) => [now - window, allowed])).run();
  if (meta.changes === 1) return;
  const sent = await entriesSince(d1, identifier, now - DAY_MS, SIGN_IN_CODE_LIMITS[SIGN_IN_CODE_LIMITS.length - 1]![1]);
  // Free again when the oldest code counted in the longest window that is full leaves it.
  let retryAfterMs = 1000;
  for (const [window, allowed] of SIGN_IN_CODE_LIMITS) {
    const inWindow = sent.filter((at) => at > now - window);
    if (inWindow.length >= allowed) retryAfterMs = Math.max(retryAfterMs, inWindow[allowed - 1]! + window - now);
  }
  throw tooMany('Too many sign-in codes for this number; try again later.', retryAfterMs);
}

/**
 * Takes one of `mobile`'s password attempts, or refuses (429, with Retry-After) while
 * PASSWORD_FAILURES_ALLOWED attempts within PASSWORD_LOCK_MS have not succeeded. Counting and
 * taking are one statement, so guesses sent at once cannot pass the limit together; an attempt
 * stays counted as failed unless the sign-in succeeds (clearPasswordFailures).
 */
export async function takePasswordAttempt(d1: D1Database, mobile: string, now = Date.now()): Promise<void> {
  const identifier = passwordFailureIdentifier(mobile);
  const { meta } = await d1.prepare(`INSERT INTO staff_verifications (id, identifier, value, expires_at, created_at, updated_at)
    SELECT ?1, ?2, '', ?3, ?4, ?4
    WHERE (SELECT count(*) FROM staff_verifications WHERE identifier = ?2 AND created_at > ?5) < ?6`)
    .bind(crypto.randomUUID(), identifier, now + DAY_MS, now, now - PASSWORD_LOCK_MS, PASSWORD_FAILURES_ALLOWED).run();
  if (meta.changes === 1) return;
  const failed = await entriesSince(d1, identifier, now - PASSWORD_LOCK_MS, PASSWORD_FAILURES_ALLOWED);
  throw tooMany('Too many wrong passwords for this number; try again later or sign in with a code.',
    (failed[PASSWORD_FAILURES_ALLOWED - 1] ?? now) + PASSWORD_LOCK_MS - now);
}

/** A code used rightly (a session opened, a password set): the number's count starts again. */
export async function clearCodesSent(d1: D1Database, mobile: string): Promise<void> {
  await d1.prepare('DELETE FROM staff_verifications WHERE identifier = ?').bind(signInCodeIdentifier(mobile)).run();
}

/** A right password, or a new one set with a code: the count starts again. */
export async function clearPasswordFailures(d1: D1Database, mobile: string): Promise<void> {
  await d1.prepare('DELETE FROM staff_verifications WHERE identifier = ?').bind(passwordFailureIdentifier(mobile)).run();
}
