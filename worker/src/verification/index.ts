// Human verification before an SMS code is sent, behind one small interface: ALTCHA (a
// self-hosted proof of work, no third party) by default, because Turnstile is not served in
// mainland China; Turnstile where it works; `none` only in tests.
import type { HumanChallenge } from '../../../schema/index.ts';
import type { AppEnv } from '../env.ts';
import { altcha } from './altcha.ts';
import { none } from './none.ts';
import { turnstile } from './turnstile.ts';

export type VerificationOutcome =
  | { ok: true }
  /**
   * `missing`: no proof; `failed`: a wrong proof; `spent`: a proof already accepted once;
   * `unavailable`: the provider could not be asked (the caller may retry), not a failed check.
   */
  | { ok: false; reason: 'missing' | 'failed' | 'spent' | 'unavailable'; codes?: string[] };

export type VerificationRequest = { proof: string | undefined; remoteIp: string | undefined };

export interface HumanVerifier {
  /** Sent to the form (`CheckInForm.verification`), which runs the provider's check. */
  readonly provider: 'none' | 'turnstile' | 'altcha';
  readonly siteKey: string | null;
  /** A new challenge to solve (ALTCHA only). */
  challenge?(): Promise<HumanChallenge>;
  /** Accepts each proof at most once. */
  verify(request: VerificationRequest): Promise<VerificationOutcome>;
}

/** The verifier `env` configures. An unknown or half-configured provider fails loudly, never open. */
export function verifierFor(env: AppEnv['Bindings'], fetcher: typeof fetch = fetch): HumanVerifier {
  switch (env.VERIFICATION_PROVIDER ?? 'altcha') {
    case 'altcha':
      return altcha(env);
    case 'none':
      return none;
    case 'turnstile':
      if (!env.TURNSTILE_SITE_KEY || !env.TURNSTILE_SECRET_KEY) {
        throw new Error('VERIFICATION_PROVIDER is turnstile but TURNSTILE_SITE_KEY or TURNSTILE_SECRET_KEY is not set.');
      }
      return turnstile({ siteKey: env.TURNSTILE_SITE_KEY, secretKey: env.TURNSTILE_SECRET_KEY, fetch: fetcher });
    default:
      throw new Error(`Unknown VERIFICATION_PROVIDER: ${env.VERIFICATION_PROVIDER}`);
  }
}
