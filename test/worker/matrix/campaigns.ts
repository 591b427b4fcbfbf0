// Authorization-matrix rows for campaigns: the home admin drafts and edits; every staff role reads;
// partners and station managers nothing. A letter is opened only through a publishable key (the
// member's page): no secret key acts as a member.
import { get, post, refused, staffOnly, type Expectation, type Row } from './rows.ts';

const DAY = 86_400_000;
const draft = () => ({
  titleZh: '家乡来信', bodyZh: '请报到。', signatory: '组织部', startsAt: Date.now(), endsAt: Date.now() + 30 * DAY, audience: {}, channels: ['sms'],
});
const readers = { otherTenant: 200, homeAdmin: 200, townStaff: 200, villageStaff: 200, committeeSecretary: 200, branchSecretary: 200, readOnlyAdmin: 200 };
const memberOnly = (status: number): Expectation => ({ ...staffOnly({}), ...refused, publishable: status });
const patch = (path: string, body: unknown) => async () => ({
  path, init: { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
});

export const campaignRows: Record<string, Row> = {
  'POST /v1/campaigns': { request: async () => post('/v1/campaigns', draft())(), expect: staffOnly({ otherTenant: 201, homeAdmin: 201 }) },
  'GET /v1/campaigns': { request: get('/v1/campaigns'), expect: staffOnly(readers) },
  // No campaign has that id: readers get 404 after the permission check, the rest 403 before it.
  'GET /v1/campaigns/{id}': {
    request: get('/v1/campaigns/cmp_none'),
    expect: staffOnly(Object.fromEntries(Object.keys(readers).map((k) => [k, 404]))),
  },
  'PATCH /v1/campaigns/{id}': { request: patch('/v1/campaigns/cmp_none', { titleZh: '改' }), expect: staffOnly({ otherTenant: 404, homeAdmin: 404 }) },
  'POST /v1/campaigns/audience-count': {
    request: post('/v1/campaigns/audience-count', { audience: { categories: ['worker'] } }), expect: staffOnly({ otherTenant: 200, homeAdmin: 200 }),
  },
  // No letter has that code: the publishable key is told so, every secret key refused before looking.
  'POST /v1/letters/open': { request: post('/v1/letters/open', { code: 'ABCDE-FGHJK' }), expect: memberOnly(404) },
  'POST /v1/letters/opt-out': { request: post('/v1/letters/opt-out', { code: 'ABCDE-FGHJK', mobileProof: 'x.y' }), expect: memberOnly(404) },
};
