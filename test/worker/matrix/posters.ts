// Authorization-matrix rows for QR posters: public reads, 404 for another tenant's branch or
// station. A portal URL is given so that secret keys (which are never printed) get a poster too;
// it is on the demo publishable key's origins (http://localhost:*), as a publishable key requires.
import { get, publicRead, type Row } from './rows.ts';

const portal = `checkInUrl=${encodeURIComponent('http://localhost:5173/check-in')}`;

export const posterRows: Record<string, Row> = {
  'GET /v1/branches/{id}/poster': {
    request: get(`/v1/branches/br_cz_lingjiatang/poster?${portal}`),
    expect: { ...publicRead, otherTenant: 404 },
  },
  'GET /v1/stations/{id}/poster': {
    request: get(`/v1/stations/st_changzhou/poster?${portal}`),
    expect: { ...publicRead, otherTenant: 404 },
  },
};
