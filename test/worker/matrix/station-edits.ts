// Authorization-matrix rows for station and service editing (staff) and the HSDS export.
// The callers: the station manager is st_changzhou's, the committee secretary cm_suzhou's, so
// rows on st_changzhou and on st_suzhou show each reaching only their own station.
import { stationServices } from '../../../schema/index.ts';
import { db } from '../helpers.ts';
import { get, publicRead, staffOnly, type Row } from './rows.ts';

const send = (method: string, path: string | (() => Promise<string>), body?: unknown) => async () => ({
  path: typeof path === 'string' ? path : await path(),
  init: { method, headers: { 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) },
});

/** Editors of st_changzhou (committee cm_changzhou): the home admin and its station manager. */
const changzhouEditors = (status: number) => staffOnly({ otherTenant: 404, homeAdmin: status, stationManager: status, committeeSecretary: 404 });
/** Editors of st_suzhou (committee cm_suzhou): the home admin and that committee's secretary. */
const suzhouEditors = (status: number) => staffOnly({ otherTenant: 404, homeAdmin: status, committeeSecretary: status, stationManager: 404 });

/** A throw-away service of st_changzhou for each caller to try to delete. */
const freshService = async () => {
  const id = `sv_matrix_${crypto.randomUUID().slice(0, 8)}`;
  await db().insert(stationServices).values({
    id, tenantId: 'pizhou', stationId: 'st_changzhou', category: 'legal', descriptionZh: '临时', descriptionEn: 'Temporary',
    eligibilityZh: '所有人', eligibilityEn: 'Anyone', howToApplyZh: '来电', howToApplyEn: 'Call',
  });
  return `/v1/stations/st_changzhou/services/${id}`;
};

const text = (zh: string, en: string) => ({ zh, en });

const editRows: Record<string, Row> = {
  'POST /v1/stations': {
    request: send('POST', '/v1/stations', {
      cityId: 'pizhou_suzhou', name: text('矩阵驿站', 'Matrix station'), address: text('苏州', 'Suzhou'), position: { lat: 31.3, lng: 120.6 },
    }),
    // The other tenant has no such city; a station manager edits a station but opens none.
    expect: staffOnly({ otherTenant: 404, homeAdmin: 201, committeeSecretary: 201 }),
  },
  'PATCH /v1/stations/{id}': {
    request: send('PATCH', '/v1/stations/st_changzhou', { alert: text('今日闭站', 'Closed today') }),
    expect: changzhouEditors(200),
  },
  'POST /v1/stations/{id}/services': {
    request: send('POST', '/v1/stations/st_suzhou/services', {
      category: 'legal', description: text('劳动争议咨询', 'Labour disputes'), eligibility: text('流动党员', 'Members'), howToApply: text('来电', 'Call'),
    }),
    expect: suzhouEditors(201),
  },
  'PATCH /v1/stations/{id}/services/{serviceId}': {
    request: send('PATCH', '/v1/stations/st_suzhou/services/st_suzhou_sv1', { languages: ['zh'] }),
    expect: suzhouEditors(200),
  },
  'DELETE /v1/stations/{id}/services/{serviceId}': {
    request: send('DELETE', freshService),
    expect: changzhouEditors(200),
  },
  'PUT /v1/stations/{id}/hours': {
    request: send('PUT', '/v1/stations/st_changzhou/hours', { hours: [{ weekday: 1, opens: '08:00', closes: '12:00' }], exceptions: [] }),
    expect: changzhouEditors(200),
  },
  'PUT /v1/stations/{id}/volunteer-teams': {
    request: send('PUT', '/v1/stations/st_suzhou/volunteer-teams', { teams: [{ id: 'vt_sz_jobs', name: text('就业帮帮团', 'Job Helpers') }] }),
    expect: suzhouEditors(200),
  },
};

/** The HSDS export is public, like the directory it is made from. */
const hsdsRows: Record<string, Row> = {
  'GET /v1/hsds/organizations': { request: get('/v1/hsds/organizations'), expect: publicRead },
  'GET /v1/hsds/services': { request: get('/v1/hsds/services?lang=en'), expect: publicRead },
  'GET /v1/hsds/service_at_locations': { request: get('/v1/hsds/service_at_locations?per_page=5'), expect: publicRead },
};

export const stationEditRows: Record<string, Row> = { ...editRows, ...hsdsRows };
