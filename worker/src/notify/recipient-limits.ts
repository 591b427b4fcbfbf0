// The per-number caps (3 an hour, 6 a day) against a bug or abuse flooding one phone, counted over
// everything we send a number by SMS: notifications (consume.ts) and campaign letters and reminders
// (campaigns/campaign-sms.ts). Counted in D1, inside the statement that claims a message, before any
// vendor is called. SQL text over column references of the row being claimed (no values but times).

export const SMS_CAPS = { perHour: 3, perDay: 6 } as const;
const HOUR_MS = 3600_000;

/** Campaign SMS (letters and reminders) to the member with number `mobileSql` in tenant `tenantSql` since `since`. */
export const campaignSmsSince = (tenantSql: string, mobileSql: string, since: number): string =>
  `(SELECT count(*) FROM members rm JOIN campaign_letters rl ON rl.member_id = rm.id
    WHERE rm.tenant_id = ${tenantSql} AND rm.mobile = ${mobileSql} AND (rl.sms_sent_at > ${since} OR rl.last_reminded_at > ${since}))`;

const notificationSmsSince = (mobileSql: string, since: number): string =>
  `(SELECT count(*) FROM notifications r WHERE r.recipient = ${mobileSql} AND r.channel = 'sms' AND r.claimed_at > ${since})`;

/** Whether the number is under both caps at `now` (campaign side: notifications_recipient_claimed, campaign_letters_member). */
export function underSmsCaps(tenantSql: string, mobileSql: string, now: number): string {
  const recent = (ms: number) => `(${notificationSmsSince(mobileSql, now - ms)} + ${campaignSmsSince(tenantSql, mobileSql, now - ms)})`;
  return `(${recent(HOUR_MS)} < ${SMS_CAPS.perHour} AND ${recent(24 * HOUR_MS)} < ${SMS_CAPS.perDay})`;
}
