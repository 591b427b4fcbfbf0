// Human verification, pluggable: before a code is sent, the provider the form names proves that a
// person asks, and its proof goes with the request as `humanProof`. Part of the code step's chunk,
// so none of it is in the first load. `altcha` (the default) solves a proof-of-work challenge
// from the API here, unnoticed; `none` (local tests) needs nothing. A Turnstile or other provider
// implements the same interface (and loads its own script then); a provider this chunk does not
// know makes the form say verification is unavailable.
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import type { CheckInForm } from '../../../schema/check-ins.ts';
import type { MobileVerificationSent } from '../../../schema/mobile-verification.ts';
import type { GinkgoPublic } from '../../../sdk/src/index.ts';
import { codeOf } from './step.ts';

export interface HumanVerifier {
  /** `humanProof` for one code request; undefined when the provider needs none. Rejects when it cannot prove. */
  proof(client: GinkgoPublic): Promise<string | undefined>;
}

/**
 * ALTCHA: the API's challenge (PBKDF2/SHA-256), solved with WebCrypto on this thread; the solver
 * yields between tries, so the page stays responsive. The proof is base64 of the challenge and its
 * solution, as the API reads it; each challenge is accepted once.
 */
const altcha: HumanVerifier = {
  async proof(client) {
    const challenge = await client.mobileVerifications.challenge();
    const solution = await solveChallenge({ challenge, deriveKey, timeout: 30_000 });
    if (!solution) throw new Error('The challenge was not solved in time.');
    return btoa(JSON.stringify({ challenge, solution }));
  },
};

const providers: Partial<Record<CheckInForm['verification']['provider'], HumanVerifier>> = {
  none: { proof: async () => undefined },
  altcha,
};

export const verifierFor = (config: CheckInForm['verification']): HumanVerifier | undefined => providers[config.provider];

/**
 * Proves a human asks, then sends a code to `mobile`. A proof refused (expired or spent while it was
 * solved) is made once more with a new challenge. Also the hosted pages' (worker/pages/mobile-proof.ts).
 */
export async function sendCode(client: GinkgoPublic, config: CheckInForm['verification'], mobile: string): Promise<MobileVerificationSent> {
  const verifier = verifierFor(config);
  if (!verifier) throw new Error(`No verifier for ${config.provider}`);
  for (let tries = 0; ; tries++) {
    try {
      return await client.mobileVerifications.send({ mobile, humanProof: await verifier.proof(client) });
    } catch (e) {
      if (tries || codeOf(e) !== 'verification_failed') throw e;
    }
  }
}
