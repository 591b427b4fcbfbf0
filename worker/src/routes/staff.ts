// Who is signed in to the console, and inviting staff.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { Me, StaffInvitation, StaffInvitationCreate } from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import { me } from '../data/staff.ts';
import { createInvitation } from '../data/staff-invitations.ts';
import type { AppEnv } from '../env.ts';
import { HttpError } from '../errors.ts';
import { error, json, jsonBody, keyedErrors, secretKeySecurity } from './common.ts';

const get = createRoute({
  method: 'get', path: '/me', operationId: 'getMe', tags: ['Console'], security: [{ consoleSession: [] }],
  summary: 'The signed-in staff user',
  description: 'For console sessions only (a key gets 403): the staff user, their live grants, and the one this request acted through '
    + '(`X-Ginkgo-Grant`, else the oldest).',
  responses: { 200: json(Me, 'The user and their grants.'), ...keyedErrors },
});

const invite = createRoute({
  method: 'post', path: '/staff/invitations', operationId: 'createStaffInvitation', tags: ['Console'], security: secretKeySecurity,
  middleware: [requirePermission('staff:invite')] as const,
  summary: 'Invite a staff member',
  description: 'A one-time link that gives a role at a node to whoever signs in to the console with this mobile within a week. '
    + 'The home admin invites anyone; a committee secretary only the secretaries of its own branches. Audited (`staff.invite`).',
  request: jsonBody(StaffInvitationCreate),
  responses: {
    201: json(StaffInvitation, 'The invitation and its link (shown only now).'),
    ...keyedErrors,
    409: error('The mobile belongs to a staff account of another organisation.'),
  },
});

export const staffRoutes = new OpenAPIHono<AppEnv>()
  .openapi(get, async (c) => {
    const caller = c.var.key;
    if (!caller.userId) throw new HttpError(403, 'forbidden', 'Only a console session has a signed-in user; keys have none.');
    return c.json(await me(c.env.DB, caller.userId, caller.id), 200);
  })
  .openapi(invite, async (c) => c.json(await createInvitation(c, c.req.valid('json')), 201));
