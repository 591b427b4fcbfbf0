// How often a sign-in code may be sent to one mobile, counted in D1 (every code better-auth makes
// is a row of staff_verifications until the daily purge), so that the limit holds across isolates
// and locations. The same for every number, staff or not: the limit tells nobody who is staff.
import { HttpError } from '../errors.ts';

/** [window in ms, codes allowed in it]: one a minute, five an hour, ten a day. */
export const SIGN_IN_CODE_LIMITS: readonly (readonly [number, number])[] = [[60_000, 1], [3_600_000, 5], [86_400_000, 10]];

/** The identifier better-auth's phone-number plugin files a mobile's codes under. */
export const signInCodeIdentifier = (mobile: string) => `phone-number-otp-${mobile}`;

/** Refuses (429, with Retry-After) a code for `mobile` beyond the limits. */
export async function assertSignInCodeAllowed(d1: D1Database, mobile: string, now = Date.now()): Promise<void> {
  const day = SIGN_IN_CODE_LIMITS[SIGN_IN_CODE_LIMITS.length - 1]![0];
  const { results } = await d1.prepare(`SELECT created_at AS at FROM staff_verifications
    WHERE identifier = ? AND created_at > ? ORDER BY created_at DESC LIMIT 10`)
    .bind(signInCodeIdentifier(mobile), now - day).all<{ at: number }>();
  for (const [window, allowed] of SIGN_IN_CODE_LIMITS) {
    const inWindow = results.filter((r) => r.at > now - window);
    if (inWindow.length >= allowed) {
      // Free again when the oldest code counted in this window leaves it.
      const retryAfter = Math.max(1, Math.ceil((inWindow[allowed - 1]!.at + window - now) / 1000));
      throw new HttpError(429, 'rate_limited', 'Too many sign-in codes for this number; try again later.', undefined, { 'Retry-After': String(retryAfter) });
    }
  }
}
