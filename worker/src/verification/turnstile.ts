// Cloudflare Turnstile: the form's widget yields a token, which siteverify redeems once.
import type { HumanVerifier, VerificationOutcome } from './index.ts';

export const SITEVERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';
const TIMEOUT_MS = 5_000;

type Siteverify = { success?: boolean; 'error-codes'?: string[] };

/** A UUID-shaped digest of `text`: siteverify takes its `idempotency_key` as a UUID. */
async function uuidOf(text: string): Promise<string> {
  const hex = [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))]
    .slice(0, 16).map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function turnstile(o: { siteKey: string; secretKey: string; fetch: typeof fetch }): HumanVerifier {
  return {
    provider: 'turnstile',
    siteKey: o.siteKey,
    async verify({ token, remoteIp, idempotencyKey }): Promise<VerificationOutcome> {
      if (!token) return { ok: false, reason: 'missing' };
      // A token redeems once; the idempotency key makes siteverify answer a retried (or
      // concurrent duplicate) submission as it answered the first, instead of `timeout-or-duplicate`.
      const body = { secret: o.secretKey, response: token, remoteip: remoteIp, idempotency_key: await uuidOf(idempotencyKey) };
      let answer: Siteverify;
      try {
        const res = await o.fetch(SITEVERIFY_URL, {
          method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        if (!res.ok) return { ok: false, reason: 'unavailable', codes: [`http_${res.status}`] };
        answer = await res.json<Siteverify>();
      } catch {
        return { ok: false, reason: 'unavailable' };
      }
      // Only an explicit `success: true` passes: an odd answer is a refusal.
      return answer.success === true ? { ok: true } : { ok: false, reason: 'failed', codes: answer['error-codes'] ?? [] };
    },
  };
}
