// Trust follows verification: chains of allowed calls that must not leak a member's data or move
// them. A second submission for someone's number learns nothing of the first; a secretary cannot
// pull a member into their scope with an unverified check-in they confirm themselves.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, checkIns, members, type CheckIn, type CheckInReceipt, type Role } from '../../schema/index.ts';
import type { ResolvedKey } from '../../worker/src/env.ts';
import { freshMobile, submission, submit } from './check-in-helpers.ts';
import { call, db, expectError, PK, proofFor, roleKey, seed, SK, withKey } from './helpers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';

// Every write here leaves every scope copy equal to what it copies (worker/src/data/scope-copies.ts).
checkScopeCopiesAfterEach();

const keys: Record<string, { token: string; key: ResolvedKey }> = {};
const token = (name: string) => (name === 'admin' ? SK : keys[name]!.token);

const addKey = async (name: string, role: Role, node: string | null) => { keys[name] = await roleKey(role, node); };

beforeAll(async () => {
  await seed();
  const add = addKey;
  await add('kangfu', 'branch_secretary', 'br_xa_kangfu');
  await add('xian', 'committee_secretary', 'cm_xian');
  await add('lingjiatang', 'branch_secretary', 'br_cz_lingjiatang');
  await add('sip', 'branch_secretary', 'br_sz_sip');
  await add('zhongxin', 'village_staff', 'hu_yunhe_zhongxin');
  await add('chamber', 'partner', 'pt_cz_chamber');
});

const readAs = async (name: string, id: string) => (await call(`/v1/check-ins/${id}`, withKey(token(name)))).json<CheckIn>();
const decide = (name: string, id: string, action: 'confirm' | 'reject' = 'confirm', body: unknown = {}) =>
  call(`/v1/check-ins/${id}/${action}`, { method: 'POST', ...withKey(token(name), { 'Content-Type': 'application/json' }), body: JSON.stringify(body) });
const idOf = async (reference: string) => (await db().select({ id: checkIns.id }).from(checkIns).where(eq(checkIns.reference, reference)))[0]!.id;
const member = async (id: string) => (await db().select().from(members).where(eq(members.id, id)))[0]!;

describe('a second submission for the same number discloses nothing of the first', () => {
  it('learns neither the reference, the time nor the needs; files a check-in of its own, audited', async () => {
    const mobile = freshMobile();
    const victim = submission({ mobile, branchId: 'br_xa_kangfu', needs: ['hardship', 'legal'] });
    const first = await (await submit(victim)).json<CheckInReceipt>();

    // The form without a code for the number: refused before anything is looked up.
    const probe = submission({ mobile, branchId: 'br_xa_kangfu', name: '冒充者' });
    const refused = await submit({ ...probe, mobileProof: undefined });
    await expectError(refused.clone(), 403, 'mobile_unverified');
    expect(await refused.text()).not.toContain(first.reference);

    // A partner key may check members in without a code: it gets a check-in of its own.
    const res = await submit(probe, { key: token('chamber') });
    expect(res.status).toBe(201);
    const text = await res.text();
    const second: CheckInReceipt = JSON.parse(text);
    expect(second.reference).not.toBe(first.reference);
    expect(second.createdAt).not.toBe(first.createdAt);
    expect(second.serviceRequests).toEqual([]);
    for (const leaked of [first.reference, 'hardship', 'legal', ...first.serviceRequests.map((r) => r.reference)]) expect(text).not.toContain(leaked);
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.subjectId, await idOf(second.reference)));
    expect(entry).toMatchObject({ action: 'check_in.create', keyId: keys.chamber!.key.id, detail: { mobileVerified: false } });

    // The member themself (verified), under a new Idempotency-Key: their own pending receipt.
    const again = await (await submit(victim)).json<CheckInReceipt>();
    expect(again.reference).toBe(first.reference);
  });

  it('a status lookup needs the mobile too, and is limited per reference', async () => {
    const mobile = freshMobile();
    const { reference } = await (await submit(submission({ mobile }))).json<CheckInReceipt>();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const last4 = i === 0 ? mobile.slice(-4) : String(1000 + i);
      statuses.push((await call(`/v1/check-ins/status?reference=${reference}&mobileLast4=${last4}&key=${PK}`)).status);
    }
    expect(statuses).toEqual([200, 404, 404, 404, 404, 404, 404, 404, 404, 404, 429]);
    await expectError(await call(`/v1/check-ins/status?reference=${reference}&key=${PK}`), 400, 'validation_failed');
  });
});

