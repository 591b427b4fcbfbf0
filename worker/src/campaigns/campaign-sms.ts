// A campaign's SMS, letters and reminders, each sent AT MOST ONCE per letter (a reminder: once per
// round) however often a queue message is delivered or retried. The letter is claimed in D1 before
// anything leaves: one UPDATE sets the claim only where it is not yet set (a letter: `sms_claimed_at`;
// a reminder: `reminders_sent + 1`, `last_reminded_at`, only where the reminder is due), under the
// per-number caps; only the rows this UPDATE changed (its `change_mark`) are sent.
// - The outbox (local): the claim, the outbox rows and the funnel's count are one batch: exactly once.
// - A vendor: the claim's batch first, then the calls, then the outcomes' batch. A crash between the
//   two leaves claimed letters unsent: never sent again (at most once), counted neither sent nor failed.
//   A refusal (bad number) marks the letter failed: no more SMS, no reminders, in this campaign.
//   A throttled send releases its claim, to be retried later; an unanswered one keeps it (it may have gone).
import type { AppEnv } from '../env.ts';
import { errorMessages } from '../db.ts';
import { underSmsCaps } from '../notify/recipient-limits.ts';
import { OUTBOX_LOG_KEY } from '../sms/outbox.ts';
import { renderSms, smsAddresses, smsSenderFor, type SmsOutcome, type SmsTemplate } from '../sms/index.ts';
import { NORMALISED_MOBILE } from '../sms/types.ts';
import { countChanged, newChangeMark } from './counts.ts';
import { formatLetterCode } from './letter-link.ts';
import type { Campaign } from './letters-step.ts';

type Bindings = AppEnv['Bindings'];
const DAY_MS = 86_400_000;

/** A letter to send to, as the step read it. */
export type SmsLetter = { id: string; code: string; mobile: string; optedOut: boolean; lastRemindedAt: number | null };
export type SmsKind = 'letter' | 'reminder';
/** What became of the letters: `waiting` were left unclaimed (a cap, or the vendor's throttle): try them again later. */
export type SmsResult = { sent: number; failed: number; skipped: number; waiting: number };
export type SmsDeps = { now?: () => number; fetch?: typeof fetch };

const TEMPLATE: Record<SmsKind, SmsTemplate> = { letter: 'campaign_letter', reminder: 'campaign_reminder' };
const ids = (letters: { id: string }[]) => JSON.stringify(letters.map((l) => l.id));
const provider = (env: Bindings) => (env.SMS_PROVIDER ?? '').trim() || 'outbox';

/**
 * The claim's condition on `campaign_letters` (the row being updated), besides the caps. The opt-out
 * is read again here: a member who opted out after the step read its window is not sent to (a letter
 * stays unclaimed, and the next step, reading the opt-out, marks it decided).
 */
function claimable(kind: SmsKind, c: Campaign, now: number): string {
  const notOptedOut = '(SELECT sms_opt_out_at FROM members WHERE id = campaign_letters.member_id) IS NULL';
  if (kind === 'letter') return `sms_claimed_at IS NULL AND ${notOptedOut}`;
  const due = now - c.reminderAfterDays * DAY_MS;
  return `reported_at IS NULL AND sms_failed_at IS NULL AND sms_sent_at IS NOT NULL AND sms_sent_at <= ${due}
    AND (last_reminded_at IS NULL OR last_reminded_at <= ${due}) AND reminders_sent < ${c.reminderLimit} AND ${notOptedOut}`;
}
/** The claim itself: what it sets. */
const CLAIM: Record<SmsKind, string> = {
  letter: 'sms_claimed_at = ?2',
  reminder: 'reminders_sent = reminders_sent + 1, last_reminded_at = ?2',
};
const CAPS = (now: number) => underSmsCaps('campaign_letters.tenant_id', '(SELECT mobile FROM members WHERE id = campaign_letters.member_id)', now);

