// Human verification before an SMS code is sent, behind one small interface: ALTCHA (a
// self-hosted proof of work, no third party) by default, because Turnstile is not served in
// mainland China; Turnstile where it works; `none` only in tests.
import type { AppEnv } from '../env.ts';
import { altcha } from './altcha.ts';
import { none } from './none.ts';
import { turnstile } from './turnstile.ts';
import type { HumanVerifier } from './types.ts';

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
