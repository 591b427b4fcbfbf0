// A member's own data: after proving the mobile by SMS code, they see and download everything held
// about it, withdraw consents and ask for a correction or erasure; nobody else can, whatever key,
// number or proof they bring.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog, checkIns, dataRequests, partnerConsents, tenants, type CheckInReceipt, type DataRequest, type MyData,
} from '../../schema/index.ts';
import { chinaTime, deliver, outboxFor, rowsFor } from './notification-helpers.ts';
import { myDataReads } from '../../worker/src/data/my-data.ts';
import { env } from 'cloudflare:test';
import { freshMobile, submission, submit } from './check-in-helpers.ts';
import { call, db, expectError, issueTestKey, PK, proofFor, seed, SK } from './helpers.ts';
import { codeSentTo, postJson, sendCode } from './mobile-helpers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';

checkScopeCopiesAfterEach();

const my = (path: string, body: unknown, key = PK) => call(`/v1/my-data${path}?key=${key}`, postJson(body));
/** A member who checked in (pending) at Lingjiatang: their mobile and proof. */
async function checkedIn(name = '自助者') {
  const mobile = freshMobile();
  const res = await submit(submission({ mobile, name, employer: '某厂', needs: ['policy'] }));
  expect(res.status).toBe(201);
  return { mobile, mobileProof: await proofFor(mobile), receipt: await res.json<CheckInReceipt>() };
}

beforeAll(seed);