export async function sendCampaignSms(env: Bindings, c: Campaign, kind: SmsKind, letters: SmsLetter[], deps: SmsDeps = {}): Promise<SmsResult> {
  const now = deps.now?.() ?? Date.now();
  const d1 = env.DB;
  const skipped = kind === 'letter' ? letters.filter((l) => l.optedOut) : [];
  const bad = letters.filter((l) => !l.optedOut && !NORMALISED_MOBILE.test(l.mobile));
  const candidates = letters.filter((l) => !l.optedOut && NORMALISED_MOBILE.test(l.mobile));
  const mark = newChangeMark();
  const failMark = newChangeMark();
  const claim = d1.prepare(`UPDATE campaign_letters SET ${CLAIM[kind]}, change_mark = ?3
    ${provider(env) === 'outbox' ? `, sms_vendor_id = 'outbox-' || id || '-' || ?2${kind === 'letter' ? ', sms_sent_at = ?2' : ''}` : ''}
    WHERE id IN (SELECT value FROM json_each(?1)) AND ${claimable(kind, c, now)} AND ${CAPS(now)}`).bind(ids(candidates), now, mark);
  const side = [
    // Opted out: decided, nothing sent. A number that is none: failed at once.
    d1.prepare(`UPDATE campaign_letters SET sms_claimed_at = ?2 WHERE id IN (SELECT value FROM json_each(?1)) AND sms_claimed_at IS NULL`).bind(ids(skipped), now),
    ...failStatements(d1, bad.map((l) => l.id), now, failMark),
  ];
  const claimedIds = d1.prepare(`SELECT id FROM campaign_letters WHERE id IN (SELECT value FROM json_each(?1)) AND change_mark = ?2`).bind(ids(candidates), mark);
  // Letters still unclaimed after the claim: held back by the caps (another step's claim took the rest).
  const stillWaiting = d1.prepare(`SELECT count(*) AS n FROM campaign_letters WHERE id IN (SELECT value FROM json_each(?1)) AND sms_claimed_at IS NULL`)
    .bind(ids(kind === 'letter' ? candidates : []));
  const texts = candidates.map((l) => {
    const params = { code: formatLetterCode(l.code) };
    return { ...l, params, text: renderSms(TEMPLATE[kind], params, smsAddresses(env)) };
  });

  if (provider(env) === 'outbox') {
    const results = await d1.batch([
      claim,
      countChanged(d1, kind === 'letter' ? 'sent' : 'reminded', 'sms', candidates.map((l) => l.id), mark),
      d1.prepare(`INSERT INTO sms_outbox (tenant_id, mobile, template, params, text, created_at)
        SELECT l.tenant_id, json_extract(j.value, '$.mobile'), ?3, json_object('code', json_extract(j.value, '$.code')), json_extract(j.value, '$.text'), ?4
        FROM json_each(?1) j JOIN campaign_letters l ON l.id = json_extract(j.value, '$.id') WHERE l.change_mark = ?2`)
        .bind(JSON.stringify(texts.map((t) => ({ id: t.id, mobile: t.mobile, code: t.params.code, text: t.text }))), mark, TEMPLATE[kind], now),
      claimedIds, stillWaiting, ...side,
    ]);
    const sent = new Set((results[3]!.results as { id: string }[]).map((r) => r.id));
    const logged = env.SMS_OUTBOX_LOG?.trim() !== 'off';
    for (const t of texts.filter((x) => logged && sent.has(x.id))) {
      console.log(JSON.stringify({ [OUTBOX_LOG_KEY]: { tenantId: c.tenantId, to: t.mobile, template: TEMPLATE[kind], params: t.params, text: t.text, at: now } }));
    }
    return { sent: sent.size, failed: bad.length, skipped: skipped.length, waiting: waitingOf(results[4]) };
  }
  return sendThroughVendor(env, c, kind, { claim, claimedIds, stillWaiting, side, texts, bad, skipped, now, mark, fetch: deps.fetch });
}

const waitingOf = (r: D1Result | undefined) => (r?.results[0] as { n: number } | undefined)?.n ?? 0;

