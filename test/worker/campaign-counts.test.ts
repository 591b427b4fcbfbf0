// The funnel's counter (worker/src/campaigns/counts.ts) and the personal letter's code and token,
// in the Workers runtime with a real local D1.
import { env } from 'cloudflare:test';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignCounts, campaignLetters, campaigns, members } from '../../schema/index.ts';
import { countChanged, newChangeMark } from '../../worker/src/campaigns/counts.ts';
import { newLetterCode, normaliseLetterCode, formatLetterCode, signLetterToken, verifyLetterToken } from '../../worker/src/campaigns/letter-link.ts';
import type { AppEnv } from '../../worker/src/env.ts';
import { db, seed } from './helpers.ts';

const bindings = env as unknown as AppEnv['Bindings'];
const CAMPAIGN = 'cmp_counts_test';
let letterIds: string[] = [];

beforeAll(async () => {
  await seed();
  const now = Date.now();
  await db().insert(campaigns).values({
    id: CAMPAIGN, tenantId: 'pizhou', titleZh: '家乡来信', bodyZh: '…', signatory: '组织部', startsAt: now, endsAt: now + 86_400_000,
    audience: {}, channels: ['sms', 'print'], createdByKeyId: 'test', createdAt: now, updatedAt: now,
  });
  const some = await db().select().from(members).where(eq(members.tenantId, 'pizhou')).limit(3);
  letterIds = some.map((_, i) => `ltr_${String(i).padStart(20, '0')}`);
  await db().insert(campaignLetters).values(some.map((m, i) => ({
    id: letterIds[i]!, tenantId: 'pizhou', campaignId: CAMPAIGN, memberId: m.id, code: newLetterCode(),
    homeUnitId: m.homeUnitId, homeTownId: m.homeTownId, memberBranchId: m.hostBranchId, memberCommitteeId: m.hostCommitteeId, createdAt: now,
  })));
});

/** Marks the letters' SMS sent where it was not, and counts them, in one batch (as a sender does). */
async function markSent(ids: string[]) {
  const mark = newChangeMark();
  await env.DB.batch([
    env.DB.prepare(`UPDATE campaign_letters SET sms_sent_at = ?1, change_mark = ?2 WHERE id IN (SELECT value FROM json_each(?3)) AND sms_sent_at IS NULL`)
      .bind(Date.now(), mark, JSON.stringify(ids)),
    countChanged(env.DB, 'sent', 'sms', ids, mark),
  ]);
}
const countsAt = (nodeId: string) => db().select().from(campaignCounts)
  .where(and(eq(campaignCounts.campaignId, CAMPAIGN), eq(campaignCounts.nodeId, nodeId)));

describe('countChanged', () => {
  it('counts each changed letter once per node and channel, and nothing when a batch is retried', async () => {
    await markSent(letterIds.slice(0, 2));
    await markSent(letterIds); // a retry of the first two plus one new
    const tenant = await countsAt('pizhou');
    expect(tenant.find((r) => r.channel === 'all')?.sent).toBe(3);
    expect(tenant.find((r) => r.channel === 'sms')?.sent).toBe(3);
    const [letter] = await db().select().from(campaignLetters).where(eq(campaignLetters.id, letterIds[0]!));
    if (!letter) throw new Error('the letter was made above');
    // A town member's unit is its town: counted once there, not twice.
    const town = await countsAt(letter.homeTownId!);
    const unit = await countsAt(letter.homeUnitId!);
    expect(town.find((r) => r.channel === 'all')!.sent).toBeGreaterThanOrEqual(unit.find((r) => r.channel === 'all')!.sent);
    const sameNode = await db().select().from(campaignLetters).where(and(eq(campaignLetters.campaignId, CAMPAIGN), inArray(campaignLetters.id, letterIds)));
    const perTown = sameNode.filter((l) => l.homeTownId === letter.homeTownId).length;
    expect(town.find((r) => r.channel === 'all')!.sent).toBe(perTown);
  });

  it('counts a letter printed after its SMS as sent once in `all`, and once in each channel', async () => {
    const mark = newChangeMark();
    const ids = letterIds.slice(0, 1);
    await env.DB.batch([
      env.DB.prepare(`UPDATE campaign_letters SET printed_at = ?1, change_mark = ?2 WHERE id IN (SELECT value FROM json_each(?3)) AND printed_at IS NULL`)
        .bind(Date.now(), mark, JSON.stringify(ids)),
      countChanged(env.DB, 'sent', 'print', ids, mark),
    ]);
    const tenant = await countsAt('pizhou');
    expect(tenant.find((r) => r.channel === 'all')?.sent).toBe(3);
    expect(tenant.find((r) => r.channel === 'print')?.sent).toBe(1);
    expect(tenant.find((r) => r.channel === 'sms')?.sent).toBe(3);
  });

  it("counts an opening in the channel the member came through, and in `all` only when none", async () => {
    const mark = newChangeMark();
    await env.DB.batch([
      env.DB.prepare(`UPDATE campaign_letters SET opened_at = ?1, opened_via = 'qr', change_mark = ?2 WHERE id = ?3 AND opened_at IS NULL`)
        .bind(Date.now(), mark, letterIds[0]!),
      countChanged(env.DB, 'opened', 'opened', [letterIds[0]!], mark),
    ]);
    const rows = await countsAt('pizhou');
    expect(rows.find((r) => r.channel === 'print')?.opened).toBe(1);
    expect(rows.find((r) => r.channel === 'all')?.opened).toBe(1);
    expect(rows.find((r) => r.channel === 'sms')?.opened).toBe(0);
    const unopened = await db().select().from(campaignLetters).where(and(eq(campaignLetters.campaignId, CAMPAIGN), isNull(campaignLetters.openedAt)));
    expect(unopened).toHaveLength(2);
  });
});

describe('personal codes and tokens', () => {
  it('makes codes people can type back, dashes and case aside', () => {
    const code = newLetterCode();
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
    expect(normaliseLetterCode(formatLetterCode(code).toLowerCase())).toBe(code);
    expect(normaliseLetterCode('O0I1-23456')).toBeNull();
    expect(normaliseLetterCode('ABC')).toBeNull();
  });

  it('refuses a tampered token as invalid and an old one as expired', async () => {
    const now = Date.now();
    const token = await signLetterToken(bindings, letterIds[0]!, now + 60_000);
    expect(await verifyLetterToken(bindings, token, now)).toEqual({ ok: true, letterId: letterIds[0]! });
    expect(await verifyLetterToken(bindings, token, now + 61_000)).toEqual({ ok: false, reason: 'expired' });
    const [id, expiry, sig] = token.split('.');
    const later = `${id}.${Number(expiry) + 86_400}.${sig}`;
    expect(await verifyLetterToken(bindings, later, now)).toEqual({ ok: false, reason: 'invalid' });
    const other = `${letterIds[1]!}.${expiry}.${sig}`;
    expect(await verifyLetterToken(bindings, other, now)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyLetterToken(bindings, 'not-a-token', now)).toEqual({ ok: false, reason: 'invalid' });
  });
});
