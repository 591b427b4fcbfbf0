// ALTCHA proof of work (altcha-lib, WebCrypto PBKDF2): the form's browser derives keys until one
// starts with the challenge's prefix, about 256 tries of 1,000 PBKDF2 rounds, a fraction of a
// second on a phone; the server checks one derivation. A challenge is signed (nothing to store
// until it is used), expires, and is accepted once: spent ones are kept in D1 until they expire,
// because isolates share no memory.
import { createChallenge, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import type { Challenge, Solution } from 'altcha-lib/types';
import { spentChallenges } from '../../../schema/index.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { sha256Hex } from '../lib/crypto.ts';
import type { HumanVerifier, VerificationOutcome } from './types.ts';
import { derivedSecret } from './secrets.ts';

export const ALTCHA_ALGORITHM = 'PBKDF2/SHA-256';
const COST = 1_000;
/** One byte of prefix: 256 tries on average. */
const KEY_PREFIX = '00';
const TTL_SECONDS = 600;

/** The submitted proof, base64 of `JSON.stringify({ challenge, solution })`; null if it is not that. */
function parseProof(proof: string): { challenge: Challenge; solution: Solution } | null {
  try {
    const value = JSON.parse(atob(proof)) as { challenge?: Challenge; solution?: Solution };
    const { challenge, solution } = value ?? {};
    if (typeof challenge?.signature !== 'string' || typeof challenge.parameters !== 'object' || challenge.parameters === null) return null;
    if (typeof solution?.counter !== 'number' || typeof solution.derivedKey !== 'string') return null;
    return { challenge, solution };
  } catch {
    return null;
  }
}

export function altcha(env: AppEnv['Bindings']): HumanVerifier {
  return {
    provider: 'altcha',
    siteKey: null,
    async challenge() {
      const made = await createChallenge({
        algorithm: ALTCHA_ALGORITHM, cost: COST, keyPrefix: KEY_PREFIX, deriveKey,
        expiresAt: Math.floor(Date.now() / 1000) + TTL_SECONDS,
        hmacSignatureSecret: await derivedSecret(env, 'altcha'),
      });
      return made as never;
    },
    async verify({ proof }): Promise<VerificationOutcome> {
      if (!proof) return { ok: false, reason: 'missing' };
      const parsed = parseProof(proof);
      if (!parsed || parsed.challenge.parameters.algorithm !== ALTCHA_ALGORITHM) return { ok: false, reason: 'failed' };
      let result;
      try {
        result = await verifySolution({ ...parsed, deriveKey, hmacSignatureSecret: await derivedSecret(env, 'altcha') });
      } catch {
        return { ok: false, reason: 'failed' };
      }
      if (!result.verified) return { ok: false, reason: 'failed', codes: result.expired ? ['expired'] : [] };
      // Accepted once: the first insert of its signature wins, a replay changes nothing.
      const expiresAt = (parsed.challenge.parameters.expiresAt ?? 0) * 1000;
      const spent = await database(env.DB).insert(spentChallenges)
        .values({ challengeHash: await sha256Hex(parsed.challenge.signature!), expiresAt })
        .onConflictDoNothing().returning({ hash: spentChallenges.challengeHash });
      return spent.length ? { ok: true } : { ok: false, reason: 'spent' };
    },
  };
}
