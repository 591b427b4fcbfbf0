// A notification through `wrangler dev`'s own Queues: the decision's message is consumed by the
// local runtime (no test code in between) and the SMS lands in the outbox, once.
import { describe, expect, inject, it } from 'vitest';
import { CHECK_IN_CONSENT, type CheckInReceipt } from '../../schema/index.ts';
import { mobileProofFor } from '../support/mobile-proof.ts';
import { outboxLines } from '../support/sms-outbox.ts';

const apiUrl = inject('apiUrl');
const admin = { Authorization: 'Bearer sk_test_pizhou_admin', 'Content-Type': 'application/json' };
const freshMobile = () => `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

describe('notifications through the local queue', () => {
  it('a confirmed check-in with notify reaches the outbox by the queue consumer, once', async () => {
    const mobile = freshMobile();
    const res = await fetch(`${apiUrl}/v1/check-ins`, {
      method: 'POST', headers: { ...admin, 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({
        branchId: 'br_cz_lingjiatang', name: '通知测试', mobile, homeUnitId: 'hu_gangshang_bei', currentCity: '常州', category: 'worker',
        consent: { version: CHECK_IN_CONSENT.version, granted: true }, notify: true,
        // The opt-in is kept only with a proof of the number, whatever the key.
        mobileProof: await mobileProofFor(mobile),
      }),
    });
    expect(res.status).toBe(201);
    const receipt = await res.json<CheckInReceipt>();
    const confirm = () => fetch(`${apiUrl}/v1/check-ins/${receipt.id}/confirm`, { method: 'POST', headers: admin, body: '{}' });
    expect((await confirm()).status).toBe(200);
    expect((await confirm()).status).toBe(200); // decided again: nothing more to send
    const mine = async () => (await outboxLines()).filter((l) => l.to === mobile && l.template === 'check_in_confirmed');
    await expect.poll(mine, { timeout: 15_000, interval: 200 }).toHaveLength(1);
    expect((await mine())[0]!.text).toContain(`查询码${receipt.reference}`);
    // A while later, still one.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await mine()).toHaveLength(1);
  });
});
