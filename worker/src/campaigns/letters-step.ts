// A campaign's letters, made in steps: each step enumerates the next window of the tenant's members
// after `send_cursor` (members_tenant_id), and in ONE batch makes the letters of those in the
// audience, counts them and advances the cursor, all only if the cursor is still where the step
// found it. A redelivered or retried step, or two running at once, therefore make each letter once
// (and the unique (campaign, member) index holds even so); the loser stops without enqueuing more.
import { eq } from 'drizzle-orm';
import { campaigns } from '../../../schema/index.ts';
import { database, errorMessages } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { newId } from '../lib/crypto.ts';
import { audienceWindow } from './audience.ts';
import { countChanged, newChangeMark } from './counts.ts';
import { newLetterCode } from './letter-link.ts';
import { enqueueCampaign } from './queue.ts';

type Bindings = AppEnv['Bindings'];
export type Campaign = typeof campaigns.$inferSelect;

export const DEFAULT_CHUNK = 500;
/** A step goes on to the next window within one message until this much time has passed. */
const STEP_BUDGET_MS = 10_000;
/** Code clashes with the tenant's other letters (50-bit codes: about never) are retried with new codes this often. */
const CODE_ATTEMPTS = 5;

export const chunkSize = (env: Bindings): number => {
  const n = Number(env.CAMPAIGN_CHUNK_SIZE);
  return Number.isInteger(n) && n >= 10 && n <= 2000 ? n : DEFAULT_CHUNK;
};

export type LetterDeps = { now?: () => number; newCode?: () => string };

/** Runs windows from `after` while the budget lasts; enqueues the next step unless the campaign is sent or another step took over. */
export async function makeLetters(env: Bindings, campaignId: string, after: string | null, deps: LetterDeps = {}): Promise<void> {
  const started = Date.now();
  let cursor = after;
  for (;;) {
    let next: WindowResult;
    try {
      next = await oneWindow(env, campaignId, cursor, deps);
    } catch (err) {
      // Windows done already: this message's retry would find the cursor moved and stop, so the
      // step goes on from where it stands in a new message instead. None done: the retry does.
      if (cursor === after) throw err;
      console.error(`campaigns: ${campaignId} after ${cursor}: ${errorMessages(err)}; going on in a new step`);
      break;
    }
    if (next.kind !== 'advanced') return;
    cursor = next.cursor;
    if (Date.now() - started > STEP_BUDGET_MS) break;
  }
  await enqueueCampaign(env, [{ kind: 'letters', campaignId, after: cursor }]);
}

type WindowResult = { kind: 'advanced'; cursor: string } | { kind: 'sent' } | { kind: 'stale' };

async function oneWindow(env: Bindings, campaignId: string, after: string | null, deps: LetterDeps): Promise<WindowResult> {
  const db = database(env.DB);
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, campaignId)).limit(1);
  const now = deps.now?.() ?? Date.now();
  // Past its end a letter could no longer be sent or opened: the hand-off ends the campaign as it stands.
  if (!campaign || campaign.status !== 'sending' || campaign.sendCursor !== after || campaign.endsAt <= now) return { kind: 'stale' };
  const size = chunkSize(env);
  const window = await audienceWindow(db, campaign.tenantId, campaign.audience, after, size);
  const last = window.length < size;
  const end = window.at(-1)?.id ?? after;
  const members = window.filter((m) => m.inAudience).map((m) => m.id);
  for (let attempt = 1; ; attempt++) {
    try {
      const won = await commitWindow(env.DB, campaign, { after, end, last, members, now, newCode: deps.newCode ?? newLetterCode });
      if (!won) return { kind: 'stale' };
      break;
    } catch (err) {
      if (attempt >= CODE_ATTEMPTS || !/UNIQUE constraint failed: campaign_letters\.tenant_id, campaign_letters\.code/.test(String(err))) throw err;
    }
  }
  if (campaign.channels.includes('sms') && members.length) {
    await enqueueCampaign(env, [{ kind: 'sms', campaignId, after, upTo: end }]);
  }
  return last ? { kind: 'sent' } : { kind: 'advanced', cursor: end! };
}

/** The window's batch; whether this step advanced the cursor (false: another step had). */
async function commitWindow(d1: D1Database, c: Campaign, w: {
  after: string | null; end: string | null; last: boolean; members: string[]; now: number; newCode: () => string;
}): Promise<boolean> {
  const mark = newChangeMark();
  const entries = w.members.map((memberId) => [memberId, newId('ltr'), w.newCode()] as const);
  // `send_cursor IS ?`: NULL matches the first step's.
  // Not past the end either, checked in the batch: the hand-off may have taken the campaign meanwhile.
  const stillHere = `EXISTS (SELECT 1 FROM campaigns c WHERE c.id = ?1 AND c.status = 'sending' AND c.send_cursor IS ?2 AND c.ends_at > ?4)`;
  const results = await d1.batch([
    d1.prepare(`INSERT INTO campaign_letters (id, tenant_id, campaign_id, member_id, code, home_unit_id, home_town_id,
        member_branch_id, member_committee_id, change_mark, created_at)
      SELECT json_extract(j.value, '$[1]'), m.tenant_id, ?1, m.id, json_extract(j.value, '$[2]'), m.home_unit_id, m.home_town_id,
        m.host_branch_id, m.host_committee_id, ?3, ?4
      FROM json_each(?5) j JOIN members m ON m.id = json_extract(j.value, '$[0]')
      WHERE m.tenant_id = ?6 AND ${stillHere}
      ON CONFLICT (campaign_id, member_id) DO NOTHING`).bind(c.id, w.after, mark, w.now, JSON.stringify(entries), c.tenantId),
    d1.prepare(`UPDATE campaigns SET send_cursor = ?3, send_progress_at = ?4,
        letters_made = letters_made + (SELECT count(*) FROM campaign_letters l WHERE l.campaign_id = ?1
          AND l.member_id > coalesce(?2, '') AND l.member_id <= coalesce(?3, '') AND l.change_mark = ?5),
        status = CASE WHEN ?6 THEN 'sent' ELSE status END, sent_at = CASE WHEN ?6 THEN ?4 ELSE sent_at END
      WHERE id = ?1 AND status = 'sending' AND send_cursor IS ?2 AND ends_at > ?4`).bind(c.id, w.after, w.end, w.now, mark, w.last ? 1 : 0),
    countChanged(d1, 'letters', 'none', entries.map((e) => e[1]), mark),
  ]);
  return (results[1]?.meta.changes ?? 0) > 0;
}
