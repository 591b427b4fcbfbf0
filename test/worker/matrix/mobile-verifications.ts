// The authorization matrix's rows for mobile verification: whoever may send a check-in may ask
// for a code and check it; a code is its tenant's.
import { freshMobile } from '../check-in-helpers.ts';
import { codeSentTo, humanProof, sendCode } from '../mobile-helpers.ts';
import { post, refused, type Expectation, type Row } from './rows.ts';

/** Callers with `check_ins:create`: the form, staff and partners; not station managers or read-only keys. */
const senders = (ok: number, otherTenant: number): Expectation => ({
  ...refused, publishable: ok, otherTenant, homeAdmin: ok, townStaff: ok, villageStaff: ok, committeeSecretary: ok,
  branchSecretary: ok, stationManager: 403, partner: ok, partnerWithoutConsent: ok, readOnlyAdmin: 403,
});

export const mobileVerificationRows: Record<string, Row> = {
  'GET /v1/mobile-verifications/challenge': {
    request: async () => ({ path: '/v1/mobile-verifications/challenge' }),
    expect: senders(200, 200),
  },
  'POST /v1/mobile-verifications': {
    request: async () => post('/v1/mobile-verifications', { mobile: freshMobile(), humanProof: await humanProof() })(),
    expect: senders(201, 201),
  },
  'POST /v1/mobile-verifications/{id}/check': {
    // A code sent through the demo tenant's form: another tenant's key does not find it.
    request: async () => {
      const mobile = freshMobile();
      const id = await sendCode(mobile);
      return post(`/v1/mobile-verifications/${id}/check`, { code: await codeSentTo(mobile) })();
    },
    expect: senders(200, 404),
  },
};
