// 老乡寻人: a lost-contact case's fellows are members of the lost member's village who live in the
// same city (current city or host branch's city), proved their mobile and checked in within a
// year; staff who see the case list them (audited) and record asking one as a `fellow` attempt.
import { env } from 'cloudflare:test';
import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, contactAttempts, lostContactCases, members, type ContactAttempt, type LostContactFellowsPage } from '../../schema/index.ts';
import type { BatchItem } from 'drizzle-orm/batch';
import { erasePersonalData } from '../../worker/src/data/erase-personal-data.ts';
import { insertMemberIfNew } from '../../worker/src/data/scope-copies.ts';
import { followUpLostContact, LOST_AFTER_MS } from '../../worker/src/jobs/lost-contact.ts';
import { call, db, expectError, seed } from './helpers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';
import { signIn, type Session } from './staff-helpers.ts';

checkScopeCopiesAfterEach();

const DAY = 86_400_000;
const as: Record<string, Session> = {};
let zhangCase = '';
let liCase = '';

const verified = (id: string, o: { daysAgo: number; city?: string }) => db().update(members)
  .set({ mobileVerifiedAt: Date.now() - 500 * DAY, lastCheckInAt: Date.now() - o.daysAgo * DAY, ...(o.city ? { currentCity: o.city } : {}) })
  .where(eq(members.id, id));

beforeAll(async () => {
  await seed();
  for (const [name, mobile] of Object.entries({ admin: '13900000001', town: '13900000002', village: '13900000003', committee: '13900000004', branch: '13900000005', partner: '13900000007' })) {
    as[name] = await signIn(mobile);
  }
  // Everyone lost long ago: the daily job opens a case for each.
  await db().update(members).set({ createdAt: Date.now() - LOST_AFTER_MS - DAY, lastCheckInAt: null });
  await followUpLostContact(env.DB);
  const caseOf = async (m: string) => (await db().select().from(lostContactCases).where(and(eq(lostContactCases.memberId, m), isNull(lostContactCases.closedAt))))[0]!.id;
  zhangCase = await caseOf('mb_demo_01'); // 张伟: 港上北村, 常州, hosted by 凌家塘 (Changzhou)
  liCase = await caseOf('mb_demo_02'); // 李娜: 姚湾村, 苏州
  // 港上北村's 陈静 lives in Changzhou by her branch (新北), whatever she typed; 周杰 by what he typed (常州), hosted in Xi'an.
  await verified('mb_demo_05', { daysAgo: 10, city: '新北区' });
  await verified('mb_demo_07', { daysAgo: 20, city: '常州' });
  // Not fellows: 孙丽 (same village, 常州) last checked in over a year ago; 吴敏 (常州) is of the town, not the
  // village; 郑浩 (常州) of another village; and a villager in 常州 who never proved the mobile.
  await verified('mb_demo_06', { daysAgo: 400, city: '常州' });
  await verified('mb_demo_08', { daysAgo: 5 });
  await verified('mb_demo_09', { daysAgo: 5 });
  await db().batch(insertMemberIfNew(db(), {
    id: 'mb_unverified', tenantId: 'pizhou', name: '赵六', mobile: '13800000010', homeUnitId: 'hu_gangshang_bei', currentCity: '常州',
    category: 'worker', lastCheckInAt: Date.now() - DAY,
  }) as [BatchItem<'sqlite'>]);
});

