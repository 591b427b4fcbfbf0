// Lost contact (失联): the follow-ups of members not heard of for six months.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  AssignableStaff, ContactAttempt, ContactAttemptCreate, IdParam, LostContactClose, LostContactFellowsPage, LostContactFellowsQuery, LostContactPage,
  LostContactQuery, LostContactReopen, LostContactUpdate,
} from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import { listCases } from '../data/lost-contact.ts';
import { listFellows } from '../data/lost-contact-fellows.ts';
import { assignableStaff, closeCase, listAttempts, recordAttempt, reopenCase, updateCase } from '../data/lost-contact-changes.ts';
import type { AppEnv } from '../env.ts';
import { error, json, jsonBody, keyedErrors, notFoundError, secretKeySecurity as security } from './common.ts';

const tags = ['Lost contact'];
const closed = { 409: error('The case is closed.') } as const;

const list = createRoute({
  method: 'get', path: '/lost-contact', operationId: 'listLostContact', tags, security, middleware: [requirePermission('follow_ups:read')] as const,
  summary: 'Lost-contact cases',
  description: 'Members in your scope not heard of (no check-in, no contact recorded) for six months: a daily job opens a case '
    + "for their village's contact person, due in two weeks; it closes as found once they are reached or a check-in of theirs is "
    + 'confirmed, or by hand with a reason. Audited.',
  request: { query: LostContactQuery },
  responses: { 200: json(LostContactPage, 'A page of cases.'), ...keyedErrors },
});
const attempts = createRoute({
  method: 'get', path: '/lost-contact/{id}/attempts', operationId: 'listLostContactAttempts', tags, security, middleware: [requirePermission('follow_ups:read')] as const,
  summary: "A case's contact attempts",
  description: 'Who tried to reach the member, when, how, and with what result, oldest first. A case out of your scope is a 404, like an unknown one. '
    + 'Audited (`lost_contact.read`).',
  request: { params: IdParam },
  responses: { 200: json(z.object({ data: z.array(ContactAttempt) }), 'Oldest first.'), ...keyedErrors, ...notFoundError },
});
const attempt = createRoute({
  method: 'post', path: '/lost-contact/{id}/attempts', operationId: 'createLostContactAttempt', tags, security, middleware: [requirePermission('follow_ups:write')] as const,
  summary: 'Record a contact attempt',
  description: 'One that reaches the member (`reached`, `relayed`) closes the case as found and records the contact on the roster. '
    + 'Asking a fellow member (channel `fellow`) may name them (`fellowMemberId`): a member of the same village, else a 400.',
  request: { params: IdParam, ...jsonBody(ContactAttemptCreate) },
  responses: { 201: json(ContactAttempt, 'Recorded.'), ...keyedErrors, ...notFoundError, ...closed },
});
const fellows = createRoute({
  method: 'get', path: '/lost-contact/{id}/fellows', operationId: 'listLostContactFellows', tags, security, middleware: [requirePermission('follow_ups:read')] as const,
  summary: 'Fellow members who may help find them (老乡寻人)',
  description: "Members of the lost member's village (home unit) who live in the same city (their current city or host branch's city is "
    + "the lost member's current city or host branch's city), proved their mobile, and checked in within a year; most recently checked in "
    + 'first, with their mobile in full to call them. Record asking one as an attempt with channel `fellow` and `fellowMemberId`. '
    + 'A case out of your scope is a 404. Audited (`lost_contact.fellows`, with the ids shown).',
  request: { params: IdParam, query: LostContactFellowsQuery },
  responses: { 200: json(LostContactFellowsPage, 'Most recently checked in first.'), ...keyedErrors, ...notFoundError },
});
const update = createRoute({
  method: 'post', path: '/lost-contact/{id}', operationId: 'updateLostContact', tags, security, middleware: [requirePermission('follow_ups:write')] as const,
  summary: 'Assign, snooze or reschedule a case',
  description: 'An assignee must be an active staff user whose live grants cover the member (see `…/assignees`); anyone else is a 400.',
  request: { params: IdParam, ...jsonBody(LostContactUpdate) },
  responses: { 204: { description: 'Changed.' }, ...keyedErrors, ...notFoundError, ...closed },
});
const assignees = createRoute({
  method: 'get', path: '/lost-contact/{id}/assignees', operationId: 'listLostContactAssignees', tags, security, middleware: [requirePermission('follow_ups:write')] as const,
  summary: 'Whom a case may be assigned to',
  description: 'Active staff users with a live grant that sees the member: home admins, and the staff of their town, village, committee '
    + 'or branch. By name. Audited (`lost_contact.assignees`).',
  request: { params: IdParam },
  responses: { 200: json(z.object({ data: z.array(AssignableStaff) }), 'By name.'), ...keyedErrors, ...notFoundError },
});
const close = createRoute({
  method: 'post', path: '/lost-contact/{id}/close', operationId: 'closeLostContact', tags, security, middleware: [requirePermission('follow_ups:write')] as const,
  summary: 'Close a case by hand, with a reason',
  description: 'For a member who died, left the party, or is a duplicate record (`other`: say why in `note`). The daily job opens no '
    + 'new case for them until they are heard of again. Audited (`lost_contact.close`).',
  request: { params: IdParam, ...jsonBody(LostContactClose) },
  responses: { 204: { description: 'Closed.' }, ...keyedErrors, ...notFoundError, ...closed },
});
const reopen = createRoute({
  method: 'post', path: '/lost-contact/{id}/reopen', operationId: 'reopenLostContact', tags, security, middleware: [requirePermission('follow_ups:write')] as const,
  summary: 'Reopen a closed case',
  description: 'It opens afresh: due in two weeks, not snoozed. A 409 if it is open, or the member has another open case. Audited (`lost_contact.reopen`).',
  request: { params: IdParam, ...jsonBody(LostContactReopen) },
  responses: { 204: { description: 'Reopened.' }, ...keyedErrors, ...notFoundError, 409: error('The case is open, or the member has another open case.') },
});

export const lostContactRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => c.json(await listCases(c, c.req.valid('query')), 200))
  .openapi(attempts, async (c) => c.json({ data: await listAttempts(c, c.req.valid('param').id) }, 200))
  .openapi(fellows, async (c) => c.json(await listFellows(c, c.req.valid('param').id, c.req.valid('query')), 200))
  .openapi(attempt, async (c) => c.json(await recordAttempt(c, c.req.valid('param').id, c.req.valid('json')), 201))
  .openapi(update, async (c) => {
    await updateCase(c, c.req.valid('param').id, c.req.valid('json'));
    return c.body(null, 204);
  })
  .openapi(assignees, async (c) => c.json({ data: await assignableStaff(c, c.req.valid('param').id) }, 200))
  .openapi(close, async (c) => {
    await closeCase(c, c.req.valid('param').id, c.req.valid('json'));
    return c.body(null, 204);
  })
  .openapi(reopen, async (c) => {
    await reopenCase(c, c.req.valid('param').id, c.req.valid('json'));
    return c.body(null, 204);
  });
