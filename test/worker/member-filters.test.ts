// GET /v1/members filters that no index serves (verified, last check-in, never checked in): a page
// examines the next `limit` members and lists those that match; partners may not use them.
import { env } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, checkIns, members, type CheckInReceipt, type MemberPage } from '../../schema/index.ts';
import { freshMobile, submission, submit } from './check-in-helpers.ts';
import { call, db, expectError, proofFor, roleKey, seed, SK, withKey } from './helpers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';

checkScopeCopiesAfterEach();

let chamber = '';
beforeAll(async () => {
  await seed();
  chamber = (await roleKey('partner', 'pt_cz_chamber')).token;
  // Last check-ins: 01 and 05 in 2025, 07 in 2026; the others never.
  const at = (id: string, when: number) => db().update(members).set({ lastCheckInAt: when }).where(eq(members.id, id));
  await at('mb_demo_01', Date.UTC(2025, 3, 1));
  await at('mb_demo_05', Date.UTC(2025, 10, 1));
  await at('mb_demo_07', Date.UTC(2026, 1, 1));
});

async function page(query: string, key = SK) {
  const res = await call(`/v1/members?${query}`, withKey(key));
  expect(res.status).toBe(200);
  return { page: await res.json<MemberPage>(), requestId: res.headers.get('X-Request-Id')! };
}
/** Every page of `query`, two members examined a page: the ids listed and the pages' sizes. */
async function walk(query: string) {
  const ids: string[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  do {
    const { page: p } = await page(`limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`);
    ids.push(...p.data.map((m) => m.id));
    sizes.push(p.data.length);
    cursor = p.nextCursor;
  } while (cursor);
  return { ids, sizes };
}
const mb = (...n: number[]) => n.map((i) => `mb_demo_0${i}`);
const confirm = (id: string) => call(`/v1/check-ins/${id}/confirm`, { method: 'POST', ...withKey(SK, { 'Content-Type': 'application/json' }), body: '{}' });
const checkInId = async (reference: string) => (await db().select({ id: checkIns.id }).from(checkIns).where(eq(checkIns.reference, reference)))[0]!.id;
const memberOf = async (mobile: string) => (await db().select().from(members).where(eq(members.mobile, mobile)))[0]!;

describe('last check-in', () => {
  it('lastCheckInBefore: checked in before the date, never-checked-in members only when asked', async () => {
    const before = Date.UTC(2026, 0, 1);
    expect((await walk(`lastCheckInBefore=${before}`)).ids).toEqual(mb(1, 5));
    expect((await walk(`lastCheckInBefore=${before}&neverCheckedIn=true`)).ids).toEqual(mb(1, 2, 3, 4, 5, 6, 8, 9));
    expect((await walk('neverCheckedIn=true')).ids).toEqual(mb(2, 3, 4, 6, 8, 9));
    expect((await walk('neverCheckedIn=false')).ids).toEqual(mb(1, 5, 7));
    expect((await walk(`lastCheckInBefore=${Date.UTC(2025, 3, 1)}`)).ids).toEqual([]); // strictly before
  });

  it('combines with category and the tree filters', async () => {
    expect((await walk(`lastCheckInBefore=${Date.UTC(2027, 0, 1)}&category=business_owner`)).ids).toEqual(mb(1, 7));
    expect((await walk('neverCheckedIn=true&homeUnit=hu_tiefu')).ids).toEqual(mb(2, 9));
  });

  it('a page examines `limit` members: fewer or none listed while nextCursor goes on', async () => {
    const { ids, sizes } = await walk(`lastCheckInBefore=${Date.UTC(2026, 0, 1)}`);
    expect(ids).toEqual(mb(1, 5));
    // Nine members, two a page: 01 in the first page, none in the next, 05 in the third, none after.
    expect(sizes).toEqual([1, 0, 1, 0, 0]);
  });

  it('is audited with the ids listed and the filters given', async () => {
    const before = Date.UTC(2026, 0, 1);
    const { requestId } = await page(`limit=4&lastCheckInBefore=${before}&neverCheckedIn=true&verified=false`);
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.requestId, requestId));
    expect(entry).toMatchObject({ action: 'member.list', subjectType: 'member' });
    expect(entry!.detail).toEqual({
      ids: mb(1, 2, 3, 4), filters: { lastCheckInBefore: before, neverCheckedIn: true, verified: false }, cursor: null, limit: 4,
    });
  });

  it('refuses values that are not a date or a boolean', async () => {
    for (const query of ['lastCheckInBefore=yesterday', 'lastCheckInBefore=-1', 'neverCheckedIn=yes', 'verified=1']) {
      const error = await expectError(await call(`/v1/members?${query}`, withKey(SK)), 400, 'validation_failed');
      expect((error.details as { path: string }[])[0]!.path).toBe(query.split('=')[0]);
    }
  });
});

