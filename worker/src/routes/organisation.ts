// Editing the organisation's two trees: committees and branches, towns and villages.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import {
  Branch, BranchCreate, BranchRecord, BranchUpdate, Committee, CommitteeCreate, CommitteeUpdate, HomeUnit, HomeUnitCreate, HomeUnitRecord,
  HomeUnitUpdate, IdParam,
} from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import { createBranch, createCommittee, createHomeUnit, updateBranch, updateCommittee, updateHomeUnit } from '../data/organisation.ts';
import { readBranchRecord, readHomeUnitRecord } from '../data/organisation-records.ts';
import type { AppEnv } from '../env.ts';
import { json, jsonBody, keyedErrors, noStore, notFoundError, secretKeySecurity as security } from './common.ts';

const tags = ['Organisation'];
const middleware = [requirePermission('org:write')];
const who = 'The home admin anywhere; a committee secretary its committee and branches; a branch secretary its branch; '
  + 'town staff their town and its villages; village staff their village. Audited (`org.*`).';

/** The reads an edit form starts from: whoever may change the node, as the change is scoped. */
const readMiddleware = [requirePermission('org:write'), noStore];

const routes = {
  readBranch: createRoute({
    method: 'get', path: '/branches/{id}/record', operationId: 'getBranchRecord', tags, security, middleware: readMiddleware, summary: "A branch's stored fields, for editing",
    description: `What \`POST /v1/branches/{id}\` changes, each text as stored (the public branch gives a missing English text as the Chinese). ${who}`,
    request: { params: IdParam }, responses: { 200: json(BranchRecord, 'The branch as stored.'), ...keyedErrors, ...notFoundError },
  }),
  readHomeUnit: createRoute({
    method: 'get', path: '/home-units/{id}', operationId: 'getHomeUnit', tags, security, middleware: readMiddleware, summary: 'A town or village, for editing',
    description: `Its names, its contact person and the staff who may be named (\`contactUserId\`). ${who}`,
    request: { params: IdParam }, responses: { 200: json(HomeUnitRecord, 'The town or village.'), ...keyedErrors, ...notFoundError },
  }),
  createCommittee: createRoute({
    method: 'post', path: '/committees', operationId: 'createCommittee', tags, security, middleware, summary: 'Add a host-city committee', description: `Home admin only. ${who}`,
    request: jsonBody(CommitteeCreate), responses: { 201: json(Committee, 'Added.'), ...keyedErrors },
  }),
  updateCommittee: createRoute({
    method: 'post', path: '/committees/{id}', operationId: 'updateCommittee', tags, security, middleware, summary: 'Rename a committee', description: who,
    request: { params: IdParam, ...jsonBody(CommitteeUpdate) }, responses: { 200: json(Committee, 'Changed.'), ...keyedErrors, ...notFoundError },
  }),
  createBranch: createRoute({
    method: 'post', path: '/branches', operationId: 'createBranch', tags, security, middleware, summary: 'Add a branch',
    description: `The home admin under any committee or none; a committee secretary under its own. ${who}`,
    request: jsonBody(BranchCreate), responses: { 201: json(Branch, 'Added; the finder shows it.'), ...keyedErrors },
  }),
  updateBranch: createRoute({
    method: 'post', path: '/branches/{id}', operationId: 'updateBranch', tags, security, middleware, summary: "Change a branch's details",
    description: `Moving it to another committee (\`committeeId\`) is the home admin's, and moves its members' committee too. ${who}`,
    request: { params: IdParam, ...jsonBody(BranchUpdate) }, responses: { 200: json(Branch, 'Changed.'), ...keyedErrors, ...notFoundError },
  }),
  createHomeUnit: createRoute({
    method: 'post', path: '/home-units', operationId: 'createHomeUnit', tags, security, middleware, summary: 'Add a town or a village',
    description: `Towns: the home admin; villages: the home admin or the town's staff. ${who}`,
    request: jsonBody(HomeUnitCreate), responses: { 201: json(HomeUnit, 'Added.'), ...keyedErrors },
  }),
  updateHomeUnit: createRoute({
    method: 'post', path: '/home-units/{id}', operationId: 'updateHomeUnit', tags, security, middleware, summary: 'Rename a town or village, or name its contact person',
    description: who, request: { params: IdParam, ...jsonBody(HomeUnitUpdate) }, responses: { 200: json(HomeUnit, 'Changed.'), ...keyedErrors, ...notFoundError },
  }),
};

export const organisationRoutes = new OpenAPIHono<AppEnv>()
  .openapi(routes.readBranch, async (c) => c.json(await readBranchRecord(c, c.req.valid('param').id), 200))
  .openapi(routes.readHomeUnit, async (c) => c.json(await readHomeUnitRecord(c, c.req.valid('param').id), 200))
  .openapi(routes.createCommittee, async (c) => c.json(await createCommittee(c, c.req.valid('json')), 201))
  .openapi(routes.updateCommittee, async (c) => c.json(await updateCommittee(c, c.req.valid('param').id, c.req.valid('json')), 200))
  .openapi(routes.createBranch, async (c) => c.json(await createBranch(c, c.req.valid('json')), 201))
  .openapi(routes.updateBranch, async (c) => c.json(await updateBranch(c, c.req.valid('param').id, c.req.valid('json')), 200))
  .openapi(routes.createHomeUnit, async (c) => c.json(await createHomeUnit(c, c.req.valid('json')), 201))
  .openapi(routes.updateHomeUnit, async (c) => c.json(await updateHomeUnit(c, c.req.valid('param').id, c.req.valid('json')), 200));
