// One deployment secret (VERIFICATION_SECRET, set with `wrangler secret put`) from which each use
// derives its own key, so a key leaked from one use (say, a proof) opens no other.
import type { AppEnv } from '../env.ts';
import { hmacHex } from '../lib/crypto.ts';

export type SecretPurpose = 'altcha' | 'mobile-proof' | 'mobile-hash' | 'code-hash' | 'client-hash' | 'staff-session' | 'letter-link';

/** Derived keys by purpose and root secret: the same for the isolate's life, so derived once. */
const derived = new Map<string, Promise<string>>();

/** The key for one purpose, as hex. Throws (a 500, logged) when the deployment has no secret: never a guessable default. */
export async function derivedSecret(env: AppEnv['Bindings'], purpose: SecretPurpose): Promise<string> {
  const root = env.VERIFICATION_SECRET;
  if (!root || root.length < 32) {
    throw new Error('VERIFICATION_SECRET is not set (at least 32 characters): `wrangler secret put VERIFICATION_SECRET`.');
  }
  const cacheKey = `${purpose}\n${root}`;
  let key = derived.get(cacheKey);
  if (!key) derived.set(cacheKey, (key = hmacHex(root, `ginkgo:${purpose}`)));
  return key;
}

/** Compares two strings in time that depends on their length only. */
export function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
