// client.myData and client.wechat against the real worker (the suite's, where WeChat is off; the
// signing and subscribing with WeChat on: test/widgets/member-wechat.test.ts): a member's copy, a
// consent withdrawn and a correction asked for with a proof of the mobile, and the errors a
// caller tells apart.
import { describe, expect, inject, it } from 'vitest';
import { Ginkgo, NotFoundError, PermissionError, ValidationError } from '../../sdk/src/index.ts';
import { mobileProofFor } from '../support/mobile-proof.ts';

const baseUrl = inject('apiUrl');
const address = `10.201.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}`;
const member = new Ginkgo({
  key: 'pk_test_pizhou', baseUrl,
  fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'CF-Connecting-IP': address } }),
});
const staff = new Ginkgo({ key: 'sk_test_pizhou_admin', baseUrl });
const freshMobile = () => `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

describe('client.myData', () => {
  it('copies what is held about a proved mobile, withdraws the check-in consent and asks for a correction', async () => {
    const mobile = freshMobile();
    const mobileProof = await mobileProofFor(mobile);
    const form = await member.checkIns.form();
    const receipt = await member.checkIns.create({
      branchId: 'br_cz_lingjiatang', name: '数据党员', mobile, homeUnitId: 'hu_gangshang_bei', currentCity: '常州市武进区', category: 'worker',
      consent: { version: form.consent.version, granted: true }, mobileProof,
    });

    const copy = await member.myData.copy({ mobile, mobileProof });
    expect(copy.mobile).toBe(mobile);
    expect(copy.checkIns.map((c) => [c.reference, c.status, c.consentWithdrawnAt])).toEqual([[receipt.reference, 'pending', null]]);

    expect(await member.myData.withdrawConsent({ mobile, mobileProof, consent: 'check_in' })).toEqual({ withdrawn: 1 });
    const asked = await member.myData.request({ mobile, mobileProof, kind: 'correction', field: 'employer', text: '常州某电子厂' });
    expect(asked).toMatchObject({ kind: 'correction', status: 'open', field: 'employer', handledAt: null });
    expect(asked.dueAt - asked.createdAt).toBe(15 * 864e5);

    const after = await member.myData.copy({ mobile, mobileProof });
    expect(after.checkIns[0]!.consentWithdrawnAt).toEqual(expect.any(Number));
    expect(after.dataRequests.map((r) => r.id)).toContain(asked.id);
  });

  it('refuses a proof of another mobile, a secret key, and a partner consent without its partner', async () => {
    const mobile = freshMobile();
    const otherProof = await mobileProofFor(freshMobile());
    await expect(member.myData.copy({ mobile, mobileProof: otherProof })).rejects.toMatchObject({ status: 403, code: 'mobile_unverified' });
    await expect(staff.myData.copy({ mobile, mobileProof: otherProof })).rejects.toBeInstanceOf(PermissionError);
    await expect(member.myData.withdrawConsent({ mobile, mobileProof: otherProof, consent: 'partner' }))
      .rejects.toBeInstanceOf(ValidationError);
  });
});

describe('client.wechat', () => {
  it('is a NotFoundError while WeChat is not set up, for the signature and the subscription alike', async () => {
    await expect(member.wechat.jsConfig(`${baseUrl}/status?k=pk_test_pizhou`)).rejects.toBeInstanceOf(NotFoundError);
    await expect(member.wechat.subscribe({
      reference: 'GK-AAAAAAAA', mobileProof: await mobileProofFor(freshMobile()), code: 'CODE', subscribeDetails: '{}',
    })).rejects.toBeInstanceOf(NotFoundError);
  });
});
