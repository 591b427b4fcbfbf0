// client.mobileVerifications against the real worker: the challenge, a code sent and checked (a
// wrong one first), the proof, and a status lookup by that proof.
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import { describe, expect, inject, it } from 'vitest';
import { Ginkgo, ValidationError, type CheckInCreate } from '../../sdk/src/index.ts';
import { waitForSmsCode } from '../support/sms-outbox.ts';

const baseUrl = inject('apiUrl');
/**
 * A visitor of an address of its own (wrangler dev takes CF-Connecting-IP from the request): the
 * API sends at most 10 codes an hour per address, and the other e2e tests come from 127.0.0.1.
 */
const address = `10.200.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}`;
const member = new Ginkgo({
  key: 'pk_test_pizhou', baseUrl,
  fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'CF-Connecting-IP': address } }),
});
const freshMobile = () => `135${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

describe('client.mobileVerifications', () => {
  it('sends a code once the challenge is solved, refuses a wrong one with the tries left, and proves the mobile for a check-in and its lookup', async () => {
    const form = await member.checkIns.form();
    expect(form.verification.provider).toBe('altcha');
    expect(form.mobileVerification).toEqual({ codeLength: 6, codeTtlSeconds: 300, resendAfterSeconds: 60, maxAttempts: 5 });

    const challenge = await member.mobileVerifications.challenge();
    expect(challenge.parameters.algorithm).toBe('PBKDF2/SHA-256');
    const solution = await solveChallenge({ challenge: challenge as never, deriveKey });
    expect(solution).not.toBeNull();
    const humanProof = btoa(JSON.stringify({ challenge, solution }));
    const mobile = freshMobile();
    const asked = Date.now() - 1000;
    const sent = await member.mobileVerifications.send({ mobile, humanProof });
    expect(sent).toMatchObject({ id: expect.stringMatching(/^mv_/), codeLength: 6 });
    expect(sent.resendAt).toBeGreaterThan(asked);
    const code = await waitForSmsCode(mobile, { after: asked });

    // The solved challenge is spent: sending with it again is refused before any limit is asked.
    await expect(member.mobileVerifications.send({ mobile: freshMobile(), humanProof })).rejects.toMatchObject({ status: 403, code: 'verification_failed' });

    const wrong = member.mobileVerifications.check(sent.id, { code: code === '000000' ? '111111' : '000000' });
    await expect(wrong).rejects.toBeInstanceOf(ValidationError);
    await expect(wrong).rejects.toMatchObject({ code: 'code_incorrect', details: { attemptsLeft: 4 } });

    const proof = await member.mobileVerifications.check(sent.id, { code });
    expect(proof).toEqual({ mobileProof: expect.any(String), expiresAt: expect.any(Number) });
    // Checking the right code again (a retry after a lost answer) proves it again.
    expect((await member.mobileVerifications.check(sent.id, { code })).mobileProof).toEqual(expect.any(String));

    const input: CheckInCreate = {
      branchId: 'br_cz_lingjiatang', name: '测试党员', mobile, homeUnitId: 'hu_gangshang_bei', currentCity: '常州市武进区',
      category: 'worker', needs: [], consent: { version: form.consent.version, granted: true }, mobileProof: proof.mobileProof,
    };
    const receipt = await member.checkIns.create(input);
    expect(await member.checkIns.status({ reference: receipt.reference, mobileProof: proof.mobileProof }))
      .toMatchObject({ reference: receipt.reference, status: 'pending' });
    expect((await member.checkIns.status({ reference: receipt.reference, mobileLast4: mobile.slice(-4) })).reference).toBe(receipt.reference);
  });
});
