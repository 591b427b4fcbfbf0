// Notifications end to end inside the Workers runtime: a decision writes its notification in the
// same batch, the queue consumer sends it once through the outbox, whatever is retried or
// redelivered; quiet hours, backoff and the per-recipient limit.
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, checkIns, serviceRequests, type CheckInDetail, type CheckInReceipt } from '../../schema/index.ts';
import { eq } from 'drizzle-orm';
import { NOTIFY_LIMITS } from '../../worker/src/notify/consume.ts';
import { DEFAULT_QUIET_HOURS, notBefore, quietHours } from '../../worker/src/notify/quiet-hours.ts';
import { submission, submit } from './check-in-helpers.ts';
import { call, db, seed, SK } from './helpers.ts';
import { bindings, chinaTime, deliver, outboxFor, rowsFor } from './notification-helpers.ts';
import { filed } from './service-request-helpers.ts';

beforeAll(seed);

async function checkIn(over: Parameters<typeof submission>[0] = {}) {
  const s = submission(over);
  const receipt = await (await submit(s)).json<CheckInReceipt>();
  return { id: receipt.id, reference: receipt.reference, mobile: s.mobile };
}
const decide = (id: string, action: 'confirm' | 'reject' | 'return', idempotencyKey = crypto.randomUUID()) => call(`/v1/check-ins/${id}/${action}`, {
  method: 'POST', headers: { Authorization: `Bearer ${SK}`, 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
  body: JSON.stringify(action === 'confirm' ? {} : { reason: '所填支部有误' }),
});
const DAYTIME = () => chinaTime(10);

describe('a confirmed check-in with notify', () => {
  it('stores the opt-in, and sends exactly one SMS though the decision is retried and the message delivered twice', async () => {
    const c = await checkIn({ notify: true });
    const [stored] = await db().select({ notify: checkIns.notify }).from(checkIns).where(eq(checkIns.id, c.id));
    expect(stored!.notify).toBe(true);
    const key = crypto.randomUUID();
    expect((await decide(c.id, 'confirm', key)).status).toBe(200);
    expect((await decide(c.id, 'confirm', key)).status).toBe(200); // the same request again
    expect((await decide(c.id, 'confirm')).status).toBe(200); // the same caller deciding again
    const rows = await rowsFor(c.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ event: 'check_in.confirmed', channel: 'sms', recipient: c.mobile, status: 'queued', params: { reference: c.reference } });

    const result = await deliver([rows[0]!.id, rows[0]!.id], { now: DAYTIME });
    expect(result.explicitAcks).toHaveLength(2);
    expect(await deliver([rows[0]!.id], { now: DAYTIME })).toMatchObject({ retryMessages: [] });

    const sms = await outboxFor(c.mobile, 'check_in_confirmed');
    expect(sms).toHaveLength(1);
    expect(sms[0]!.text).toBe(`【银杏家天下】您的报到（查询码${c.reference}）已确认。详情请访问ginkgo.example.gov.cn/s查询。`);
    const [sent] = await rowsFor(c.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, vendorMessageId: `outbox-${sms[0]!.id}`, sentAt: DAYTIME() });

    // Staff see what was told, never to whom.
    const detail = await (await call(`/v1/check-ins/${c.id}`, { headers: { Authorization: `Bearer ${SK}` } })).json<CheckInDetail>();
    expect(detail.notifications).toEqual([{ event: 'check_in.confirmed', channel: 'sms', status: 'sent', attempts: 1,
      createdAt: expect.any(Number), deferredUntil: null, sentAt: DAYTIME(), deliveredAt: null, lastError: null }]);
    expect(JSON.stringify(detail.notifications)).not.toContain(c.mobile);
  });

  it('without notify (the default) writes and sends nothing', async () => {
    const c = await checkIn();
    expect((await decide(c.id, 'confirm')).status).toBe(200);
    expect(await rowsFor(c.id)).toEqual([]);
    expect(await outboxFor(c.mobile, 'check_in_confirmed')).toEqual([]);
  });

  it('a rejection and a return are told with their own texts, never with a link in a variable', async () => {
    const rejected = await checkIn({ notify: true });
    const returned = await checkIn({ notify: true });
    expect((await decide(rejected.id, 'reject')).status).toBe(200);
    expect((await decide(returned.id, 'return')).status).toBe(200);
    const rows = [...await rowsFor(rejected.id), ...await rowsFor(returned.id)];
    expect(rows.map((r) => r.event)).toEqual(['check_in.rejected', 'check_in.returned']);
    expect(rows.every((r) => Object.values(r.params).every((v) => !/[/:.]/.test(v)))).toBe(true);
    await deliver(rows.map((r) => r.id), { now: DAYTIME });
    expect((await outboxFor(rejected.mobile, 'check_in_rejected'))[0]!.text).toContain(`查询码${rejected.reference}）未通过审核`);
    expect((await outboxFor(returned.mobile, 'check_in_returned'))[0]!.text).toContain('需要补充信息');
  });
});

