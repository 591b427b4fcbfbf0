// The demo's letter from home (家乡来信) of 2026, already under way, so that the console's funnel
// has something to show after `npm start`: a letter for each demo member, SMS to seven of them
// (one failed), one printed, some opened, reported and confirmed. Counted as the sending part
// counts: each stage's UPDATE sets its time only where unset and countChanged counts exactly the
// rows it stamped, so seeding again changes and counts nothing.
import { campaignLetters, campaigns } from '../../../schema/index.ts';
import { countChanged, newChangeMark, REPORTED_CHANNEL, type CountChannel, type CountColumn } from '../campaigns/counts.ts';
import { chunkedInserts, type Database } from '../db.ts';
import { memberRows, TENANT_ID } from './pizhou.ts';

export const DEMO_CAMPAIGN_ID = 'cmp_demo_2026';
const STARTS = Date.UTC(2026, 10, 20) - 8 * 3_600_000;
const ENDS = Date.UTC(2027, 2, 31) - 8 * 3_600_000;
const DAY = 86_400_000;

/** `ltr_` and 20 hex digits, as newId makes them (the QR token's pattern). */
const letterId = (memberId: string) => `ltr_2026${'0'.repeat(14)}${memberId.slice(-2)}`;
/** A fixed personal code per member, from the codes' alphabet (no 0/O, 1/I). */
const code = (memberId: string) => `DEMQ${'23456789ABCDEFGH'[Number(memberId.slice(-2)) % 16]}XPZ2${memberId.slice(-1) === '0' ? 'K' : 'R'}`;

const BODY = `您好！又是一年岁末，家乡的父老乡亲和县委组织部惦记着在外打拼的每一位党员。

请您通过下方二维码或个人码，向所在地的流动党员党支部报到，亮明身份，就近参加组织生活。报到后，您可以在当地的流动党员服务驿站获得就业、法律、社保等服务。

家乡的发展离不开您。欢迎您为家乡的发展出谋划策，常回家看看。`;

const ids = (...members: string[]) => members.map((m) => letterId(`mb_demo_${m}`));

/** One stage: its timestamp (and `extra`) set where unset, counted in `column`/`channel`. */
function stage(d1: D1Database, at: number, letters: string[], timestamp: string, column: CountColumn, channel: CountChannel, extra = '') {
  const mark = newChangeMark();
  return [
    d1.prepare(`UPDATE campaign_letters SET ${timestamp} = ?1, change_mark = ?2${extra} WHERE id IN (SELECT value FROM json_each(?3)) AND ${timestamp} IS NULL`)
      .bind(at, mark, JSON.stringify(letters)),
    countChanged(d1, column, channel, letters, mark),
  ];
}

/** Inserts the campaign and its letters (once), then runs its stages (each counts only the first time). */
export async function seedDemoCampaign(db: Database): Promise<void> {
  await db.insert(campaigns).values({
    id: DEMO_CAMPAIGN_ID, tenantId: TENANT_ID, titleZh: '2026年家乡来信', titleEn: 'A letter from home, 2026', bodyZh: BODY,
    signatory: '中共邳州市委组织部', startsAt: STARTS, endsAt: ENDS, audience: {}, channels: ['print', 'sms'],
    status: 'sent', createdByKeyId: 'key_demo_sk', createdAt: STARTS - 3 * DAY, updatedAt: STARTS, audienceTotal: memberRows.length,
    lettersMade: memberRows.length, sendStartedAt: STARTS, sentAt: STARTS + 3_600_000,
  }).onConflictDoNothing();
  const [first, ...rest] = chunkedInserts(db, campaignLetters, memberRows.map((m) => ({
    id: letterId(m.id), tenantId: TENANT_ID, campaignId: DEMO_CAMPAIGN_ID, memberId: m.id, code: code(m.id),
    homeUnitId: m.homeUnitId, homeTownId: m.homeTownId ?? null, memberBranchId: m.hostBranchId ?? null, memberCommitteeId: m.hostCommitteeId ?? null,
    // Every letter's SMS decided when the demo was sent (sent, failed, or not to be sent), so the
    // campaign sweep finds none waiting and sends nothing more to the demo members.
    smsClaimedAt: STARTS + 3_600_000, createdAt: STARTS,
  })));
  await db.batch([first!, ...rest]);
  const d1 = db.$client;
  const all = memberRows.map((m) => letterId(m.id));
  await d1.batch([
    ...letterCount(d1, all),
    ...stage(d1, STARTS + 3_600_000, ids('01', '02', '03', '05', '06', '08', '09'), 'sms_sent_at', 'sent', 'sms'),
    ...stage(d1, STARTS + 3_700_000, ids('01', '02', '05', '06', '08', '09'), 'sms_delivered_at', 'delivered', 'sms'),
    ...stage(d1, STARTS + 3_700_000, ids('03'), 'sms_failed_at', 'failed', 'sms'),
    // 刘洋 (中心社区) has no SMS: his letter was printed and handed over.
    ...stage(d1, STARTS + DAY, ids('04'), 'printed_at', 'sent', 'print'),
    ...stage(d1, STARTS + DAY, ids('01', '06', '09'), 'opened_at', 'opened', 'opened', `, opened_via = 'code'`),
    ...stage(d1, STARTS + 2 * DAY, ids('04'), 'opened_at', 'opened', 'opened', `, opened_via = 'qr'`),
    // 陈静 checked in without opening her letter: counted in `all` only.
    ...stage(d1, STARTS + 2 * DAY, ids('01', '04', '05', '09'), 'reported_at', 'reported', 'reported', `, reported_channel = ${REPORTED_CHANNEL}`),
    ...stage(d1, STARTS + 3 * DAY, ids('01', '04'), 'confirmed_at', 'confirmed', 'reported'),
  ]);
}

/** The letters made, counted once: only a letter never stamped (change_mark null, as made) takes the mark. */
function letterCount(d1: D1Database, letters: string[]) {
  const mark = newChangeMark();
  return [
    d1.prepare(`UPDATE campaign_letters SET change_mark = ?1 WHERE id IN (SELECT value FROM json_each(?2)) AND change_mark IS NULL`)
      .bind(mark, JSON.stringify(letters)),
    countChanged(d1, 'letters', 'none', letters, mark),
  ];
}