const get = (who: string, path: string) => call(path, { headers: as[who]!.headers });
const post = (who: string, path: string, body: unknown) => call(path, {
  method: 'POST', headers: { ...as[who]!.headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
});
async function fellows(who: string, caseId: string, query = '') {
  const res = await get(who, `/v1/lost-contact/${caseId}/fellows${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json<LostContactFellowsPage>();
}

describe('fellows', () => {
  it('lists the village\'s verified, recent members in the same city, most recent first, with their mobiles', async () => {
    const page = await fellows('village', zhangCase);
    expect(page.cities).toEqual(['常州']);
    expect(page.data.map((f) => f.id)).toEqual(['mb_demo_05', 'mb_demo_07']);
    expect(page.data[0]).toMatchObject({ name: '陈静', mobile: '13800000005', currentCity: '新北区', hostBranch: { id: 'br_cz_xinbei' } });
    expect(page.nextCursor).toBeNull();
  });

  it('pages with a cursor, and audits each page with the lost member and the fellows shown', async () => {
    const first = await fellows('village', zhangCase, '?limit=1');
    expect(first.data.map((f) => f.id)).toEqual(['mb_demo_05']);
    const second = await fellows('village', zhangCase, `?limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.data.map((f) => f.id)).toEqual(['mb_demo_07']);
    expect(second.nextCursor).toBeNull();
    const entries = await db().select().from(auditLog).where(and(eq(auditLog.action, 'lost_contact.fellows'), eq(auditLog.subjectId, 'mb_demo_01')));
    expect(entries.map((e) => (e.detail as { ids: string[] }).ids)).toEqual(expect.arrayContaining([['mb_demo_05'], ['mb_demo_07']]));
    expect(entries.every((e) => e.userId === 'su_demo_village' && (e.detail as { case: string }).case === zhangCase)).toBe(true);
  });

  it('is for whoever sees the case: their town, village, branch, the admin; out of scope a 404, partners a 403', async () => {
    for (const who of ['admin', 'town', 'branch']) expect((await fellows(who, zhangCase)).data).toHaveLength(2);
    await expectError(await get('committee', `/v1/lost-contact/${zhangCase}/fellows`), 404, 'not_found');
    await expectError(await get('village', `/v1/lost-contact/${liCase}/fellows`), 404, 'not_found');
    await expectError(await get('partner', `/v1/lost-contact/${zhangCase}/fellows`), 403, 'forbidden');
    // 李娜 has no fellows: nobody else of 姚湾村 checked in within the year in 苏州.
    expect((await fellows('admin', liCase)).data).toEqual([]);
  });

  it('refuses bad paging', async () => {
    for (const q of ['?limit=0', '?limit=51', '?limit=x', '?cursor=abc', '?cursor=1:bad-id!']) {
      await expectError(await get('village', `/v1/lost-contact/${zhangCase}/fellows${q}`), 400, 'validation_failed');
    }
  });
});

describe('asking a fellow', () => {
  const attempts = async () => (await db().select().from(contactAttempts).where(eq(contactAttempts.caseId, zhangCase))).length;

  it('refuses a fellow who is not of the village, unknown, the member, or on another channel, recording nothing', async () => {
    const path = `/v1/lost-contact/${zhangCase}/attempts`;
    for (const fellowMemberId of ['mb_demo_09', 'mb_nobody', 'mb_demo_01']) {
      await expectError(await post('village', path, { channel: 'fellow', outcome: 'no_answer', fellowMemberId }), 400, 'validation_failed');
    }
    await expectError(await post('village', path, { channel: 'phone', outcome: 'no_answer', fellowMemberId: 'mb_demo_05' }), 400, 'validation_failed');
    await expectError(await post('committee', path, { channel: 'fellow', outcome: 'no_answer', fellowMemberId: 'mb_demo_05' }), 404, 'not_found');
    expect(await attempts()).toBe(0);
  });

  it('records asking one; news through them finds the member and closes the case', async () => {
    const path = `/v1/lost-contact/${zhangCase}/attempts`;
    const asked = await post('village', path, { channel: 'fellow', outcome: 'no_answer', fellowMemberId: 'mb_demo_07', note: '周杰不认识' });
    expect(asked.status, await asked.clone().text()).toBe(201);
    expect(await asked.json<ContactAttempt>()).toMatchObject({ channel: 'fellow', fellow: { id: 'mb_demo_07', name: '周杰' } });
    const relayed = await post('village', path, { channel: 'fellow', outcome: 'relayed', fellowMemberId: 'mb_demo_05', note: '陈静说他在武进开店' });
    expect(relayed.status).toBe(201);
    const [row] = await db().select().from(lostContactCases).where(eq(lostContactCases.id, zhangCase));
    expect(row!.closedReason).toBe('found');
    const listed = await (await get('village', path)).json<{ data: ContactAttempt[] }>();
    expect(listed.data.map((a) => [a.channel, a.outcome, a.fellow?.name])).toEqual([['fellow', 'no_answer', '周杰'], ['fellow', 'relayed', '陈静']]);
    const audited = await db().select().from(auditLog).where(and(eq(auditLog.action, 'lost_contact.attempt'), eq(auditLog.subjectId, 'mb_demo_01')));
    expect(audited.map((a) => (a.detail as { fellow?: string }).fellow)).toEqual(['mb_demo_07', 'mb_demo_05']);
  });

  it('keeps the attempt, without the fellow, when the fellow\'s data is erased', async () => {
    const { statements } = erasePersonalData(db(), 'pizhou', '13800000005', 'hash-of-13800000005');
    await db().batch(statements as [BatchItem<'sqlite'>]);
    const rows = await db().select().from(contactAttempts).where(eq(contactAttempts.caseId, zhangCase));
    expect(rows.map((r) => [r.channel, r.outcome, r.fellowMemberId])).toEqual([['fellow', 'no_answer', 'mb_demo_07'], ['fellow', 'relayed', null]]);
  });
});