describe('verified', () => {
  it('a confirmed check-in with a proved mobile verifies its member; one without, or a pending one, does not', async () => {
    const proved = submission({ mobile: freshMobile(), branchId: 'br_cz_lingjiatang' });
    const unproved = submission({ mobile: freshMobile(), branchId: 'br_cz_lingjiatang' });
    const waiting = submission({ mobile: freshMobile(), branchId: 'br_cz_lingjiatang' });
    const sent = {
      proved: await (await submit({ ...proved, mobileProof: await proofFor(proved.mobile) })).json<CheckInReceipt>(),
      unproved: await (await submit(unproved, { key: SK })).json<CheckInReceipt>(),
    };
    expect((await submit({ ...waiting, mobileProof: await proofFor(waiting.mobile) })).status).toBe(201);
    for (const receipt of Object.values(sent)) expect((await confirm(await checkInId(receipt.reference))).status).toBe(200);
    const [p, u, w] = [await memberOf(proved.mobile), await memberOf(unproved.mobile), await memberOf(waiting.mobile)];
    const [row] = await db().select({ createdAt: checkIns.createdAt }).from(checkIns).where(eq(checkIns.reference, sent.proved.reference));
    expect(p.mobileVerifiedAt).toBe(row!.createdAt);
    expect([u.mobileVerifiedAt, w.mobileVerifiedAt]).toEqual([null, null]);
    const verified = (await walk('verified=true&branch=br_cz_lingjiatang')).ids;
    const unverified = (await walk('verified=false&branch=br_cz_lingjiatang')).ids;
    expect(verified).toEqual([p.id]);
    expect(unverified).toEqual(expect.arrayContaining([u.id, ...mb(1, 9)]));
    expect(unverified).not.toContain(p.id);

    // A second verified check-in keeps the first proof's time.
    const again = await (await submit({ ...proved, branchId: 'br_cz_xinbei', mobileProof: await proofFor(proved.mobile) })).json<CheckInReceipt>();
    expect((await confirm(await checkInId(again.reference))).status).toBe(200);
    expect((await memberOf(proved.mobile)).mobileVerifiedAt).toBe(row!.createdAt);
  });

  it('the migration backfills members from their confirmed verified check-ins, and only those', async () => {
    const verifiedBefore = await db().select({ id: members.id, at: members.mobileVerifiedAt }).from(members).orderBy(members.id);
    expect(verifiedBefore.some((m) => m.at !== null)).toBe(true);
    await db().update(members).set({ mobileVerifiedAt: null });
    const backfill = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0013_member_mobile_verified'))!.queries.filter((q) => /^\s*UPDATE/m.test(q));
    expect(backfill).toHaveLength(1);
    await env.DB.prepare(backfill[0]!).run();
    expect(await db().select({ id: members.id, at: members.mobileVerifiedAt }).from(members).orderBy(members.id)).toEqual(verifiedBefore);
  });
});

describe('partners', () => {
  it('may not filter on what their view hides: a 400 naming each parameter', async () => {
    for (const [query, path] of [['verified=true', 'verified'], ['verified=false', 'verified'], ['lastCheckInBefore=1', 'lastCheckInBefore'], ['neverCheckedIn=true', 'neverCheckedIn'], ['neverCheckedIn=false', 'neverCheckedIn']]) {
      const error = await expectError(await call(`/v1/members?${query}&category=worker`, withKey(chamber)), 400, 'validation_failed');
      expect(error.details).toEqual([{ path, message: expect.stringMatching(/partner view does not show it/) }]);
    }
    // Category, which the view shows, still works: a page of consents examined, those that match listed.
    const { page: p } = await page('category=business_owner&limit=10', chamber);
    expect(p.data.map((m) => m.id)).toEqual(mb(1, 9));
  });
});
