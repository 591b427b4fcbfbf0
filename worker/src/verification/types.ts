// The interface every human verifier implements, below them all: the providers import it from
// here and index.ts picks one, so that no provider imports the module that imports it.
import type { HumanChallenge } from '../../../schema/index.ts';

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
