// The station directory in Open Referral HSDS 3.0 form, mirroring HSDS's own API paths, so that
// other service directories can import it. Public (no personal data), cached like the finder.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { HsdsOrganizationPage, HsdsQuery, HsdsServiceAtLocationPage, HsdsServicePage } from '../../../schema/index.ts';
import { hsdsOrganizations, hsdsServiceAtLocations, hsdsServices } from '../data/hsds.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { anyKeySecurity as security, json, keyedErrors, notModified, publicRead } from './common.ts';

const tags = ['HSDS export'];
const middleware = publicRead(60);
const PAGED = 'HSDS page envelope (`total_items`, `total_pages`, `page_number`, `size`, `first_page`, `last_page`, `empty`, `contents`); '
  + 'ids are UUIDs derived from Ginkgo\'s ids, stable across exports. Text is in one language (`lang`).';

const organizations = createRoute({
  method: 'get', path: '/hsds/organizations', operationId: 'listHsdsOrganizations', tags, security, middleware,
  summary: 'HSDS 3.0 organizations: the home organisation and its host-city committees',
  description: PAGED,
  request: { query: HsdsQuery },
  responses: { 200: json(HsdsOrganizationPage, 'A page of HSDS organizations.'), ...notModified, ...keyedErrors },
});

const services = createRoute({
  method: 'get', path: '/hsds/services', operationId: 'listHsdsServices', tags, security, middleware,
  summary: 'HSDS 3.0 services: every station service, fully nested',
  description: `${PAGED} Each service carries its organization, languages, category (a taxonomy term), phones, `
    + 'schedules (weekly hours, and dated exceptions from today to a year ahead) and its service_at_location.',
  request: { query: HsdsQuery },
  responses: { 200: json(HsdsServicePage, 'A page of HSDS services.'), ...notModified, ...keyedErrors },
});

const serviceAtLocations = createRoute({
  method: 'get', path: '/hsds/service_at_locations', operationId: 'listHsdsServiceAtLocations', tags, security, middleware,
  summary: 'HSDS 3.0 service_at_locations: each service at its station, with the station as location',
  description: `${PAGED} The location has the address, WGS-84 latitude/longitude, phone and schedules; `
    + '`external_identifier` is the Ginkgo station id.',
  request: { query: HsdsQuery },
  responses: { 200: json(HsdsServiceAtLocationPage, 'A page of HSDS service_at_locations.'), ...notModified, ...keyedErrors },
});

export const hsdsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(organizations, async (c) => c.json(await hsdsOrganizations(database(c.env.DB), c.var.key.tenantId, c.req.valid('query')), 200))
  .openapi(services, async (c) => c.json(await hsdsServices(database(c.env.DB), c.var.key.tenantId, c.req.valid('query')), 200))
  .openapi(serviceAtLocations, async (c) =>
    c.json(await hsdsServiceAtLocations(database(c.env.DB), c.var.key.tenantId, c.req.valid('query')), 200));
