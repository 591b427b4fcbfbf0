import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { BranchPage, IdParam, NearbyBranchList, NearQuery, SearchQuery, Branch } from '../../../schema/index.ts';
import { getBranch, searchBranches } from '../data/branches.ts';
import { nearestBranches } from '../data/nearest-branches.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { anyKeySecurity as security, json, keyedErrors, notFoundError, notModified, publicRead, reportNearestCost } from './common.ts';

const tags = ['Branches'];

const near = createRoute({
  method: 'get', path: '/branches/near', operationId: 'listNearestBranches', tags, security, middleware: publicRead(),
  summary: 'Nearest branches to a position',
  description: 'Branches of the key\'s tenant, nearest first, with the distance in metres. Uses a grid index: '
    + 'a dense area is answered in one D1 query; `Server-Timing` reports the D1 rows read.',
  request: { query: NearQuery },
  responses: { 200: json(NearbyBranchList, 'Nearest first.'), ...notModified, ...keyedErrors },
});

const search = createRoute({
  method: 'get', path: '/branches', operationId: 'searchBranches', tags, security, middleware: publicRead(),
  summary: 'Search branches by host city and/or text',
  description: '`q` finds the branches whose name, address or city contains it, in Chinese or English, ignoring '
    + 'the case of Latin letters. It is taken literally: `%`, `_`, quotes and search operators are plain characters. '
    + 'Text search uses an index of the branches\' 1- and 2-character substrings, so a page costs about a page of '
    + 'D1 rows however many branches match.',
  request: { query: SearchQuery },
  responses: { 200: json(BranchPage, 'A page of branches in city order.'), ...notModified, ...keyedErrors },
});

const get = createRoute({
  method: 'get', path: '/branches/{id}', operationId: 'getBranch', tags, security, middleware: publicRead(),
  summary: 'One branch',
  description: 'A branch of the key\'s tenant with its committee, address, position and meeting details; cached like the search.',
  request: { params: IdParam },
  responses: { 200: json(Branch, 'The branch.'), ...notModified, ...keyedErrors, ...notFoundError },
});

export const branchRoutes = new OpenAPIHono<AppEnv>()
  .openapi(near, async (c) => {
    const { lat, lng, limit } = c.req.valid('query');
    const result = await nearestBranches(c.env.DB, c.var.key.tenantId, { lat, lng }, limit);
    reportNearestCost(c, result);
    return c.json({ data: result.data }, 200);
  })
  .openapi(search, async (c) => {
    const page = await searchBranches(database(c.env.DB), c.var.key.tenantId, c.req.valid('query'));
    return c.json(page, 200);
  })
  .openapi(get, async (c) => {
    const branch = await getBranch(database(c.env.DB), c.var.key.tenantId, c.req.valid('param').id);
    if (!branch) throw notFound('The branch');
    return c.json(branch, 200);
  });
