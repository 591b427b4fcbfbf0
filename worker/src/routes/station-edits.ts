// Staff editing of stations, services, hours and volunteer teams (`stations:write`). Every
// change is audited in the same batch; responses are the station as the public reads show it
// (those are cached for up to 60 s, so an edit reaches portals within a minute).
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import {
  Station, StationCreate, StationHoursPut, StationIdParam, StationServiceCreate, StationServiceIdParam,
  StationServiceUpdate, StationUpdate, VolunteerTeamsPut,
} from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import {
  createService, createStation, deleteService, replaceHours, replaceTeams, updateService, updateStation,
} from '../data/station-edits.ts';
import type { AppEnv } from '../env.ts';
import { error, json, jsonBody, keyedErrors, noStore, notFoundError, secretKeySecurity as security } from './common.ts';

const tags = ['Station editing'];
const middleware = [requirePermission('stations:write'), noStore];
const SCOPE = 'The home admin edits every station of the tenant, a committee secretary the committee\'s stations, '
  + 'a station manager their own; any other station is 404.';
const errors = {
  ...keyedErrors, ...notFoundError,
  403: error('A publishable key, a role without `stations:write`, or a read-only key.'),
};
const updated = { 200: json(Station, 'The station after the change.') };

const update = createRoute({
  method: 'patch', path: '/stations/{id}', operationId: 'updateStation', tags, security, middleware,
  summary: 'Change a station\'s names, description, address, position, contacts, time zone or alert',
  description: `Only the fields given change; \`alert: null\` removes the alert. ${SCOPE}`,
  request: { params: StationIdParam, ...jsonBody(StationUpdate) },
  responses: { ...updated, ...errors },
});

const create = createRoute({
  method: 'post', path: '/stations', operationId: 'createStation', tags, security, middleware,
  summary: 'Open a station in a host city',
  description: 'The home admin anywhere; a committee secretary under their own committee (the default for them). '
    + 'The city and committee must be the tenant\'s (404 otherwise); a taken id is 409. Add services and hours next.',
  request: jsonBody(StationCreate),
  responses: { 201: json(Station, 'The new station.'), ...errors, 409: error('A station with that id exists.') },
});

const addService = createRoute({
  method: 'post', path: '/stations/{id}/services', operationId: 'createStationService', tags, security, middleware,
  summary: 'Add a service to a station',
  description: SCOPE,
  request: { params: StationIdParam, ...jsonBody(StationServiceCreate) },
  responses: { 201: json(Station, 'The station with the new service.'), ...errors },
});

const changeService = createRoute({
  method: 'patch', path: '/stations/{id}/services/{serviceId}', operationId: 'updateStationService', tags, security, middleware,
  summary: 'Change a station\'s service',
  description: `Only the fields given change; \`fees: null\` makes it free. ${SCOPE}`,
  request: { params: StationServiceIdParam, ...jsonBody(StationServiceUpdate) },
  responses: { ...updated, ...errors },
});

const removeService = createRoute({
  method: 'delete', path: '/stations/{id}/services/{serviceId}', operationId: 'deleteStationService', tags, security, middleware,
  summary: 'Remove a service from a station',
  description: SCOPE,
  request: { params: StationServiceIdParam },
  responses: { ...updated, ...errors },
});

const setHours = createRoute({
  method: 'put', path: '/stations/{id}/hours', operationId: 'replaceStationHours', tags, security, middleware,
  summary: 'Replace a station\'s weekly hours and dated exceptions',
  description: 'Times are local to the station\'s `timeZone`, HH:MM; `closes` at or before `opens` runs past midnight. '
    + 'Slots may not overlap (past-midnight slots included); an exception gives both `opens` and `closes` (special hours) '
    + `or neither (closed), one per date. Open-now is recomputed on the next read. ${SCOPE}`,
  request: { params: StationIdParam, ...jsonBody(StationHoursPut) },
  responses: { ...updated, ...errors },
});

const setTeams = createRoute({
  method: 'put', path: '/stations/{id}/volunteer-teams', operationId: 'replaceStationVolunteerTeams', tags, security, middleware,
  summary: 'Replace a station\'s volunteer teams',
  description: `Teams given with their id keep it; teams left out are removed; new teams get an id. ${SCOPE}`,
  request: { params: StationIdParam, ...jsonBody(VolunteerTeamsPut) },
  responses: { ...updated, ...errors },
});

export const stationEditRoutes = new OpenAPIHono<AppEnv>()
  .openapi(create, async (c) => c.json(await createStation(c, c.req.valid('json')), 201))
  .openapi(update, async (c) => c.json(await updateStation(c, c.req.valid('param').id, c.req.valid('json')), 200))
  .openapi(addService, async (c) => c.json(await createService(c, c.req.valid('param').id, c.req.valid('json')), 201))
  .openapi(changeService, async (c) => {
    const { id, serviceId } = c.req.valid('param');
    return c.json(await updateService(c, id, serviceId, c.req.valid('json')), 200);
  })
  .openapi(removeService, async (c) => {
    const { id, serviceId } = c.req.valid('param');
    return c.json(await deleteService(c, id, serviceId), 200);
  })
  .openapi(setHours, async (c) => c.json(await replaceHours(c, c.req.valid('param').id, c.req.valid('json')), 200))
  .openapi(setTeams, async (c) => c.json(await replaceTeams(c, c.req.valid('param').id, c.req.valid('json')), 200));
