// Quiet hours: no message to a phone between 21:00 and 08:00 China time (UTC+8, no DST), unless
// NOTIFY_QUIET_HOURS says otherwise ("22-7", or "off": the e2e tests, whose clock is the wall's).
const CHINA_OFFSET_MS = 8 * 3600_000;
const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
export type QuietHours = { from: number; until: number } | null;
export const DEFAULT_QUIET_HOURS = { from: 21, until: 8 } as const;

/** The configured window: "from-until" in whole China-time hours, "off", or the default when unset or unreadable. */
export function quietHours(setting: string | undefined): QuietHours {
  const s = setting?.trim();
  if (s === 'off') return null;
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(s ?? '');
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 23 || m[1] === m[2]) return DEFAULT_QUIET_HOURS;
  return { from: Number(m[1]), until: Number(m[2]) };
}

/** The China-time hour of `at` (0–23). */
export const chinaHour = (at: number): number => Math.floor(((at + CHINA_OFFSET_MS) % DAY_MS) / HOUR_MS);

/** When a message due at `at` may go: `at` itself outside quiet hours, else the window's end (China time). */
export function notBefore(at: number, quiet: QuietHours = DEFAULT_QUIET_HOURS): number {
  if (!quiet) return at;
  const hour = chinaHour(at);
  const inside = quiet.from > quiet.until ? hour >= quiet.from || hour < quiet.until : hour >= quiet.from && hour < quiet.until;
  if (!inside) return at;
  const dayStart = Math.floor((at + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
  const end = dayStart + quiet.until * HOUR_MS;
  return end > at ? end : end + DAY_MS;
}

/** The China-time date of `at`, YYYY-MM-DD (the digest's day). */
export const chinaDate = (at: number): string => new Date(at + CHINA_OFFSET_MS).toISOString().slice(0, 10);
