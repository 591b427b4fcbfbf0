// Notifications around the queue: a resolved request, the vendors' delivery receipts, the sweep
// that re-enqueues what waits, and the staff digest (once per staff member per day).
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { eq, like } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { notifications, serviceRequests, type StaffServiceRequestDetail } from '../../schema/index.ts';
import { app } from '../../worker/src/app.ts';
import { meteredD1, type Meter } from '../../worker/src/middleware/d1-meter.ts';
import worker, { CRONS } from '../../worker/src/index.ts';
import { sendStaffDigests } from '../../worker/src/notify/digest.ts';
import { SWEEP_AFTER_MS, sweepNotifications } from '../../worker/src/notify/sweep.ts';
import { submission, submit } from './check-in-helpers.ts';
import { call, db, expectError, seed, SK } from './helpers.ts';
import { bindings, chinaTime, deliver, outboxFor, rowsFor } from './notification-helpers.ts';
import { filed } from './service-request-helpers.ts';

beforeAll(seed);
const post = (path: string, body: unknown, key = SK) => call(path, {
  method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
});

describe('a resolved service request', () => {
  it('is told once to a member who opted in, by the request\'s own reference', async () => {
    const { row, receipt, body } = await filed({ notify: true });
    expect((await post(`/v1/service-requests/${row.id}/assign`, { assignee: '政策宣讲志愿队' })).status).toBe(200);
    expect(await rowsFor(row.id)).toEqual([]); // assigning tells nothing
    expect((await post(`/v1/service-requests/${row.id}/resolve`, { resolution: '已讲解' })).status).toBe(200);
    expect((await post(`/v1/service-requests/${row.id}/resolve`, { resolution: '已讲解' })).status).toBe(409);
    const rows = await rowsFor(row.id);
    expect(rows).toMatchObject([{ event: 'service_request.resolved', channel: 'sms', params: { reference: receipt.reference } }]);
    await deliver([rows[0]!.id], { now: () => chinaTime(9) });
    expect((await outboxFor(body.mobile, 'service_request_resolved'))[0]!.text).toContain(`服务需求（查询码${receipt.reference}）已办结`);
    const detail = await (await call(`/v1/service-requests/${row.id}`, { headers: { Authorization: `Bearer ${SK}` } })).json<StaffServiceRequestDetail>();
    expect(detail.notifications).toMatchObject([{ event: 'service_request.resolved', channel: 'sms', status: 'sent' }]);
  });

  it('a need ticked on a check-in with notify inherits it', async () => {
    const s = submission({ notify: true, needs: ['employment'] });
    const receipt = await (await submit(s)).json<{ serviceRequests: { reference: string }[] }>();
    const [sr] = await db().select().from(notifications).where(eq(notifications.recipient, s.mobile));
    expect(sr).toBeUndefined();
    const [req] = await db().select({ notify: serviceRequests.notify }).from(serviceRequests).where(eq(serviceRequests.reference, receipt.serviceRequests[0]!.reference));
    expect(req!.notify).toBe(true);
  });
});

