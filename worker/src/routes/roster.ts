// The roster's trees, a level at a time, with member counts.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { RosterLevel, RosterTreeQuery } from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import { rosterLevel } from '../data/roster-tree.ts';
import type { AppEnv } from '../env.ts';
import { json, keyedErrors, secretKeySecurity as security } from './common.ts';

const tree = createRoute({
  method: 'get', path: '/roster/tree', operationId: 'getRosterTree', tags: ['Members'], security,
  middleware: [requirePermission('members:read')] as const,
  summary: 'A level of the roster tree, with member counts',
  description: 'The home tree (towns, then a town\'s villages) for the home admin, town and village staff; the host tree '
    + '(committees and branches without one, then a committee\'s branches) for the home admin, committee and branch secretaries. '
    + 'Each node within the caller\'s scope, with its members on the roster. Counts only: nothing personal, so not audited.',
  request: { query: RosterTreeQuery },
  responses: { 200: json(RosterLevel, 'The nodes of the level, in id order (committees before branches).'), ...keyedErrors },
});

export const rosterRoutes = new OpenAPIHono<AppEnv>().openapi(tree, async (c) =>
  c.json(await rosterLevel(c.env.DB, c.var.key, c.req.valid('query')), 200));