describe('quiet hours', () => {
  it('run 21:00–08:00 China time by default, or as NOTIFY_QUIET_HOURS says', () => {
    expect(notBefore(chinaTime(20, 59))).toBe(chinaTime(20, 59));
    expect(notBefore(chinaTime(21, 0))).toBe(chinaTime(8, 0, 5));
    expect(notBefore(chinaTime(7, 59))).toBe(chinaTime(8, 0));
    expect(notBefore(chinaTime(8, 0))).toBe(chinaTime(8, 0));
    expect(notBefore(chinaTime(23, 0), quietHours('22-7'))).toBe(chinaTime(7, 0, 5));
    expect(notBefore(chinaTime(13, 0), quietHours('12-14'))).toBe(chinaTime(14, 0));
    expect(notBefore(chinaTime(23, 0), quietHours('off'))).toBe(chinaTime(23, 0));
    expect(quietHours('nonsense')).toEqual(DEFAULT_QUIET_HOURS);
  });

  it('a message in quiet hours is deferred to 08:00 China time and not sent before', async () => {
    const c = await checkIn({ notify: true });
    await decide(c.id, 'confirm');
    const [row] = await rowsFor(c.id);
    const at = chinaTime(22, 30, 3); // 22:30 on the 3rd
    const result = await deliver([row!.id], { now: () => at });
    const eight = chinaTime(8, 0, 4);
    expect(result.retryMessages).toEqual([{ msgId: expect.any(String), delaySeconds: (eight - at) / 1000 }]);
    expect(await rowsFor(c.id)).toMatchObject([{ status: 'queued', deferredUntil: eight, attempts: 0 }]);
    // Redelivered early (07:59): still deferred, nothing sent.
    expect((await deliver([row!.id], { now: () => eight - 60_000 })).retryMessages[0]!.delaySeconds).toBe(60);
    expect(await outboxFor(c.mobile, 'check_in_confirmed')).toEqual([]);
    // At 08:00 it goes.
    expect((await deliver([row!.id], { now: () => eight })).explicitAcks).toHaveLength(1);
    expect(await outboxFor(c.mobile, 'check_in_confirmed')).toHaveLength(1);
  });
});

/** A vendor that fails `failures` times with a 5xx, then accepts, answering as Aliyun's SendSms does. */
function flakyAliyun(failures: number) {
  const calls: URL[] = [];
  const fetcher: typeof fetch = async (input) => {
    calls.push(new URL(input instanceof Request ? input.url : String(input)));
    if (calls.length <= failures) return new Response(JSON.stringify({ Code: 'isp.SYSTEM_ERROR', Message: 'busy' }), { status: 503 });
    return Response.json({ Code: 'OK', Message: 'OK', BizId: `biz-${calls.length}`, RequestId: 'r' });
  };
  return { calls, fetcher };
}
const aliyun = bindings({
  SMS_PROVIDER: 'aliyun', ALIYUN_ACCESS_KEY_ID: 'LTAI5tTest', ALIYUN_ACCESS_KEY_SECRET: 'test-secret', ALIYUN_SMS_SIGN_NAME: '银杏家天下',
  ALIYUN_SMS_TEMPLATE_CODE: 'SMS_1', ALIYUN_SMS_ENDPOINT: 'https://dysmsapi.test', SMS_NOTIFY_TEMPLATES: '{"check_in_confirmed":"SMS_465010002"}',
});