describe('delivery receipts', () => {
  const TOKEN = 'receipt-token-for-tests-0123456789';
  async function sentOne() {
    const { row } = await filed({ notify: true });
    await post(`/v1/service-requests/${row.id}/assign`, { assignee: 'x' });
    await post(`/v1/service-requests/${row.id}/resolve`, { resolution: 'y' });
    const [n] = await rowsFor(row.id);
    await deliver([n!.id], { now: () => chinaTime(9) });
    return (await rowsFor(row.id))[0]!;
  }
  const receipt = (vendor: string, token: string, body: unknown) => call(`/v1/notification-receipts/${vendor}/${token}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });

  it('marks delivered by the vendor id, and answers as the vendor expects', async () => {
    const n = await sentOne();
    const withToken = bindings({ NOTIFY_RECEIPT_TOKEN: TOKEN });
    const res = await app.request(`/v1/notification-receipts/aliyun/${TOKEN}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([{ phone_number: n.recipient, success: true, err_code: 'DELIVERED', biz_id: n.vendorMessageId, report_time: '2026-12-04 09:00:03' }]),
    }, withToken);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ code: 0, msg: '成功' });
    expect((await rowsFor(n.subjectId))[0]).toMatchObject({ status: 'delivered', deliveredAt: expect.any(Number) });

    const other = await sentOne();
    const tencent = await app.request(`/v1/notification-receipts/tencent/${TOKEN}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([{ mobile: other.recipient, report_status: 'FAIL', errmsg: 'MK:0001', sid: other.vendorMessageId, nationcode: '86' }]),
    }, withToken);
    expect(await tencent.json()).toEqual({ result: 0, errmsg: 'OK' });
    expect((await rowsFor(other.subjectId))[0]).toMatchObject({ status: 'failed', lastError: 'not delivered: MK:0001' });
  });

  it('refuses a wrong token, and any token where none is configured, changing nothing', async () => {
    const n = await sentOne();
    const body = JSON.stringify([{ success: true, biz_id: n.vendorMessageId }]);
    const init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body };
    await expectError(await app.request('/v1/notification-receipts/aliyun/not-the-token-000000', init, bindings({ NOTIFY_RECEIPT_TOKEN: TOKEN })), 404, 'not_found');
    await expectError(await receipt('aliyun', TOKEN, [{ success: true, biz_id: n.vendorMessageId }]), 404, 'not_found');
    await expectError(await app.request(`/v1/notification-receipts/aliyun/${TOKEN}`, { ...init, body: '{"not":"a batch"}' }, bindings({ NOTIFY_RECEIPT_TOKEN: TOKEN })), 400, 'validation_failed');
    expect((await rowsFor(n.subjectId))[0]!.status).toBe('sent');
  });
});

describe('the sweep', () => {
  it('re-enqueues rows still queued after a while, leaving fresh and sent ones alone', async () => {
    const { row } = await filed({ notify: true });
    await post(`/v1/service-requests/${row.id}/assign`, { assignee: 'x' });
    await post(`/v1/service-requests/${row.id}/resolve`, { resolution: 'y' });
    const [n] = await rowsFor(row.id);
    const sent: unknown[] = [];
    const queue = { send: async () => {}, sendBatch: async (m: unknown[]) => { sent.push(...m); } } as unknown as Queue;
    const at = n!.createdAt;
    await sweepNotifications(bindings({ NOTIFICATIONS: queue }), at + 1000);
    expect(sent).not.toContainEqual({ body: { id: n!.id } });
    await sweepNotifications(bindings({ NOTIFICATIONS: queue }), at + SWEEP_AFTER_MS + 1);
    expect(sent).toContainEqual({ body: { id: n!.id } });
    // Deferred to 08:00 (quiet hours): left to its delayed message until then, swept once due.
    await deliver([n!.id], { now: () => chinaTime(23) });
    const [deferred] = await rowsFor(row.id);
    sent.length = 0;
    await sweepNotifications(bindings({ NOTIFICATIONS: queue }), deferred!.deferredUntil! - 1);
    expect(sent).not.toContainEqual({ body: { id: n!.id } });
    await sweepNotifications(bindings({ NOTIFICATIONS: queue }), deferred!.deferredUntil!);
    expect(sent).toContainEqual({ body: { id: n!.id } });
    // Through the real binding too (the cron's path): it sends without error.
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: at + SWEEP_AFTER_MS + 1, cron: CRONS.sweep }), env as never, ctx);
    await waitOnExecutionContext(ctx);
  });
});

describe('the staff digest', () => {
  it('goes once per staff member per day, with counts only, to those with work waiting', async () => {
    await submit(submission({ branchId: 'br_cz_lingjiatang' })); // pending at 凌家塘
    await filed({ category: 'policy', cityId: 'pizhou_changzhou' }); // open at the Changzhou station
    const morning = chinaTime(8, 30, 10);
    const first = await sendStaffDigests(bindings(), morning);
    expect(first).toBeGreaterThanOrEqual(2);
    expect(await sendStaffDigests(bindings(), morning + 3600_000)).toBe(0); // the same day again
    const digests = await db().select().from(notifications).where(like(notifications.eventKey, 'digest:2026-12-10:%'));
    const byUser = Object.fromEntries(digests.map((d) => [d.subjectId, d]));
    expect(byUser.su_demo_branch).toMatchObject({ recipient: '13900000005', channel: 'sms', params: { checkIns: expect.stringMatching(/^[1-9]\d*$/), requests: '0' } });
    expect(byUser.su_demo_station!.params.requests).toMatch(/^[1-9]\d*$/);
    // No digest for roles with nothing of this kind to do.
    expect(byUser.su_demo_admin).toBeUndefined();
    expect(byUser.su_demo_partner).toBeUndefined();
    await deliver(digests.map((d) => d.id), { now: () => morning });
    const [sms] = await outboxFor('13900000005', 'staff_digest');
    expect(sms!.text).toMatch(/^【银杏家天下】您有\d+条报到待审核、0条服务需求待办理，请登录ginkgo\.example\.gov\.cn\/console处理。$/);
    expect(await sendStaffDigests(bindings(), chinaTime(8, 30, 11))).toBe(first); // the next day: again
  });
});

describe('query plans', () => {
  it('every statement of the consumer, the sweep, the digest and the receipts seeks an index (only the grants, and the per-user counts made of them, are walked whole)', async () => {
    const meter: Meter = { roundTrips: 0, statementsRun: 0, rowsRead: 0, rowsWritten: 0, rows: false, statements: [] };
    const metered = bindings({ DB: meteredD1(env.DB, meter), NOTIFY_RECEIPT_TOKEN: 'receipt-token-for-tests-0123456789' });
    const { row } = await filed({ notify: true, category: 'policy', cityId: 'pizhou_changzhou' });
    await post(`/v1/service-requests/${row.id}/assign`, { assignee: 'x' });
    await post(`/v1/service-requests/${row.id}/resolve`, { resolution: 'y' });
    const [n] = await rowsFor(row.id);
    await deliver([n!.id], { env: metered, now: () => chinaTime(9, 0, 20) });
    await sweepNotifications(metered, Date.now() + SWEEP_AFTER_MS);
    await sendStaffDigests(metered, chinaTime(8, 30, 21));
    const sent = (await rowsFor(row.id))[0]!;
    await app.request('/v1/notification-receipts/aliyun/receipt-token-for-tests-0123456789', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([{ biz_id: sent.vendorMessageId, success: true }]),
    }, metered);
    const statements = meter.statements!.filter((s) => /notifications|staff_grants/.test(s.sql));
    expect(statements.length).toBeGreaterThanOrEqual(6);
    for (const { sql, params } of statements) {
      const plan = (await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>()).results.map((r) => r.detail).join('\n');
      const scans = plan.split('\n').filter((l) => /\bSCAN\b/.test(l) && !/USING (COVERING )?INDEX/.test(l) && !/^SCAN (g|staff_grants|w)\b/.test(l.trim()));
      expect(scans, `${sql}\n${plan}`).toEqual([]);
    }
  });
});
