// One deployment secret (VERIFICATION_SECRET, set with `wrangler secret put`) from which each use
// derives its own key, so a key leaked from one use (say, a proof) opens no other.
import type { AppEnv } from '../env.ts';

export type SecretPurpose = 'altcha' | 'altcha-key' | 'mobile-proof' | 'mobile-hash' | 'code-hash' | 'client-hash';

const encoder = new TextEncoder();
const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/** Hex HMAC-SHA256 of `text` under `secret`. */
export async function hmacHex(secret: string, text: string): Promise<string> {
  return hex(await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(text)));
}

/** The key for one purpose, as hex. Throws (a 500, logged) when the deployment has no secret: never a guessable default. */
export async function derivedSecret(env: AppEnv['Bindings'], purpose: SecretPurpose): Promise<string> {
  const root = env.VERIFICATION_SECRET;
  if (!root || root.length < 32) {
    throw new Error('VERIFICATION_SECRET is not set (at least 32 characters): `wrangler secret put VERIFICATION_SECRET`.');
  }
  return hmacHex(root, `ginkgo:${purpose}`);
}

/** Compares two strings in time that depends on their length only. */
export function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
