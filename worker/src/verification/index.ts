// Human verification of the public check-in form, behind one small interface: Turnstile is not
// served in mainland China, so a domestic provider must be able to take its place.
import type { AppEnv } from '../env.ts';
import { none } from './none.ts';
import { turnstile } from './turnstile.ts';

export type VerificationOutcome =
  | { ok: true }
  /** `unavailable`: the provider could not be asked (the caller may retry), not a failed check. */
  | { ok: false; reason: 'missing' | 'failed' | 'unavailable'; codes?: string[] };

export type VerificationRequest = {
  token: string | undefined;
  remoteIp: string | undefined;
  /** Stable for retries of one submission, so that a provider can answer a retry as it did the first time. */
  idempotencyKey: string;
};

export interface HumanVerifier {
  /** Sent to the form (`CheckInForm.verification`), which loads the provider's widget. */
  readonly provider: 'none' | 'turnstile';
  readonly siteKey: string | null;
  verify(request: VerificationRequest): Promise<VerificationOutcome>;
}

/** The verifier `env` configures. An unknown or half-configured provider fails loudly, never open. */
export function verifierFor(env: AppEnv['Bindings'], fetcher: typeof fetch = fetch): HumanVerifier {
  switch (env.VERIFICATION_PROVIDER ?? 'none') {
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
