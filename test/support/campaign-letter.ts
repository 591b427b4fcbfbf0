// A sent campaign's letter for one member, written straight into the running e2e worker's local D1
// (the operator's way in, as `npm run keys -- --persist-to` is), with its QR token signed under the
// worker's own secret (.dev.vars). Sending is its own part of campaigns; this stands in for it.
import { drizzle } from 'drizzle-orm/d1';
import { and, eq } from 'drizzle-orm';
import { expect, inject } from 'vitest';
import { getPlatformProxy } from 'wrangler';
import { CHECK_IN_CONSENT } from '../../schema/check-ins.ts';
import { campaignLetters, campaigns, members } from '../../schema/index.ts';
import type { memberCategories } from '../../schema/tables.ts';
import { newLetterCode, signLetterToken } from '../../worker/src/campaigns/letter-link.ts';
import type { AppEnv } from '../../worker/src/env.ts';

const DAY = 86_400_000;
type MemberCategory = (typeof memberCategories)[number];
const admin = { Authorization: 'Bearer sk_test_pizhou_admin', 'Content-Type': 'application/json' };

/** A member of 港上北村 on the roster, hosted by 凌家塘 (staff checked them in and confirmed it). */
export async function rosterMember(name: string, mobile: string, category: MemberCategory = 'worker'): Promise<void> {
  const apiUrl = inject('apiUrl');
  const res = await fetch(`${apiUrl}/v1/check-ins`, {
    method: 'POST', headers: { ...admin, 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({ branchId: 'br_cz_lingjiatang', name, mobile, homeUnitId: 'hu_gangshang_bei', currentCity: '常州', category,
      needs: [], consent: { version: CHECK_IN_CONSENT.version, granted: true } }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const { id } = await res.json() as { id: string };
  expect((await fetch(`${apiUrl}/v1/check-ins/${id}/confirm`, { method: 'POST', headers: admin })).status).toBe(200);
}

export async function sentLetterTo(mobile: string, over: { endsAt?: number } = {}) {
  const proxy = await getPlatformProxy<AppEnv['Bindings']>({ persist: { path: `${inject('persistTo')}/v3` } });
  try {
    const db = drizzle(proxy.env.DB);
    const [m] = await db.select().from(members).where(eq(members.mobile, mobile));
    if (!m) throw new Error(`no member ${mobile}`);
    const now = Date.now();
    const suffix = crypto.randomUUID().replaceAll('-', '').slice(0, 20);
    const campaignId = `cmp_${suffix}`;
    const endsAt = over.endsAt ?? now + 30 * DAY;
    await db.insert(campaigns).values({
      id: campaignId, tenantId: m.tenantId, titleZh: '致全市流动党员的一封信', titleEn: 'A letter to all our mobile members',
      bodyZh: '亲爱的流动党员同志：\n\n您好！无论您身在何方，家乡党组织始终牵挂着您。请您主动向所在地党组织报到，亮明党员身份。\n\n祝您工作顺利、身体健康！',
      bodyEn: 'Dear comrade,\n\nWherever you are, your home party organisation thinks of you. Please report to the party organisation where you live.\n\nWith best wishes.',
      signatory: '中共邳州市委组织部', startsAt: now - DAY, endsAt, audience: {}, channels: ['print', 'sms'], status: 'sent',
      createdByKeyId: 'e2e', createdAt: now, updatedAt: now, sentAt: now,
    });
    const id = `ltr_${suffix}`;
    const code = newLetterCode();
    await db.insert(campaignLetters).values({
      id, tenantId: m.tenantId, campaignId, memberId: m.id, code, homeUnitId: m.homeUnitId, homeTownId: m.homeTownId,
      memberBranchId: m.hostBranchId, memberCommitteeId: m.hostCommitteeId, printedAt: now, createdAt: now,
    });
    return { id, code, campaignId, memberId: m.id, name: m.name, token: await signLetterToken(proxy.env, id, endsAt) };
  } finally {
    await proxy.dispose();
  }
}

/**
 * The member's letter of a campaign, read from the local D1 until `done(letter)` holds (or the
 * timeout): how a test sees a queue step's work that no API shows, such as a letter claimed for
 * SMS and not sent.
 */
export async function letterWhen(campaignId: string, memberId: string, done: (letter: typeof campaignLetters.$inferSelect) => boolean, timeoutMs = 30_000) {
  const proxy = await getPlatformProxy<AppEnv['Bindings']>({ persist: { path: `${inject('persistTo')}/v3` } });
  try {
    const db = drizzle(proxy.env.DB);
    for (const until = Date.now() + timeoutMs; ;) {
      const [letter] = await db.select().from(campaignLetters).where(and(eq(campaignLetters.campaignId, campaignId), eq(campaignLetters.memberId, memberId)));
      if (letter && done(letter)) return letter;
      if (Date.now() > until) throw new Error(`the letter of ${memberId} in ${campaignId} is not there yet: ${JSON.stringify(letter)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await proxy.dispose();
  }
}
