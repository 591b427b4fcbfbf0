// Authorization-matrix rows for the funnel's reads: staff of either side in their own nodes (the
// whole campaign is the home admin's; each other role reads its own node by default), 404 for a
// partner and for another tenant's home admin (the campaign is not theirs); the print run is a
// change (it marks letters printed), so read-only keys get 403, and it is the home side's.
import { makeCampaign, makeLetters } from '../campaign-helpers.ts';
import { staffOnly, type Row } from './rows.ts';

const CAMPAIGN = 'cmp_matrix';
let made: Promise<void> | undefined;
/** The campaign, with a letter per demo member, made once before the first row asks. */
const campaign = (path: string) => async () => {
  made ??= makeCampaign(CAMPAIGN).then(() => makeLetters(CAMPAIGN)).then(() => undefined);
  await made;
  return { path: `/v1/campaigns/${CAMPAIGN}${path}` };
};

const readers = staffOnly({
  otherTenant: 404, homeAdmin: 200, townStaff: 200, villageStaff: 200, committeeSecretary: 200, branchSecretary: 200,
  readOnlyAdmin: 200, partner: 404, partnerWithoutConsent: 404,
});

export const campaignFunnelRows: Record<string, Row> = {
  'GET /v1/campaigns/{id}/funnel': { request: campaign('/funnel'), expect: readers },
  'GET /v1/campaigns/{id}/letters': { request: campaign('/letters?stage=not_reported'), expect: readers },
  'GET /v1/campaigns/{id}/funnel.xlsx': { request: campaign('/funnel.xlsx'), expect: readers },
  'GET /v1/campaigns/{id}/print': {
    request: campaign('/print?homeUnitId=hu_gangshang_bei'),
    expect: staffOnly({ otherTenant: 404, homeAdmin: 200, townStaff: 200, villageStaff: 200, committeeSecretary: 404, branchSecretary: 404 }),
  },
};
