// Who is signed in to the console: the user and the grants they may act through.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { Me } from '../../../schema/index.ts';
import { me } from '../data/staff.ts';
import type { AppEnv } from '../env.ts';
import { HttpError } from '../errors.ts';
import { json, keyedErrors } from './common.ts';

const get = createRoute({
  method: 'get', path: '/me', tags: ['Console'], security: [{ consoleSession: [] }],
  summary: 'The signed-in staff user',
  description: 'For console sessions only (a key gets 403): the staff user, their live grants, and the one this request acted through '
    + '(`X-Ginkgo-Grant`, else the oldest).',
  responses: { 200: json(Me, 'The user and their grants.'), ...keyedErrors },
});

export const staffRoutes = new OpenAPIHono<AppEnv>().openapi(get, async (c) => {
  const caller = c.var.key;
  if (!caller.userId) throw new HttpError(403, 'forbidden', 'Only a console session has a signed-in user; keys have none.');
  return c.json(await me(c.env.DB, caller.userId, caller.id), 200);
});