function failStatements(d1: D1Database, letterIds: string[], now: number, mark: string): D1PreparedStatement[] {
  if (!letterIds.length) return [];
  return [
    d1.prepare(`UPDATE campaign_letters SET sms_claimed_at = coalesce(sms_claimed_at, ?2), sms_failed_at = ?2, change_mark = ?3
      WHERE id IN (SELECT value FROM json_each(?1)) AND sms_failed_at IS NULL`).bind(JSON.stringify(letterIds), now, mark),
    countChanged(d1, 'failed', 'sms', letterIds, mark),
  ];
}

async function sendThroughVendor(env: Bindings, c: Campaign, kind: SmsKind, o: {
  claim: D1PreparedStatement; claimedIds: D1PreparedStatement; stillWaiting: D1PreparedStatement; side: D1PreparedStatement[];
  texts: (SmsLetter & { params: Record<string, string> })[]; bad: SmsLetter[]; skipped: SmsLetter[]; now: number; mark: string; fetch?: typeof fetch | undefined;
}): Promise<SmsResult> {
  const d1 = env.DB;
  const claimResults = await d1.batch([o.claim, o.claimedIds, o.stillWaiting, ...o.side]);
  const claimed = new Set((claimResults[1]!.results as { id: string }[]).map((r) => r.id));
  const sender = smsSenderFor(env, o.fetch);
  const outcomes: { letter: (typeof o.texts)[number]; outcome: SmsOutcome }[] = [];
  for (const letter of o.texts.filter((t) => claimed.has(t.id))) {
    const outcome = await sender.send({ tenantId: c.tenantId, mobile: letter.mobile, template: TEMPLATE[kind], params: letter.params })
      .catch((err: unknown): SmsOutcome => ({ ok: false, reason: 'unavailable', message: errorMessages(err) }));
    outcomes.push({ letter, outcome });
  }
  const sentMark = newChangeMark();
  const failMark = newChangeMark();
  const sent = outcomes.filter((x) => x.outcome.ok);
  const refused = outcomes.filter((x) => !x.outcome.ok && x.outcome.reason === 'rejected').map((x) => x.letter.id);
  const throttled = outcomes.filter((x) => !x.outcome.ok && x.outcome.reason === 'throttled').map((x) => x.letter);
  for (const x of outcomes.filter((y) => !y.outcome.ok && y.outcome.reason === 'unavailable')) {
    console.error(`campaigns: ${c.id} letter ${x.letter.id}: no answer from the SMS vendor, not sent again (${errorMessages(x.outcome)})`);
  }
  const vendorId = (x: (typeof sent)[number]) => (x.outcome.ok ? x.outcome.providerMessageId : null);
  const statements = [
    ...sent.map((x) => (kind === 'letter'
      ? d1.prepare('UPDATE campaign_letters SET sms_sent_at = ?2, sms_vendor_id = ?3, change_mark = ?4 WHERE id = ?1 AND sms_sent_at IS NULL')
        .bind(x.letter.id, o.now, vendorId(x), sentMark)
      : d1.prepare('UPDATE campaign_letters SET sms_vendor_id = ?2, change_mark = ?3 WHERE id = ?1').bind(x.letter.id, vendorId(x), sentMark))),
    countChanged(d1, kind === 'letter' ? 'sent' : 'reminded', 'sms', sent.map((x) => x.letter.id), sentMark),
    ...failStatements(d1, refused, o.now, failMark),
    // The vendor said no for now: the claim is released (a reminder's round given back), to be tried again.
    ...throttled.map((l) => (kind === 'letter'
      ? d1.prepare('UPDATE campaign_letters SET sms_claimed_at = NULL WHERE id = ?1 AND sms_sent_at IS NULL').bind(l.id)
      : d1.prepare('UPDATE campaign_letters SET reminders_sent = reminders_sent - 1, last_reminded_at = ?2 WHERE id = ?1 AND last_reminded_at = ?3')
        .bind(l.id, l.lastRemindedAt, o.now))),
  ];
  await d1.batch(statements);
  return { sent: sent.length, failed: o.bad.length + refused.length, skipped: o.skipped.length, waiting: waitingOf(claimResults[2]) + throttled.length };
}
