// Authorization-matrix rows for the console's own endpoints: who is signed in (sessions only) and
// inviting staff (the home admin anyone, a committee secretary its branches' secretaries).
import { post, get, staffOnly, type Row } from './rows.ts';

/** A branch of the Suzhou committee: the committee secretary of the matrix (cm_suzhou) may invite its secretary. */
const invitation = { name: '测试 书记', mobile: '13900000301', role: 'branch_secretary', scopeNodeId: 'br_sz_sip' };

export const staffRows: Record<string, Row> = {
  'GET /v1/me': {
    request: get('/v1/me'),
    // Keys have no signed-in user; every session has one, whatever its role.
    expect: staffOnly({}),
    sessions: {
      otherTenant: 200, homeAdmin: 200, townStaff: 200, villageStaff: 200, committeeSecretary: 200, branchSecretary: 200,
      stationManager: 200, partner: 200, partnerWithoutConsent: 200,
    },
  },
  'POST /v1/staff/invitations': {
    request: post('/v1/staff/invitations', invitation),
    // Another tenant has no such branch: its home admin's invitation is invalid, not a way in.
    expect: staffOnly({ otherTenant: 400, homeAdmin: 201, committeeSecretary: 201 }),
  },
};
