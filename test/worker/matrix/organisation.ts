// Authorization-matrix rows for editing the trees (and reading a node to edit it): each role within its own node; another
// tenant's home admin finds none of these nodes (404) or refers to none (400).
import { get, post, staffOnly, type Row } from './rows.ts';

const branch = {
  committeeId: 'cm_suzhou', cityId: 'pizhou_suzhou', nameZh: '矩阵测试支部', nameEn: 'Matrix branch',
  addressZh: '苏州', addressEn: 'Suzhou', lat: 31.3, lng: 120.5,
};

export const organisationRows: Record<string, Row> = {
  // The reads the console's forms start from: whoever may change the node.
  'GET /v1/branches/{id}/record': {
    request: get('/v1/branches/br_cz_lingjiatang/record'),
    expect: staffOnly({ otherTenant: 404, homeAdmin: 200, branchSecretary: 200 }),
  },
  'GET /v1/home-units/{id}': {
    request: get('/v1/home-units/hu_gangshang_bei'),
    expect: staffOnly({ otherTenant: 404, homeAdmin: 200, townStaff: 200, villageStaff: 200 }),
  },
  'POST /v1/committees': {
    request: post('/v1/committees', { cityId: 'pizhou_suzhou', nameZh: '矩阵委员会', nameEn: 'Matrix committee' }),
    expect: staffOnly({ otherTenant: 400, homeAdmin: 201 }),
  },
  'POST /v1/committees/{id}': {
    request: post('/v1/committees/cm_suzhou', { nameEn: "Pizhou Mobile Members' Committee in Suzhou" }),
    expect: staffOnly({ otherTenant: 404, homeAdmin: 200, committeeSecretary: 200 }),
  },
  'POST /v1/branches': {
    request: post('/v1/branches', branch),
    expect: staffOnly({ otherTenant: 400, homeAdmin: 201, committeeSecretary: 201 }),
  },
  'POST /v1/branches/{id}': {
    request: post('/v1/branches/br_cz_lingjiatang', { meetingTimesZh: '每月第一个周六上午' }),
    expect: staffOnly({ otherTenant: 404, homeAdmin: 200, branchSecretary: 200 }),
  },
  'POST /v1/home-units': {
    request: post('/v1/home-units', { kind: 'village', parentId: 'hu_gangshang', nameZh: '矩阵村', nameEn: 'Matrix village' }),
    expect: staffOnly({ otherTenant: 400, homeAdmin: 201, townStaff: 201 }),
  },
  'POST /v1/home-units/{id}': {
    request: post('/v1/home-units/hu_gangshang_bei', { nameEn: 'Gangshang North Village Branch' }),
    expect: staffOnly({ otherTenant: 404, homeAdmin: 200, townStaff: 200, villageStaff: 200 }),
  },
};
