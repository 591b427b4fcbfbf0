import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { NearbyStationList, Station, StationIdParam, StationNearQuery, StationPage, StationQuery } from '../../../schema/index.ts';
import { getStation, listStations, nearestStations } from '../data/stations.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { anyKeySecurity as security, json, keyedErrors, notFoundError, notModified, publicRead, reportNearestCost } from './common.ts';

const tags = ['Stations'];
// `openNow` is computed per request (publicCache(60)): a minute's caching keeps it close to the truth.

const list = createRoute({
  method: 'get', path: '/stations', operationId: 'listStations', tags, security, middleware: publicRead(60),
  summary: 'Service stations (服务驿站) by host city and/or service category',
  description: 'Each station with its services by category, weekly hours, exceptions for the next 60 days, '
    + 'volunteer teams, and whether it is open now.',
  request: { query: StationQuery },
  responses: { 200: json(StationPage, 'A page of stations in id order.'), ...notModified, ...keyedErrors },
});

const near = createRoute({
  method: 'get', path: '/stations/near', operationId: 'listNearestStations', tags, security, middleware: publicRead(60),
  summary: 'Nearest service stations to a position',
  description: 'Nearest first, with the distance in metres, by the same grid index search as branches; with `category`, the nearest of the stations offering it.',
  request: { query: StationNearQuery },
  responses: { 200: json(NearbyStationList, 'Nearest first.'), ...notModified, ...keyedErrors },
});

const get = createRoute({
  method: 'get', path: '/stations/{id}', operationId: 'getStation', tags, security, middleware: publicRead(60),
  summary: 'One service station',
  description: 'The station with its services, weekly hours, dated exceptions for the next 60 days and volunteer teams; cached for a minute.',
  request: { params: StationIdParam },
  responses: { 200: json(Station, 'The station.'), ...notModified, ...keyedErrors, ...notFoundError },
});

export const stationRoutes = new OpenAPIHono<AppEnv>()
  .openapi(near, async (c) => {
    const { lat, lng, limit, category } = c.req.valid('query');
    const result = await nearestStations(database(c.env.DB), c.env.DB, c.var.key.tenantId, { lat, lng }, limit, category);
    reportNearestCost(c, result);
    return c.json({ data: result.data }, 200);
  })
  .openapi(list, async (c) => c.json(await listStations(database(c.env.DB), c.var.key.tenantId, c.req.valid('query')), 200))
  .openapi(get, async (c) => {
    const station = await getStation(database(c.env.DB), c.var.key.tenantId, c.req.valid('param').id);
    if (!station) throw notFound('The station');
    return c.json(station, 200);
  });
