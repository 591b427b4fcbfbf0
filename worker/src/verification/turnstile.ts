// Cloudflare Turnstile (where it is served): the form's widget yields a token, which siteverify redeems once.
import type { HumanVerifier, VerificationOutcome } from './types.ts';

export const SITEVERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';
const TIMEOUT_MS = 5_000;

type Siteverify = { success?: boolean; 'error-codes'?: string[] };

export function turnstile(o: { siteKey: string; secretKey: string; fetch: typeof fetch }): HumanVerifier {
  return {
    provider: 'turnstile',
    siteKey: o.siteKey,
    async verify({ proof, remoteIp }): Promise<VerificationOutcome> {
      if (!proof) return { ok: false, reason: 'missing' };
      let answer: Siteverify;
      try {
        const res = await o.fetch(SITEVERIFY_URL, {
          method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ secret: o.secretKey, response: proof, remoteip: remoteIp }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        if (!res.ok) return { ok: false, reason: 'unavailable', codes: [`http_${res.status}`] };
        answer = await res.json<Siteverify>();
      } catch {
        return { ok: false, reason: 'unavailable' };
      }
      // Only an explicit `success: true` passes: an odd answer is a refusal. A token redeemed
      // twice answers `timeout-or-duplicate`.
      return answer.success === true ? { ok: true } : { ok: false, reason: 'failed', codes: answer['error-codes'] ?? [] };
    },
  };
}
