// Authorization-matrix rows for members' data rights: the member's own routes are for publishable
// keys with a proof of the mobile (no secret key acts as a member); answering requests and erasing
// are the home admin's, within their tenant.
import { freshMobile, submission, submit } from '../check-in-helpers.ts';
import { proofFor } from '../helpers.ts';
import { get, post, refused, staffOnly, type Expectation, type Row } from './rows.ts';

/** Only the member, through a publishable key: every secret key is refused. */
const memberOnly = (ok: number): Expectation => ({ ...staffOnly({}), ...refused, publishable: ok });
const proved = async () => {
  const mobile = freshMobile();
  return { mobile, mobileProof: await proofFor(mobile) };
};
const answerers = { otherTenant: 404, homeAdmin: 404 };

export const dataRequestRows: Record<string, Row> = {
  'POST /v1/my-data': { request: async () => post('/v1/my-data', await proved())(), expect: memberOnly(200) },
  'POST /v1/my-data/consents/withdraw': {
    request: async () => {
      const auth = await proved();
      await submit(submission({ mobile: auth.mobile }));
      return post('/v1/my-data/consents/withdraw', { ...auth, consent: 'check_in' })();
    },
    expect: memberOnly(200),
  },
  'POST /v1/my-data/requests': {
    request: async () => post('/v1/my-data/requests', { ...(await proved()), kind: 'correction', field: 'employer', text: '某公司' })(),
    expect: memberOnly(201),
  },
  'GET /v1/data-requests': { request: get('/v1/data-requests'), expect: staffOnly({ otherTenant: 200, homeAdmin: 200, readOnlyAdmin: 200 }) },
  // No request has that id: the home admin gets 404 after the permission check, the rest 403 before it.
  'POST /v1/data-requests/{id}/done': { request: post('/v1/data-requests/dr_none/done', { outcome: '已更正' }), expect: staffOnly(answerers) },
  'POST /v1/data-requests/{id}/refuse': { request: post('/v1/data-requests/dr_none/refuse', { outcome: '不符合' }), expect: staffOnly(answerers) },
  'POST /v1/data-requests/{id}/erase': { request: post('/v1/data-requests/dr_none/erase', {}), expect: staffOnly(answerers) },
};
