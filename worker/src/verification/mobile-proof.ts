// The signed proof that a sender verified a mobile by SMS code. It travels with the submission
// (the form's offline queue keeps it), so it is self-contained: tenant, number (as an HMAC) and
// expiry, signed by the server. Nobody can make one without a code sent to that number.
import type { Context } from 'hono';
import { MOBILE_CODE } from '../../../schema/index.ts';
import type { AppEnv } from '../env.ts';
import { HttpError } from '../errors.ts';
import { hmacHex } from '../lib/crypto.ts';
import { derivedSecret, sameText } from './secrets.ts';

type Claims = { t: string; m: string; exp: number };

const base64url = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)))
  .replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
const fromBase64url = (text: string) =>
  new TextDecoder().decode(Uint8Array.from(atob(text.replaceAll('-', '+').replaceAll('_', '/')), (ch) => ch.charCodeAt(0)));

/** The number as stored and signed: an HMAC, so neither table rows nor proofs list numbers. */
export async function mobileHash(env: AppEnv['Bindings'], tenantId: string, mobile: string): Promise<string> {
  return hmacHex(await derivedSecret(env, 'mobile-hash'), `${tenantId}:${mobile}`);
}

/** A proof for the number whose `mobileHash` is `hash` (a verified code's row keeps only that). */
export async function signMobileProofForHash(env: AppEnv['Bindings'], tenantId: string, hash: string, now = Date.now()) {
  const claims: Claims = { t: tenantId, m: hash, exp: now + MOBILE_CODE.proofTtlSeconds * 1000 };
  const body = base64url(JSON.stringify(claims));
  const signature = await hmacHex(await derivedSecret(env, 'mobile-proof'), body);
  return { mobileProof: `${body}.${signature}`, expiresAt: claims.exp };
}

/** Whether `proof` is a live proof, signed by us, for this tenant and number. Anything odd is false. */
export async function provesMobile(env: AppEnv['Bindings'], proof: string | undefined, tenantId: string, mobile: string, now = Date.now()): Promise<boolean> {
  if (!proof) return false;
  const [body, signature, extra] = proof.split('.');
  if (!body || !signature || extra !== undefined) return false;
  if (!sameText(signature, await hmacHex(await derivedSecret(env, 'mobile-proof'), body))) return false;
  let claims: Partial<Claims>;
  try {
    claims = JSON.parse(fromBase64url(body)) as Partial<Claims>;
  } catch {
    return false;
  }
  return claims.t === tenantId && typeof claims.exp === 'number' && claims.exp > now
    && typeof claims.m === 'string' && sameText(claims.m, await mobileHash(env, tenantId, mobile));
}

/**
 * Whether a submission's sender proved its mobile. The form (a publishable key) must: without a
 * live proof for this number it is refused (403 `mobile_unverified`) before anything is read or
 * written. Staff and partner secret keys may send unverified submissions.
 */
export async function senderVerified(c: Context<AppEnv>, mobile: string, proof: string | undefined): Promise<boolean> {
  const verified = await provesMobile(c.env, proof, c.var.key.tenantId, mobile);
  if (!verified && c.var.key.kind === 'publishable') {
    throw new HttpError(403, 'mobile_unverified', proof
      ? 'The mobile verification has expired or is not for this number: ask for a new SMS code.'
      : 'Verify the mobile number with an SMS code first.');
  }
  return verified;
}