describe('a vendor failure', () => {
  it('is retried with exponential backoff, then delivered once', async () => {
    const c = await checkIn({ notify: true });
    await decide(c.id, 'confirm');
    const [row] = await rowsFor(c.id);
    const vendor = flakyAliyun(2);
    const first = await deliver([row!.id], { env: aliyun, fetch: vendor.fetcher, now: DAYTIME });
    expect(first.retryMessages[0]!.delaySeconds).toBe(NOTIFY_LIMITS.backoffSeconds);
    const second = await deliver([row!.id], { env: aliyun, fetch: vendor.fetcher, now: DAYTIME });
    expect(second.retryMessages[0]!.delaySeconds).toBe(NOTIFY_LIMITS.backoffSeconds * 2);
    expect(await rowsFor(c.id)).toMatchObject([{ status: 'queued', attempts: 2, lastError: expect.stringContaining('isp.SYSTEM_ERROR') }]);
    expect((await deliver([row!.id, row!.id], { env: aliyun, fetch: vendor.fetcher, now: DAYTIME })).explicitAcks).toHaveLength(2);
    expect(vendor.calls).toHaveLength(3);
    expect(vendor.calls[2]!.searchParams.get('TemplateCode')).toBe('SMS_465010002');
    expect(JSON.parse(vendor.calls[2]!.searchParams.get('TemplateParam')!)).toEqual({ reference: c.reference });
    expect(await rowsFor(c.id)).toMatchObject([{ status: 'sent', attempts: 3, vendorMessageId: 'biz-3', lastError: null }]);
  });

  it(`after ${NOTIFY_LIMITS.maxAttempts} attempts the row is failed, and a refusal fails it at once`, async () => {
    const c = await checkIn({ notify: true });
    await decide(c.id, 'confirm');
    const [row] = await rowsFor(c.id);
    const vendor = flakyAliyun(99);
    for (let i = 0; i < NOTIFY_LIMITS.maxAttempts; i++) await deliver([row!.id], { env: aliyun, fetch: vendor.fetcher, now: DAYTIME });
    expect(await rowsFor(c.id)).toMatchObject([{ status: 'failed', attempts: NOTIFY_LIMITS.maxAttempts }]);
    expect((await deliver([row!.id], { env: aliyun, fetch: vendor.fetcher, now: DAYTIME })).explicitAcks).toHaveLength(1);
    expect(vendor.calls).toHaveLength(NOTIFY_LIMITS.maxAttempts);

    const refused = await checkIn({ notify: true });
    await decide(refused.id, 'confirm');
    const [r] = await rowsFor(refused.id);
    const refusing: typeof fetch = async () => Response.json({ Code: 'isv.SMS_TEMPLATE_ILLEGAL', Message: 'template' });
    expect((await deliver([r!.id], { env: aliyun, fetch: refusing, now: DAYTIME })).explicitAcks).toHaveLength(1);
    expect(await rowsFor(refused.id)).toMatchObject([{ status: 'failed', attempts: 1, lastError: expect.stringContaining('isv.SMS_TEMPLATE_ILLEGAL') }]);
  });
});

describe('an opt-in without a proof of the number', () => {
  it('is withheld: a staff key cannot sign a stranger\'s phone up for messages, nor through a need or a request', async () => {
    const s = submission({ notify: true, needs: ['legal'] });
    const receipt = await (await submit(s, { key: SK })).json<CheckInReceipt>();
    const [stored] = await db().select({ notify: checkIns.notify, mobileVerified: checkIns.mobileVerified }).from(checkIns).where(eq(checkIns.id, receipt.id));
    expect(stored).toEqual({ notify: false, mobileVerified: false });
    const [need] = await db().select({ notify: serviceRequests.notify }).from(serviceRequests).where(eq(serviceRequests.checkInId, receipt.id));
    expect(need).toEqual({ notify: false });
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.subjectId, receipt.id));
    expect(entry!.detail).toMatchObject({ mobileVerified: false, notifyWithheld: true });
    expect((await decide(receipt.id, 'reject')).status).toBe(200);
    expect(await rowsFor(receipt.id)).toEqual([]);

    const { row } = await filed({ notify: true }, SK);
    expect(row.notify).toBe(false);
    const [requestEntry] = await db().select().from(auditLog).where(eq(auditLog.subjectId, row.id));
    expect(requestEntry!.detail).toMatchObject({ notifyWithheld: true });
  });
});

describe('the per-recipient limit', () => {
  it(`sends at most ${NOTIFY_LIMITS.perRecipientPerHour} an hour to one number, and defers the rest an hour`, async () => {
    const mobile = `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const ids: string[] = [];
    // One member, several check-ins to different branches, each confirmed: one notification each.
    for (const branchId of ['br_cz_lingjiatang', 'br_sz_sip', 'br_xa_kangfu', 'br_cz_lingjiatang']) {
      const c = await checkIn({ notify: true, mobile, branchId });
      expect((await decide(c.id, 'confirm')).status).toBe(200);
      ids.push((await rowsFor(c.id))[0]!.id);
    }
    const result = await deliver(ids, { now: DAYTIME });
    expect(result.explicitAcks).toHaveLength(NOTIFY_LIMITS.perRecipientPerHour);
    expect(result.retryMessages).toEqual([{ msgId: expect.any(String), delaySeconds: 3600 }]);
    expect(await outboxFor(mobile, 'check_in_confirmed')).toHaveLength(NOTIFY_LIMITS.perRecipientPerHour);
    // An hour later the last one goes.
    expect((await deliver([ids[3]!], { now: () => DAYTIME() + 3600_000 + 1 })).explicitAcks).toHaveLength(1);
    expect(await outboxFor(mobile, 'check_in_confirmed')).toHaveLength(4);
  });
});
