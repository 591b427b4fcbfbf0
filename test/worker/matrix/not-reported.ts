// Authorization-matrix rows for 未报到 (GET /v1/members/not-reported): staff who read members, in
// their own scope; never partners, whose view of a member has no check-ins. Asked as CSV, the
// format whose body the matrix's personal-data check can read (the other tenant's home admin
// gets a file with the header line only).
import { get, staffOnly, type Row } from './rows.ts';

export const notReportedRows: Record<string, Row> = {
  'GET /v1/members/not-reported': {
    request: get('/v1/members/not-reported?format=csv'),
    expect: staffOnly({
      otherTenant: 200, homeAdmin: 200, townStaff: 200, villageStaff: 200, committeeSecretary: 200, branchSecretary: 200, readOnlyAdmin: 200,
    }),
  },
};
