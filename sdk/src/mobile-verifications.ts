// Mobile verification (短信验证码): a public form proves the member's mobile with an SMS code
// before a check-in. A challenge to prove a human asks (ALTCHA), the code sent, the code checked
// for a signed `mobileProof` that the check-in and the status lookup then carry.
import type {
  HumanChallenge, MobileProof, MobileVerificationCheck, MobileVerificationCreate, MobileVerificationSent,
} from '../../schema/mobile-verification.ts';
import type { HttpClient } from './http.ts';

export class MobileVerifications {
  constructor(private readonly http: HttpClient) {}

  /** A fresh proof-of-work challenge (provider `altcha`): solve it, then send `humanProof` with `send()`. Accepted once. */
  challenge(): Promise<HumanChallenge> {
    return this.http.request<HumanChallenge>({ path: '/v1/mobile-verifications/challenge' });
  }

  /**
   * Sends a code to the mobile. Not retried: each call may send an SMS and spends its human proof.
   * Fails with `RateLimitError` (`details.retryAfterSeconds`), `PermissionError` (`verification_failed`:
   * solve a new challenge) or `ServerError` (`sms_unavailable`).
   */
  send(input: MobileVerificationCreate): Promise<MobileVerificationSent> {
    return this.http.request<MobileVerificationSent>({ method: 'POST', path: '/v1/mobile-verifications', body: input });
  }

  /**
   * Checks the code: the proof for the mobile, or `ValidationError` with code `code_incorrect`
   * (`details.attemptsLeft`), `code_expired` or `code_exhausted`. The right code checked again
   * within its lifetime answers the same, so it is retried like a GET.
   */
  check(id: string, input: MobileVerificationCheck): Promise<MobileProof> {
    return this.http.request<MobileProof>({
      method: 'POST', path: `/v1/mobile-verifications/${encodeURIComponent(id)}/check`, body: input, idempotent: true,
    });
  }
}
