// Proving a mobile against the running worker as a member's form does, through the SDK: solve
// the proof-of-work challenge, ask for a code, read it from the outbox, check it. For the e2e
// project (it needs the global setup's outbox log).
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import { inject } from 'vitest';
import { Ginkgo } from '../../sdk/src/index.ts';
import { waitForSmsCode } from './sms-outbox.ts';

const proofs = new Map<string, string>();

/** A proof for `mobile` (11 digits), made once per number per test file (one code a minute per number). */
export async function mobileProofFor(mobile: string, key = 'pk_test_pizhou'): Promise<string> {
  const cached = proofs.get(mobile);
  if (cached) return cached;
  // Each member proves their number from a phone of their own: the per-address limits (tested on
  // their own) would otherwise add up over every file of the suite.
  const address = `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`;
  const client = new Ginkgo({
    key, baseUrl: inject('apiUrl'),
    fetch: (url, init) => fetch(url, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), 'CF-Connecting-IP': address } }),
  });
  const challenge = await client.mobileVerifications.challenge();
  const solution = await solveChallenge({ challenge: challenge as never, deriveKey });
  if (!solution) throw new Error('the challenge was not solved');
  const asked = Date.now();
  const { id } = await client.mobileVerifications.send({ mobile, humanProof: btoa(JSON.stringify({ challenge, solution })) });
  const { mobileProof } = await client.mobileVerifications.check(id, { code: await waitForSmsCode(mobile, { after: asked - 1000 }) });
  proofs.set(mobile, mobileProof);
  return mobileProof;
}
