// Authorization-matrix rows for the roster's trees: the home tree for the home side, the host tree
// for the host side; counts only, so no personal data for anyone.
import { get, staffOnly, type Row } from './rows.ts';

export const rosterRows: Record<string, Row> = {
  'GET /v1/roster/tree': {
    request: get('/v1/roster/tree?side=host'),
    expect: staffOnly({ otherTenant: 200, homeAdmin: 200, committeeSecretary: 200, branchSecretary: 200, readOnlyAdmin: 200 }),
  },
};
