// Authorization-matrix rows for partners and their consents: home admins only (`keys:manage`, so
// not a read-only admin key); another tenant's admin sees none of this tenant's partners.
import { get, staffOnly, type Row } from './rows.ts';

export const partnerRows: Record<string, Row> = {
  'GET /v1/partners': { request: get('/v1/partners'), expect: staffOnly({ otherTenant: 200, homeAdmin: 200 }) },
  'GET /v1/partners/{id}/consents': {
    request: get('/v1/partners/pt_cz_chamber/consents'),
    expect: staffOnly({ otherTenant: 404, homeAdmin: 200 }),
  },
};