describe('POST /v1/my-data', () => {
  it('gives everything held about the proved mobile, records the copy, and says no-store', async () => {
    const me = await checkedIn();
    // The proof from the real code flow, as the page gets it.
    const id = await sendCode(me.mobile);
    const check = await call(`/v1/mobile-verifications/${id}/check?key=${PK}`, postJson({ code: await codeSentTo(me.mobile) }));
    const { mobileProof } = await check.json<{ mobileProof: string }>();
    const res = await my('', { mobile: me.mobile, mobileProof });
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const data = await res.json<MyData>();
    expect(data.member).toMatchObject({ name: '自助者', mobile: me.mobile, homeUnit: { id: 'hu_gangshang_bei' } });
    expect(data.checkIns).toEqual([expect.objectContaining({
      reference: me.receipt.reference, status: 'pending', submittedName: '自助者', employer: '某厂', needs: ['policy'], consentWithdrawnAt: null,
    })]);
    expect(data.serviceRequests).toEqual([expect.objectContaining({ category: 'policy', status: 'open' })]);
    expect(data.messages).toEqual([expect.objectContaining({ template: 'verification_code' })]);
    expect(data.dataRequests).toEqual([expect.objectContaining({ kind: 'export', status: 'done' })]);
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.subjectId, data.dataRequests[0]!.id));
    expect(audit).toMatchObject({ action: 'data_request.export', keyId: 'key_demo_pk' });
    expect(JSON.stringify(audit)).not.toContain(me.mobile);
  });

  it('refuses without a proof, with a proof of another number, or a forged or expired one; the answer is the same for a stranger', async () => {
    const a = await checkedIn();
    const b = await checkedIn();
    const before = (await db().select().from(dataRequests)).length;
    await expectError(await my('', { mobile: b.mobile, mobileProof: a.mobileProof }), 403, 'mobile_unverified');
    await expectError(await my('', { mobile: freshMobile(), mobileProof: a.mobileProof }), 403, 'mobile_unverified');
    await expectError(await my('', { mobile: a.mobile, mobileProof: `${a.mobileProof.split('.')[0]}.00` }), 403, 'mobile_unverified');
    await expectError(await my('', { mobile: a.mobile }), 400, 'validation_failed');
    await expectError(await my('', { mobile: 'not a number', mobileProof: a.mobileProof }), 400, 'validation_failed');
    // Nothing read, nothing recorded.
    expect((await db().select().from(dataRequests)).length).toBe(before);
  });

  it('is for publishable keys: a secret key is refused even with a proof; another tenant\'s key finds no proof of ours valid', async () => {
    const me = await checkedIn();
    const res = await call('/v1/my-data', { ...postJson({ mobile: me.mobile, mobileProof: me.mobileProof }), headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${SK}` } });
    await expectError(res, 403, 'forbidden');
    const other = await issueTestKey({ tenantId: 'pizhou', kind: 'publishable', role: null, scopeNodeId: null, allowedOrigins: ['http://localhost:*'] });
    // Same tenant, another publishable key: the proof is the tenant's, so it works.
    expect((await my('', { mobile: me.mobile, mobileProof: me.mobileProof }, other.token)).status).toBe(200);
    await db().insert(tenants).values({ id: 'elsewhere', nameZh: '别处', nameEn: 'Elsewhere' }).onConflictDoNothing();
    const foreign = await issueTestKey({ tenantId: 'elsewhere', kind: 'publishable', role: null, scopeNodeId: null, allowedOrigins: ['http://localhost:*'] });
    await expectError(await my('', { mobile: me.mobile, mobileProof: me.mobileProof }, foreign.token), 403, 'mobile_unverified');
  });
});

describe('the copy\'s reads', () => {
  it('each seeks an index by the number or the member: none scans a table that grows with the roster', async () => {
    for (const read of myDataReads(db(), 'pizhou', '13800000001')) {
      const { sql: text, params } = read.toSQL();
      const { results } = await env.DB.prepare(`explain query plan ${text}`).bind(...params).all<{ detail: string }>();
      const plan = results.map((r) => r.detail);
      // Only the small lookup tables may be read whole or by primary key.
      expect(plan.filter((d) => /^SCAN (members|check_ins|service_requests|partner_consents|sms_outbox)\b/.test(d) && !d.includes('USING')), plan.join('; ')).toEqual([]);
    }
  });
});

describe('POST /v1/my-data/consents/withdraw', () => {
  it('withdraws the check-in consent at once: pending check-ins end, the record of consent stays', async () => {
    const me = await checkedIn();
    const res = await my('/consents/withdraw', { mobile: me.mobile, mobileProof: me.mobileProof, consent: 'check_in' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ withdrawn: 1 });
    const [row] = await db().select().from(checkIns).where(eq(checkIns.reference, me.receipt.reference));
    expect(row).toMatchObject({ status: 'rejected', consentVersion: expect.any(String) as never, rejectReason: expect.stringContaining('withdrew consent') as never });
    expect(row!.consentWithdrawnAt).toBeGreaterThan(0);
    // Twice: nothing left to withdraw.
    await expectError(await my('/consents/withdraw', { mobile: me.mobile, mobileProof: me.mobileProof, consent: 'check_in' }), 404, 'not_found');
    // Staff can no longer confirm it.
    const confirm = await call(`/v1/check-ins/${row!.id}/confirm`, { method: 'POST', headers: { Authorization: `Bearer ${SK}` } });
    expect(confirm.status).toBe(409);
  });

  it('takes the SMS opt-in with it: a message still waiting is not sent, and no decision writes another', async () => {
    const mobile = freshMobile();
    const waiting = await (await submit(submission({ mobile, notify: true }))).json<CheckInReceipt>();
    const later = await (await submit(submission({ mobile, notify: true, branchId: 'br_sz_sip' }))).json<CheckInReceipt>();
    const staff = (id: string) => call(`/v1/check-ins/${id}/confirm`, { method: 'POST', headers: { Authorization: `Bearer ${SK}` } });
    expect((await staff(waiting.id)).status).toBe(200);
    const [row] = await rowsFor(waiting.id);
    expect(row).toMatchObject({ channel: 'sms', status: 'queued' });
    expect((await my('/consents/withdraw', { mobile, mobileProof: await proofFor(mobile), consent: 'check_in' })).status).toBe(200);
    expect(await rowsFor(waiting.id)).toMatchObject([{ status: 'failed', lastError: 'consent withdrawn' }]);
    expect((await deliver([row!.id], { now: () => chinaTime(10) })).explicitAcks).toHaveLength(1);
    expect(await outboxFor(mobile, 'check_in_confirmed')).toEqual([]);
    const rows = await db().select({ notify: checkIns.notify }).from(checkIns).where(eq(checkIns.memberId, (await db().select({ id: checkIns.memberId }).from(checkIns).where(eq(checkIns.id, later.id)))[0]!.id));
    expect(rows.map((r) => r.notify)).toEqual([false, false]);
  });

  it('withdraws one partner consent, kept on record with its time; someone else\'s proof cannot', async () => {
    // 张伟 (mb_demo_01) shares with the Changzhou chamber in the seed.
    const mobile = '13800000001';
    const mobileProof = await proofFor(mobile);
    const stranger = await checkedIn();
    await expectError(await my('/consents/withdraw', { mobile, mobileProof: stranger.mobileProof, consent: 'partner', partnerId: 'pt_cz_chamber' }), 403, 'mobile_unverified');
    await expectError(await my('/consents/withdraw', { mobile, mobileProof, consent: 'partner' }), 400, 'validation_failed');
    await expectError(await my('/consents/withdraw', { mobile, mobileProof, consent: 'partner', partnerId: 'pt_nobody' }), 404, 'not_found');
    const res = await my('/consents/withdraw', { mobile, mobileProof, consent: 'partner', partnerId: 'pt_cz_chamber' });
    expect(res.status).toBe(200);
    const [consent] = await db().select().from(partnerConsents).where(and(eq(partnerConsents.memberId, 'mb_demo_01'), eq(partnerConsents.partnerId, 'pt_cz_chamber')));
    expect(consent!.withdrawnAt).toBeGreaterThan(0);
    const data = await (await my('', { mobile, mobileProof })).json<MyData>();
    expect(data.partnerConsents).toContainEqual(expect.objectContaining({ partner: expect.objectContaining({ id: 'pt_cz_chamber' }) as never, withdrawnAt: consent!.withdrawnAt }));
  });
});

describe('POST /v1/my-data/requests', () => {
  it('records a correction and an erasure, due in fifteen days; the member sees them when verifying again', async () => {
    const me = await checkedIn();
    const auth = { mobile: me.mobile, mobileProof: me.mobileProof };
    await expectError(await my('/requests', { ...auth, kind: 'correction', text: '名字错了' }), 400, 'validation_failed');
    await expectError(await my('/requests', { ...auth, kind: 'export' }), 400, 'validation_failed');
    const res = await my('/requests', { ...auth, kind: 'correction', field: 'name', text: '应为 自助人' });
    expect(res.status).toBe(201);
    const correction = await res.json<DataRequest>();
    expect(correction).toMatchObject({ kind: 'correction', status: 'open', field: 'name', text: '应为 自助人' });
    expect(correction.dueAt - correction.createdAt).toBe(15 * 86_400_000);
    expect((await my('/requests', { ...auth, kind: 'erasure' })).status).toBe(201);
    await expectError(await my('/requests', { ...auth, kind: 'erasure' }), 409, 'conflict');
    const data = await (await my('', auth)).json<MyData>();
    expect(data.dataRequests.map((r) => r.kind)).toEqual(['export', 'erasure', 'correction']);
    // Stored by the number's HMAC, with the number only while open (for staff to act on).
    const [row] = await db().select().from(dataRequests).where(eq(dataRequests.id, correction.id));
    expect(row!.mobileHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.mobile).toBe(me.mobile);
  });
});
