// Quiet hours: no message to a member's phone between 21:00 and 08:00 China time (UTC+8, no DST).
const CHINA_OFFSET_MS = 8 * 3600_000;
const HOUR_MS = 3600_000;
export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL_HOUR = 8;

/** The China-time hour of `at` (0–23). */
export const chinaHour = (at: number): number => Math.floor(((at + CHINA_OFFSET_MS) % (24 * HOUR_MS)) / HOUR_MS);

/** When a message due at `at` may go: `at` itself outside quiet hours, else the next 08:00 China time. */
export function notBefore(at: number): number {
  const hour = chinaHour(at);
  if (hour >= QUIET_UNTIL_HOUR && hour < QUIET_FROM_HOUR) return at;
  const dayStart = Math.floor((at + CHINA_OFFSET_MS) / (24 * HOUR_MS)) * 24 * HOUR_MS - CHINA_OFFSET_MS;
  return dayStart + QUIET_UNTIL_HOUR * HOUR_MS + (hour >= QUIET_FROM_HOUR ? 24 * HOUR_MS : 0);
}

/** The China-time date of `at`, YYYY-MM-DD (the digest's day). */
export const chinaDate = (at: number): string => new Date(at + CHINA_OFFSET_MS).toISOString().slice(0, 10);
