// Check-ins through the SDK, against the real worker: the public form and submission with the
// publishable key, the review with the admin secret key.
import { describe, expect, inject, it } from 'vitest';
import { REFERENCE_PATTERN } from '../../schema/check-ins.ts';
import { SERVICE_REQUEST_REFERENCE_PATTERN } from '../../schema/service-requests.ts';
import { Ginkgo, NotFoundError, type CheckInCreate } from '../../sdk/src/index.ts';
import { mobileProofFor } from '../support/mobile-proof.ts';

const baseUrl = inject('apiUrl');
const widget = new Ginkgo({ key: 'pk_test_pizhou', baseUrl });
const admin = new Ginkgo({ key: 'sk_test_pizhou_admin', baseUrl });

/** A mobile no other test uses, so each check-in is about a member of its own. */
const freshMobile = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** A member's form: its mobile proved by an SMS code (from the local outbox). */
async function checkIn(overrides: Partial<CheckInCreate> = {}): Promise<CheckInCreate> {
  const form = await widget.checkIns.form();
  const mobile = freshMobile();
  return {
    branchId: 'br_cz_lingjiatang', name: '测试党员', mobile, homeUnitId: 'hu_gangshang_bei',
    currentCity: '常州市武进区', category: 'worker', needs: ['training'],
    consent: { version: form.consent.version, granted: true }, mobileProof: await mobileProofFor(mobile), ...overrides,
  };
}

describe('client.checkIns', () => {
  it('reads the form: consent, home units with villages, categories and needs', async () => {
    const form = await widget.checkIns.form();
    expect(form.consent.version).toMatch(/^checkin-consent-/);
    expect(form.homeUnits.find((u) => u.id === 'hu_gangshang')?.villages.map((v) => v.id)).toContain('hu_gangshang_bei');
    expect(form.categories).toContain('worker');
    expect(form.needs).toHaveLength(8);
    expect(form.verification.provider).toBe('altcha');
    expect(form.mobileVerification.codeLength).toBe(6);
  });

  it('creates exactly once for one idempotency key, then confirms and looks it up', async () => {
    const input = await checkIn();
    const idempotencyKey = crypto.randomUUID();
    const first = await widget.checkIns.create(input, { idempotencyKey });
    const again = await widget.checkIns.create(input, { idempotencyKey });
    expect(first.reference).toMatch(REFERENCE_PATTERN);
    expect(again).toEqual(first);
    expect(first.status).toBe('pending');
    // The ticked need became a service request the member can look up by its own reference.
    const [need] = first.serviceRequests;
    expect(first.serviceRequests).toHaveLength(1);
    expect(need).toMatchObject({ category: 'training', status: 'open', routedTo: { kind: 'station', id: 'st_changzhou' } });
    expect(need!.reference).toMatch(SERVICE_REQUEST_REFERENCE_PATTERN);

    const since = first.createdAt;
    const page = await admin.checkIns.list({ branch: 'br_cz_lingjiatang', from: since });
    const mine = page.data.filter((c) => c.mobile === input.mobile);
    expect(mine.map((c) => c.reference)).toEqual([first.reference]);
    // What a partner reads back: the receipt's id, and the staff list searched by its reference.
    expect(mine[0]!.id).toBe(first.id);
    expect((await admin.checkIns.get(first.id)).reference).toBe(first.reference);
    const byReference = await admin.checkIns.list({ q: first.reference.toLowerCase() });
    expect(byReference.data.map((c) => c.id)).toEqual([first.id]);

    const confirmed = await admin.checkIns.confirm(mine[0]!.id);
    expect(confirmed.status).toBe('confirmed');
    expect((await admin.checkIns.get(mine[0]!.id)).status).toBe('confirmed');

    const receipt = await widget.checkIns.status({ reference: first.reference, mobileLast4: input.mobile.slice(-4) });
    expect(receipt).toMatchObject({ reference: first.reference, status: 'confirmed', branch: { id: 'br_cz_lingjiatang' } });
    expect(receipt.serviceRequests).toEqual(first.serviceRequests);
    await expect(widget.checkIns.status({ reference: first.reference, mobileLast4: '0000' === input.mobile.slice(-4) ? '1111' : '0000' }))
      .rejects.toBeInstanceOf(NotFoundError);
  });

  it('generates a fresh key per call when none is given, and rejects with a reason', async () => {
    const sent: (string | null)[] = [];
    const recording = new Ginkgo({
      key: 'pk_test_pizhou', baseUrl,
      fetch: (url, init) => { sent.push(new Headers(init?.headers).get('Idempotency-Key')); return fetch(url, init); },
    });
    const input = await checkIn({ branchId: 'br_cz_xinbei' });
    const receipt = await recording.checkIns.create(input);
    await recording.checkIns.create(await checkIn({ branchId: 'br_cz_xinbei' }));
    expect(sent).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/), expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    expect(sent[0]).not.toBe(sent[1]);
    let id: string | undefined;
    for await (const c of admin.checkIns.list({ status: 'pending', branch: 'br_cz_xinbei', limit: 1 })) {
      if (c.reference === receipt.reference) { id = c.id; break; }
    }
    expect(id).toBeDefined();
    const rejected = await admin.checkIns.reject(id!, '重复提交');
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '重复提交' });
  });

  it('finds a check-in by its reference, returns it for changes, and reads its history', async () => {
    const input = await checkIn({ branchId: 'br_cz_xinbei' });
    const receipt = await widget.checkIns.create(input);
    const [found] = (await admin.checkIns.list({ q: receipt.reference.toLowerCase() })).data;
    expect(found).toMatchObject({ reference: receipt.reference, status: 'pending' });
    const returned = await admin.checkIns.returnForChanges(found!.id, '请补充工作单位');
    expect(returned).toMatchObject({ status: 'returned', rejectReason: '请补充工作单位' });
    const seen = await widget.checkIns.status({ reference: receipt.reference, mobileLast4: input.mobile.slice(-4) });
    expect(seen).toMatchObject({ status: 'returned', rejectReason: '请补充工作单位' });
    expect((await admin.checkIns.history(found!.id)).data).toEqual([
      expect.objectContaining({ action: 'return', reason: '请补充工作单位', role: 'home_admin', user: null }),
    ]);
  });
});
