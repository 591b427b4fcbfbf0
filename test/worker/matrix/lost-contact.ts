// Authorization-matrix rows for lost-contact follow-ups: staff who see members, each within scope;
// partners and station managers never.
import { get, post, staffOnly, type Row } from './rows.ts';

const readers = { otherTenant: 200, homeAdmin: 200, townStaff: 200, villageStaff: 200, committeeSecretary: 200, branchSecretary: 200, readOnlyAdmin: 200 };

export const lostContactRows: Record<string, Row> = {
  'GET /v1/lost-contact': { request: get('/v1/lost-contact'), expect: staffOnly(readers) },
  // No case has that id: staff get 404 after the permission check, the rest 403 before it.
  'GET /v1/lost-contact/{id}/attempts': {
    request: get('/v1/lost-contact/lc_none/attempts'),
    expect: staffOnly({ ...readers, otherTenant: 404, homeAdmin: 404, townStaff: 404, villageStaff: 404, committeeSecretary: 404, branchSecretary: 404, readOnlyAdmin: 404 }),
  },
  'GET /v1/lost-contact/{id}/fellows': {
    request: get('/v1/lost-contact/lc_none/fellows'),
    expect: staffOnly({ ...readers, otherTenant: 404, homeAdmin: 404, townStaff: 404, villageStaff: 404, committeeSecretary: 404, branchSecretary: 404, readOnlyAdmin: 404 }),
  },
  'POST /v1/lost-contact/{id}/attempts': {
    request: post('/v1/lost-contact/lc_none/attempts', { channel: 'phone', outcome: 'no_answer' }),
    expect: staffOnly({ otherTenant: 404, homeAdmin: 404, townStaff: 404, villageStaff: 404, committeeSecretary: 404, branchSecretary: 404 }),
  },
  'GET /v1/lost-contact/{id}/assignees': {
    request: get('/v1/lost-contact/lc_none/assignees'),
    expect: staffOnly({ otherTenant: 404, homeAdmin: 404, townStaff: 404, villageStaff: 404, committeeSecretary: 404, branchSecretary: 404 }),
  },
  'POST /v1/lost-contact/{id}/close': {
    request: post('/v1/lost-contact/lc_none/close', { reason: 'duplicate' }),
    expect: staffOnly({ otherTenant: 404, homeAdmin: 404, townStaff: 404, villageStaff: 404, committeeSecretary: 404, branchSecretary: 404 }),
  },
  'POST /v1/lost-contact/{id}/reopen': {
    request: post('/v1/lost-contact/lc_none/reopen', {}),
    expect: staffOnly({ otherTenant: 404, homeAdmin: 404, townStaff: 404, villageStaff: 404, committeeSecretary: 404, branchSecretary: 404 }),
  },
  'POST /v1/lost-contact/{id}': {
    request: post('/v1/lost-contact/lc_none', { dueAt: 1 }),
    expect: staffOnly({ otherTenant: 404, homeAdmin: 404, townStaff: 404, villageStaff: 404, committeeSecretary: 404, branchSecretary: 404 }),
  },
};