describe('a secretary cannot pull a member into their scope', () => {
  it('an unverified check-in for a member hosted elsewhere: no roster data shown, and the receiving side alone cannot confirm it', async () => {
    const before = await member('mb_demo_01'); // 张伟, hosted by 凌家塘 (Changzhou)
    const res = await submit(submission({ mobile: '13800000001', name: '张三', branchId: 'br_xa_kangfu', currentCity: '西安', category: 'worker', employer: '冒充公司' }),
      { key: token('kangfu') });
    const { reference } = await res.json<CheckInReceipt>();
    const id = await idOf(reference);

    const seen = await readAs('kangfu', id);
    expect(seen).toMatchObject({ member: null, nameMismatch: null, matchesMember: true, mobileVerified: false, submittedName: '张三',
      decision: { needsRelease: true, acceptedAt: null, releasedAt: null } });
    expect(JSON.stringify(seen)).not.toContain('张伟');

    const accepted = await decide('kangfu', id);
    expect(accepted.status).toBe(200);
    expect(await accepted.json<CheckIn>()).toMatchObject({ status: 'pending', decision: { needsRelease: true, releasedAt: null } });
    await expectError(await decide('kangfu', id), 409, 'conflict');
    await expectError(await decide('xian', id), 409, 'conflict'); // the same side, through its committee
    expect(await member('mb_demo_01')).toEqual(before);
    await expectError(await call('/v1/members/mb_demo_01', withKey(token('kangfu'))), 404, 'not_found');
    await expectError(await decide('sip', id), 404, 'not_found');

    // The branch that has the member agrees: the handover happens, the roster's data stays.
    const released = await decide('lingjiatang', id);
    expect(await released.json<CheckIn>()).toMatchObject({ status: 'confirmed', previousBranch: { id: 'br_cz_lingjiatang' } });
    const after = await member('mb_demo_01');
    expect(after).toMatchObject({ hostBranchId: 'br_xa_kangfu', currentCity: before.currentCity, category: before.category, employer: before.employer, name: '张伟' });
    const audit = await db().select().from(auditLog).where(eq(auditLog.subjectId, id));
    expect(audit.map((e) => [e.action, (e.detail as { sides?: string; confirmed?: boolean }).sides, (e.detail as { confirmed?: boolean }).confirmed]))
      .toEqual(expect.arrayContaining([['check_in.confirm', 'receiving', false], ['check_in.confirm', 'releasing', true]]));
  });

  it('a member with no host branch: the home side is the other side; it may also refuse', async () => {
    // 刘洋 (mb_demo_04) is on the roster, from 运河中心村, hosted nowhere.
    const first = await (await submit(submission({ mobile: '13800000004', name: '刘洋', branchId: 'br_xa_kangfu', homeUnitId: 'hu_yunhe_zhongxin' }),
      { key: token('kangfu') })).json<CheckInReceipt>();
    const id = await idOf(first.reference);
    expect(await readAs('zhongxin', id)).toMatchObject({ member: { id: 'mb_demo_04', name: '刘洋' }, decision: { needsRelease: true } });
    expect((await decide('zhongxin', id)).status).toBe(200);
    expect((await member('mb_demo_04')).hostBranchId).toBeNull();
    expect(await (await decide('kangfu', id)).json<CheckIn>()).toMatchObject({ status: 'confirmed' });
    expect((await member('mb_demo_04')).hostBranchId).toBe('br_xa_kangfu');

    // Another unverified one, elsewhere: the side that has the member now refuses it.
    const second = await (await submit(submission({ mobile: '13800000004', branchId: 'br_xa_tangyan' }), { key: token('xian') })).json<CheckInReceipt>();
    const rejected = await decide('kangfu', await idOf(second.reference), 'reject', { reason: '本人未申请转移' });
    expect(await rejected.json<CheckIn>()).toMatchObject({ status: 'rejected', rejectReason: '本人未申请转移' });
    expect((await member('mb_demo_04')).hostBranchId).toBe('br_xa_kangfu');
  });

  it('a verified check-in (the member proved the number) is decided by the receiving side alone and updates the roster', async () => {
    const s = submission({ mobile: '13800000003', name: '王强', branchId: 'br_sz_sip', currentCity: '苏州', category: 'employee', employer: '苏州某厂' });
    const { reference } = await (await submit({ ...s, mobileProof: await proofFor(s.mobile) })).json<CheckInReceipt>();
    const id = await idOf(reference);
    expect(await readAs('sip', id)).toMatchObject({ member: null, mobileVerified: true, decision: { needsRelease: false } });
    expect(await (await decide('sip', id)).json<CheckIn>()).toMatchObject({ status: 'confirmed', previousBranch: { id: 'br_xa_kangfu' } });
    expect(await member('mb_demo_03')).toMatchObject({ hostBranchId: 'br_sz_sip', currentCity: '苏州', category: 'employee', employer: '苏州某厂' });
  });

  it('both sides agreeing at once confirm exactly once', async () => {
    const { reference } = await (await submit(submission({ mobile: '13800000009', branchId: 'br_xa_kangfu' }), { key: token('kangfu') })).json<CheckInReceipt>();
    const id = await idOf(reference);
    const answers = await Promise.all([decide('kangfu', id), decide('lingjiatang', id)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const [row] = await db().select().from(checkIns).where(eq(checkIns.id, id));
    expect(row).toMatchObject({ status: 'confirmed' });
    expect((await member('mb_demo_09')).hostBranchId).toBe('br_xa_kangfu');
  });
});

describe('agreements are judged on the member as they are now', () => {
  it('an unverified check-in made before the member was on the roster still needs the side that hosts them now', async () => {
    const mobile = freshMobile();
    // A secretary enters a number nobody has used yet: the member row is this check-in's.
    const squat = await (await submit(submission({ mobile, name: '占位', branchId: 'br_xa_kangfu' }), { key: token('kangfu') })).json<CheckInReceipt>();
    const squatId = await idOf(squat.reference);
    // The member themself checks in, verified, at 凌家塘, which confirms it.
    const own = await (await submit({ ...submission({ mobile, branchId: 'br_cz_lingjiatang' }), mobileProof: await proofFor(mobile) })).json<CheckInReceipt>();
    expect(await (await decide('lingjiatang', await idOf(own.reference))).json<CheckIn>()).toMatchObject({ status: 'confirmed' });
    // The old unverified check-in now needs 凌家塘 to agree.
    const accepted = await (await decide('kangfu', squatId)).json<CheckIn>();
    expect(accepted).toMatchObject({ status: 'pending', decision: { needsRelease: true } });
    const [row] = await db().select().from(members).where(eq(members.mobile, mobile));
    expect(row!.hostBranchId).toBe('br_cz_lingjiatang');
  });

  it('a release by the branch a member has since left does not count', async () => {
    // 陈静 (mb_demo_05) is hosted by 新北.
    const { reference } = await (await submit(submission({ mobile: '13800000005', branchId: 'br_xa_kangfu' }), { key: token('kangfu') })).json<CheckInReceipt>();
    const id = await idOf(reference);
    await addKey('xinbei', 'branch_secretary', 'br_cz_xinbei');
    expect(await (await decide('xinbei', id)).json<CheckIn>()).toMatchObject({ status: 'pending', decision: { releasedAt: expect.any(Number) } });
    // She moves to SIP herself, verified.
    const own = await (await submit({ ...submission({ mobile: '13800000005', branchId: 'br_sz_sip' }), mobileProof: await proofFor('13800000005') })).json<CheckInReceipt>();
    expect(await (await decide('sip', await idOf(own.reference))).json<CheckIn>()).toMatchObject({ status: 'confirmed' });
    // 新北's release is void: 康复 alone cannot complete the move away from SIP.
    expect(await (await decide('kangfu', id)).json<CheckIn>()).toMatchObject({ status: 'pending', decision: { releasedAt: null } });
    expect((await member('mb_demo_05')).hostBranchId).toBe('br_sz_sip');
    expect(await (await decide('sip', id)).json<CheckIn>()).toMatchObject({ status: 'confirmed' });
  });
});

describe('service requests show the roster only to those who already see the member', () => {
  it('a station manager, and a branch a member checked in to, see the name given, never the roster\'s name or home unit', async () => {
    await addKey('beijing', 'station_manager', 'st_beijing');
    // 王强 (mb_demo_03) is on the roster; a request is filed for his number under another name.
    const filedRes = await call('/v1/service-requests', {
      method: 'POST', ...withKey(token('beijing'), { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() }),
      body: JSON.stringify({ name: '某人', mobile: '13800000003', homeUnitId: 'hu_yunhe_zhongxin', currentCity: '北京', memberCategory: 'worker',
        category: 'legal', stationId: 'st_beijing', description: '咨询', consent: { version: 'service-request-consent-2026-11', granted: true } }),
    });
    expect(filedRes.status).toBe(201);
    const page = await (await call('/v1/service-requests', withKey(token('beijing')))).json<{ data: { member: { name: string }; homeUnit: unknown; nameMismatch: unknown }[] }>();
    expect(page.data[0]).toMatchObject({ member: { name: '某人' }, homeUnit: null, nameMismatch: null });
    expect(JSON.stringify(page)).not.toContain('王强');

    // 李娜 (mb_demo_02, hosted by SIP) checked in at 康复 by its secretary, with a need.
    await submit(submission({ mobile: '13800000002', name: '李某', branchId: 'br_xa_kangfu', needs: ['legal'] }), { key: token('kangfu') });
    const kangfu = await (await call('/v1/service-requests', withKey(token('kangfu')))).json<{ data: { member: { name: string }; homeUnit: unknown }[] }>();
    expect(kangfu.data.length).toBeGreaterThan(0);
    expect(JSON.stringify(kangfu)).not.toContain('李娜');
    expect(kangfu.data.find((r) => r.member.name === '李某')).toMatchObject({ homeUnit: null });
    // The branch hosting her sees the roster's record.
    const sip = await (await call('/v1/service-requests', withKey(token('sip')))).json<{ data: { member: { name: string }; homeUnit: { id: string } | null }[] }>();
    expect(sip.data.find((r) => r.member.name === '李娜')).toMatchObject({ homeUnit: { id: 'hu_tiefu_yaowan' } });
  });
});

describe('the per-number limit is the member\'s own', () => {
  it('refused submissions and unverified senders do not use up a verified member\'s check-ins', async () => {
    const mobile = freshMobile();
    for (let i = 0; i < 5; i++) await expectError(await submit(submission({ mobile, branchId: 'br_nope' }), { key: token('chamber') }), 404, 'not_found');
    for (let i = 0; i < 5; i++) expect((await submit(submission({ mobile }), { key: token('chamber') })).status).toBe(201);
    await expectError(await submit(submission({ mobile }), { key: token('chamber') }), 429, 'rate_limited');
    expect((await submit(submission({ mobile }))).status).toBe(201);
  });
});
