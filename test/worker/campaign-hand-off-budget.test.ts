// The end of a campaign at scale: 20,000 letters on the large tenant (province-members.ts), one in
// four reported. Each batch of the hand-off reads about what it hands off (the letters from
// campaign_letters_silent, then per letter its row, member, village and the member's cases), the
// same at the first batch as after many: no batch reads what earlier ones did, so a campaign of
// 1M letters costs 2,000 such batches, whichever run does them. Statements through the D1 meter,
// with their `rows_read` and EXPLAIN QUERY PLAN.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { handOffEndedCampaigns } from '../../worker/src/jobs/campaign-hand-off.ts';
import { meteredD1, type Meter } from '../../worker/src/middleware/d1-meter.ts';
import { BIG, MEMBERS, seedBigTenant, T0 } from './province-members.ts';

const CHUNK = 500;
/**
 * Rows read per letter handed off, at most (measured: exactly this): 1 to pick it from the index; 7
 * to open its case (the letter's entry and row, member, village, the member's cases, and the new
 * case's foreign keys: tenant and campaign); 6 to mark it (entry, row, and the partial indexes it leaves).
 */
const PER_LETTER = 14;

beforeAll(async () => {
  await seedBigTenant();
  await env.DB.batch([
    env.DB.prepare(`insert into campaigns (id, tenant_id, title_zh, body_zh, signatory, starts_at, ends_at, audience, channels, status, created_by_key_id, created_at, updated_at)
      values ('bcmp', ?1, '来信', '…', '组织部', ?2, ?3, '{}', '["sms"]', 'sent', 'key_big', ?2, ?2)`).bind(BIG, T0, T0 + 1000),
    env.DB.prepare(`insert into campaign_letters (id, tenant_id, campaign_id, member_id, code, home_unit_id, home_town_id, member_branch_id, member_committee_id, reported_at, created_at)
      select 'bl_' || substr(m.id, 4), m.tenant_id, 'bcmp', m.id, 'C' || substr(m.id, 4), m.home_unit_id, m.home_town_id, m.host_branch_id, m.host_committee_id,
        case when cast(substr(m.id, 4) as integer) % 4 = 0 then ?2 end, ?2
      from members m where m.tenant_id = ?1`).bind(BIG, T0),
  ]);
}, 60_000);

async function batch() {
  const meter: Meter = { roundTrips: 0, statementsRun: 0, rowsRead: 0, rowsWritten: 0, rows: true, statements: [] };
  const result = await handOffEndedCampaigns(meteredD1(env.DB, meter), T0 + 2000, { chunk: CHUNK, batches: 1 });
  return { result, meter };
}

describe('the hand-off at scale', () => {
  it('reads about what each batch hands off, at the first batch and after many, seeking indexes', async () => {
    const first = await batch();
    expect(first.result.letters).toBe(CHUNK);
    for (let i = 0; i < 10; i++) await batch();
    const later = await batch();
    expect(later.result.letters).toBe(CHUNK);
    console.info(`hand-off batch of ${CHUNK}: first ${first.meter.rowsRead} rows read, twelfth ${later.meter.rowsRead} (${later.meter.roundTrips} round trips)`);
    for (const { meter } of [first, later]) {
      expect(meter.rowsRead).toBeLessThanOrEqual(CHUNK * PER_LETTER + 1);
      for (const s of meter.statements!) {
        const plan = (await env.DB.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).bind(...s.params).all<{ detail: string }>()).results.map((r) => r.detail).join('\n');
        expect(plan, `${s.sql}\n${plan}`).not.toMatch(/SCAN (l|m|c|u|campaign_letters|members|lost_contact_cases|home_units)\b/);
        if (/SELECT l.id FROM campaign_letters l\b/.test(s.sql)) expect(plan).toMatch(/USING (COVERING )?INDEX campaign_letters_silent/);
      }
    }
    // Rows read does not grow with what earlier batches did.
    expect(later.meter.rowsRead).toBeLessThanOrEqual(first.meter.rowsRead * 1.1);
  });

  it('ends the campaign once the last silent letter is handed off', async () => {
    const silent = MEMBERS - MEMBERS / 4;
    const done = await handOffEndedCampaigns(env.DB, T0 + 2000, { chunk: CHUNK, batches: silent / CHUNK });
    expect(done.ended).toEqual(['bcmp']);
    const { results } = await env.DB.prepare(`select count(*) as n from lost_contact_cases where campaign_id = 'bcmp'`).all<{ n: number }>();
    expect(results[0]!.n).toBe(silent);
  }, 60_000);
});
