// Lost contact (失联): the follow-ups of members not heard of for six months.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  ContactAttempt, ContactAttemptCreate, IdParam, LostContactPage, LostContactQuery, LostContactUpdate,
} from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import { listAttempts, listCases, recordAttempt, updateCase } from '../data/lost-contact.ts';
import type { AppEnv } from '../env.ts';
import { error, json, jsonBody, keyedErrors, notFoundError, secretKeySecurity as security } from './common.ts';

const tags = ['Lost contact'];
const closed = { 409: error('The case is closed.') } as const;

const list = createRoute({
  method: 'get', path: '/lost-contact', tags, security, middleware: [requirePermission('follow_ups:read')] as const,
  summary: 'Lost-contact cases',
  description: 'Members in your scope not heard of (no check-in, no contact recorded) for six months: a daily job opens a case '
    + "for their village's contact person, due in two weeks, and closes it as found once they check in or are reached. Audited.",
  request: { query: LostContactQuery },
  responses: { 200: json(LostContactPage, 'A page of cases.'), ...keyedErrors },
});
const attempts = createRoute({
  method: 'get', path: '/lost-contact/{id}/attempts', tags, security, middleware: [requirePermission('follow_ups:read')] as const,
  summary: "A case's contact attempts", request: { params: IdParam },
  responses: { 200: json(z.object({ data: z.array(ContactAttempt) }), 'Oldest first.'), ...keyedErrors, ...notFoundError },
});
const attempt = createRoute({
  method: 'post', path: '/lost-contact/{id}/attempts', tags, security, middleware: [requirePermission('follow_ups:write')] as const,
  summary: 'Record a contact attempt',
  description: 'One that reaches the member (`reached`, `relayed`) closes the case as found and records the contact on the roster.',
  request: { params: IdParam, ...jsonBody(ContactAttemptCreate) },
  responses: { 201: json(ContactAttempt, 'Recorded.'), ...keyedErrors, ...notFoundError, ...closed },
});
const update = createRoute({
  method: 'post', path: '/lost-contact/{id}', tags, security, middleware: [requirePermission('follow_ups:write')] as const,
  summary: 'Assign, snooze or reschedule a case', request: { params: IdParam, ...jsonBody(LostContactUpdate) },
  responses: { 204: { description: 'Changed.' }, ...keyedErrors, ...notFoundError, ...closed },
});

export const lostContactRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => c.json(await listCases(c, c.req.valid('query')), 200))
  .openapi(attempts, async (c) => c.json({ data: await listAttempts(c, c.req.valid('param').id) }, 200))
  .openapi(attempt, async (c) => c.json(await recordAttempt(c, c.req.valid('param').id, c.req.valid('json')), 201))
  .openapi(update, async (c) => {
    await updateCase(c, c.req.valid('param').id, c.req.valid('json'));
    return c.body(null, 204);
  });
