// Staff answering data requests, and erasure: the home admin alone, within their tenant; an
// erasure removes the member's personal data from every table in one batch, leaves only a
// pseudonymous audit record, and afterwards no route, staff or public, returns any of it.
import { letterTo, sentCampaign } from './campaign-helpers.ts';
import { and, eq, like, or } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog, campaignLetters, checkIns, contactAttempts, dataRequests, idempotencyKeys, lostContactCases, members, mobileVerifications, notifications, partnerConsents,
  serviceRequests, smsOutbox, tenants, wechatSubscriptions, type CheckInReceipt, type DataRequest, type MyData, type StaffDataRequest,
} from '../../schema/index.ts';
import { freshMobile, submission, submit } from './check-in-helpers.ts';
import { call, db, expectError, issueTestKey, PK, proofFor, roleKey, seed, SK, withKey } from './helpers.ts';
import { postJson, sendCode } from './mobile-helpers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';
import { filed } from './service-request-helpers.ts';

checkScopeCopiesAfterEach();

const NAME = '抹除者';
const my = (path: string, body: unknown) => call(`/v1/my-data${path}?key=${PK}`, postJson(body));
const staffPost = (path: string, body: unknown, key = SK) => call(path, { ...postJson(body), headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` } });
const staffGet = (path: string, key = SK) => call(path, withKey(key));

/** A member with everything: a confirmed check-in, a service request, a partner consent, a lost-contact case, codes and messages. */
async function fullMember(name = NAME) {
  const mobile = freshMobile();
  const idempotencyKey = crypto.randomUUID();
  const body = { ...submission({ mobile, name, needs: ['legal'] }), notify: true };
  const res = await submit(body, { idempotencyKey });
  const receipt = await res.json<CheckInReceipt>();
  const [ci] = await db().select().from(checkIns).where(eq(checkIns.reference, receipt.reference));
  expect((await staffPost(`/v1/check-ins/${ci!.id}/confirm`, {})).status).toBe(200); // the SMS saying so: a notifications row
  await db().insert(wechatSubscriptions).values({ id: `ws_${ci!.id}`, tenantId: 'pizhou', subjectType: 'check_in', subjectId: ci!.id, openid: 'o_member', templateId: 't', createdAt: 1 });
  const request = await filed({ mobile, name, description: `${name}需要帮助` });
  const [m] = await db().select().from(members).where(eq(members.mobile, mobile));
  await db().insert(partnerConsents).values({ tenantId: 'pizhou', partnerId: 'pt_cz_chamber', memberId: m!.id, consentVersion: 'v', grantedAt: 1 });
  const caseId = `lc_${m!.id}`;
  await db().insert(lostContactCases).values({
    id: caseId, tenantId: 'pizhou', memberId: m!.id, openedAt: 1, dueAt: 2, homeUnitId: m!.homeUnitId, homeTownId: m!.homeTownId,
    memberBranchId: m!.hostBranchId, memberCommitteeId: m!.hostCommitteeId, closedAt: 3, closedReason: 'found',
  });
  await db().insert(contactAttempts).values({ id: `ca_${m!.id}`, tenantId: 'pizhou', caseId, memberId: m!.id, at: 1, channel: 'phone', outcome: 'reached', note: `${name}接了电话`, keyId: 'k' });
  const letter = await letterTo(await sentCampaign(), { mobile });
  await sendCode(mobile);
  const mobileProof = await proofFor(mobile);
  const asked = await my('/requests', { mobile, mobileProof, kind: 'erasure', text: '请删除我的信息' });
  expect(asked.status).toBe(201);
  return { mobile, mobileProof, member: m!, checkIn: ci!, receipt, request: request.row, erasure: await asked.json<DataRequest>(), body, idempotencyKey, letter };
}

beforeAll(async () => {
  await seed();
  await db().insert(tenants).values({ id: 'elsewhere', nameZh: '别处', nameEn: 'Elsewhere' }).onConflictDoNothing();
});

describe('GET /v1/data-requests and answering', () => {
  it('lists open requests by due date, overdue ones marked, for the home admin; a correction is done after editing the member', async () => {
    const mobile = freshMobile();
    await submit(submission({ mobile, name: '改名者' }));
    const mobileProof = await proofFor(mobile);
    const asked = await (await my('/requests', { mobile, mobileProof, kind: 'correction', field: 'employer', text: '现在在某公司' })).json<DataRequest>();
    await db().update(dataRequests).set({ dueAt: Date.now() - 1 }).where(eq(dataRequests.id, asked.id));
    const list = await staffGet('/v1/data-requests');
    expect(list.status).toBe(200);
    const { data } = await list.json<{ data: StaffDataRequest[] }>();
    const mine = data.find((r) => r.id === asked.id)!;
    expect(mine).toMatchObject({ kind: 'correction', status: 'open', overdue: true, mobile, member: { name: '改名者', mobile } });
    expect(data.map((r) => r.dueAt)).toEqual([...data.map((r) => r.dueAt)].sort((a, b) => a - b));
    const [listed] = await db().select().from(auditLog).where(eq(auditLog.action, 'data_request.list'));
    expect(JSON.parse(JSON.stringify(listed!.detail)).ids).toContain(asked.id);

    // The correction itself: staff edit the member; the audit names the field, not its value.
    const edited = await staffPost(`/v1/members/${mine.member!.id}`, { employer: '某公司', name: '改名者' });
    expect(await edited.json()).toMatchObject({ employer: '某公司', name: '改名者' });
    const [audited] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'member.update'), eq(auditLog.subjectId, mine.member!.id)));
    expect(audited!.detail).toEqual({ found: true, set: {}, corrected: ['name', 'employer'] });
    await expectError(await staffPost(`/v1/data-requests/${asked.id}/done`, { outcome: '' }), 400, 'validation_failed');
    const done = await staffPost(`/v1/data-requests/${asked.id}/done`, { outcome: '已更正工作单位' });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ status: 'done', outcome: '已更正工作单位' });
    await expectError(await staffPost(`/v1/data-requests/${asked.id}/done`, { outcome: 'again' }), 409, 'conflict');
    const [row] = await db().select().from(dataRequests).where(eq(dataRequests.id, asked.id));
    expect(row).toMatchObject({ mobile: null, handledByKeyId: expect.any(String) as never });
    const seen = await (await my('', { mobile, mobileProof })).json<MyData>();
    expect(seen.dataRequests).toContainEqual(expect.objectContaining({ id: asked.id, status: 'done', outcome: '已更正工作单位' }));
  });

  it('is the home admin\'s: other roles are refused, another tenant finds nothing, an erasure is not marked done', async () => {
    const { erasure } = await fullMember('留存者');
    const town = await roleKey('town_staff', 'hu_gangshang');
    const branch = await roleKey('branch_secretary', 'br_cz_lingjiatang');
    for (const key of [town.token, branch.token]) {
      await expectError(await staffGet('/v1/data-requests', key), 403, 'forbidden');
      await expectError(await staffPost(`/v1/data-requests/${erasure.id}/erase`, {}, key), 403, 'forbidden');
    }
    const foreign = await issueTestKey({ tenantId: 'elsewhere', kind: 'secret', role: 'home_admin', scopeNodeId: null });
    await expectError(await staffPost(`/v1/data-requests/${erasure.id}/erase`, {}, foreign.token), 404, 'not_found');
    await expectError(await staffPost(`/v1/data-requests/${erasure.id}/refuse`, { outcome: 'x' }, foreign.token), 404, 'not_found');
    await expectError(await staffPost(`/v1/data-requests/${erasure.id}/done`, { outcome: 'x' }), 409, 'conflict');
    await expectError(await staffPost('/v1/data-requests/dr_none/erase', {}), 404, 'not_found');
    expect(await db().select().from(members).where(eq(members.mobile, (await db().select().from(dataRequests).where(eq(dataRequests.id, erasure.id)))[0]!.mobile!))).toHaveLength(1);
  });
});

describe('POST /v1/data-requests/{id}/erase', () => {
  it('erases every table at once, keeps a pseudonymous record, and no route returns anything afterwards', async () => {
    const f = await fullMember();
    const memberId = f.member.id;
    const pages = ['/v1/members?branch=br_cz_lingjiatang&limit=100', `/v1/check-ins?q=${encodeURIComponent(f.receipt.reference)}`,
      `/v1/check-ins?q=${encodeURIComponent(NAME)}`, `/v1/service-requests?reference=${f.request.reference}`, '/v1/lost-contact?status=closed&limit=100',
      '/v1/data-requests', `/v1/audit?subjectId=${f.checkIn.id}`];
    const markers = [f.mobile, NAME, f.receipt.reference, f.request.reference, memberId];
    // Before: each page shows the member (so that the check after means something).
    for (const path of pages) {
      const text = await (await staffGet(path)).text();
      expect(markers.some((m) => text.includes(m)), `${path} before`).toBe(true);
    }
    const res = await staffPost(`/v1/data-requests/${f.erasure.id}/erase`, {});
    expect(res.status).toBe(200);
    const result = await res.json<{ request: DataRequest; erased: Record<string, number> }>();
    expect(result.request).toMatchObject({ status: 'done', text: null, outcome: 'Erased.' });
    expect(result.erased).toMatchObject({
      members: 1, check_ins: 1, service_requests: 2, partner_consents: 1, lost_contact_cases: 1, contact_attempts: 1, campaign_letters: 1,
      sms_outbox: 1, mobile_verifications: 1, idempotency_keys: 2, data_requests: 1, notifications: 1, wechat_subscriptions: 1,
    });
    // Every table: nothing of the member left.
    for (const [table, rows] of Object.entries({
      members: await db().select().from(members).where(or(eq(members.id, memberId), eq(members.mobile, f.mobile))),
      checkIns: await db().select().from(checkIns).where(or(eq(checkIns.memberId, memberId), eq(checkIns.submittedName, NAME))),
      serviceRequests: await db().select().from(serviceRequests).where(eq(serviceRequests.memberId, memberId)),
      partnerConsents: await db().select().from(partnerConsents).where(eq(partnerConsents.memberId, memberId)),
      cases: await db().select().from(lostContactCases).where(eq(lostContactCases.memberId, memberId)),
      attempts: await db().select().from(contactAttempts).where(eq(contactAttempts.memberId, memberId)),
      outbox: await db().select().from(smsOutbox).where(eq(smsOutbox.mobile, f.mobile)),
      codes: await db().select().from(mobileVerifications).where(eq(mobileVerifications.mobileHash, (await db().select().from(dataRequests).where(eq(dataRequests.id, f.erasure.id)))[0]!.mobileHash)),
      receipts: await db().select().from(idempotencyKeys).where(like(idempotencyKeys.body, `%${f.receipt.reference}%`)),
      messages: await db().select().from(notifications).where(or(eq(notifications.subjectId, f.checkIn.id), eq(notifications.recipient, f.mobile))),
      subscriptions: await db().select().from(wechatSubscriptions).where(eq(wechatSubscriptions.subjectId, f.checkIn.id)),
      letters: await db().select().from(campaignLetters).where(or(eq(campaignLetters.memberId, memberId), eq(campaignLetters.code, f.letter.code))),
    })) expect(rows, table).toEqual([]);
    // The audit log: the erasure with the mobile's HMAC and the counts; no entry names the member or the number.
    const [entry] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'member.erase'), eq(auditLog.subjectId, f.erasure.id)));
    expect(entry!.detail).toMatchObject({ mobileHmac: expect.stringMatching(/^[0-9a-f]{64}$/) as never, member: memberId, erased: result.erased });
    const leaks = await db().select().from(auditLog).where(or(like(auditLog.detail, `%${f.mobile}%`), like(auditLog.detail, `%${NAME}%`)));
    expect(leaks).toEqual([]);

    // Staff reads: 404, or a page without them.
    for (const path of [`/v1/members/${memberId}`, `/v1/members/${memberId}/history`, `/v1/check-ins/${f.checkIn.id}`,
      `/v1/check-ins/${f.checkIn.id}/history`, `/v1/service-requests/${f.request.id}`, `/v1/lost-contact/lc_${memberId}/attempts`]) {
      expect((await staffGet(path)).status, path).toBe(404);
    }
    for (const path of pages) {
      const page = await staffGet(path);
      expect(page.status, path).toBe(200);
      const text = await page.text();
      // The audit log keeps its entries (append-only): ids, never the name or number.
      for (const marker of path.startsWith('/v1/audit') ? [f.mobile, NAME] : markers) expect(text, path).not.toContain(marker);
    }
    // Public reads: 404 by reference, and the member's own view is empty but for the requests, without their words.
    for (const path of [`/v1/check-ins/status?key=${PK}&reference=${f.receipt.reference}&mobileLast4=${f.mobile.slice(-4)}`,
      `/v1/check-ins/status?key=${PK}&reference=${f.receipt.reference}&mobileProof=${encodeURIComponent(f.mobileProof)}`,
      `/v1/service-requests/status?key=${PK}&reference=${f.request.reference}&mobileLast4=${f.mobile.slice(-4)}`]) {
      expect((await call(path)).status, path).toBe(404);
    }
    const mine = await (await my('', { mobile: f.mobile, mobileProof: f.mobileProof })).json<MyData>();
    expect(mine).toMatchObject({ member: null, checkIns: [], serviceRequests: [], partnerConsents: [], messages: [] });
    expect(mine.dataRequests).toContainEqual(expect.objectContaining({ id: f.erasure.id, kind: 'erasure', status: 'done', text: null }));

    // The form's retry of the old submission (same key, same body) gets a 404 and checks nobody in again.
    const replay = await submit(f.body, { idempotencyKey: f.idempotencyKey });
    expect(replay.status).toBe(404);
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await replay.text()).not.toContain(f.receipt.reference);
    expect(await db().select().from(members).where(eq(members.mobile, f.mobile))).toEqual([]);

    // Twice: the request is done.
    await expectError(await staffPost(`/v1/data-requests/${f.erasure.id}/erase`, {}), 409, 'conflict');
  });

  it('refusing an erasure says why, and it cannot then be executed', async () => {
    const f = await fullMember('拒删者');
    const res = await staffPost(`/v1/data-requests/${f.erasure.id}/refuse`, { outcome: '党员档案须依法保存' });
    expect(await res.json()).toMatchObject({ status: 'refused', outcome: '党员档案须依法保存' });
    await expectError(await staffPost(`/v1/data-requests/${f.erasure.id}/erase`, {}), 409, 'conflict');
    expect(await db().select().from(members).where(eq(members.mobile, f.mobile))).toHaveLength(1);
  });
});
