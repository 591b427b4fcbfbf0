// Check-ins (报到): the public form and its receipt, and the staff review of both sides.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import {
  CheckIn, CheckInCreate, CheckInDetail, CheckInForm, CheckInHistory, CheckInPage, CheckInQuery, CheckInReceipt, CheckInReject,
  CheckInStatusQuery, IdParam,
} from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import { createCheckIn } from '../data/check-in-create.ts';
import { decide } from '../data/check-in-decisions.ts';
import { checkInHistory } from '../data/check-in-history.ts';
import { checkInForm } from '../data/check-in-form.ts';
import { findReceipt, getCheckIn, listCheckIns, toCheckIn } from '../data/check-ins.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { idempotency } from '../middleware/idempotency.ts';
import { limitLookups } from '../middleware/rate-limit.ts';
import { verifierFor } from '../verification/index.ts';
import {
  anyKeySecurity as security, error, idempotencyKeyHeader, idempotentCreateErrors, json, jsonBody, keyedErrors, notFoundError, notModified,
  publicRead, secretKeySecurity as staffSecurity,
} from './common.ts';

const tags = ['Check-ins'];
const staffScope = 'Check-ins whose member is in the key\'s member scope (home side), or whose branch, or the branch the member '
  + 'left, is in its host scope (committee or branch secretary). Partners see none. Every call is audited in the same transaction.';

const form = createRoute({
  method: 'get', path: '/check-in-form', operationId: 'getCheckInForm', tags, security, middleware: publicRead(),
  summary: 'What the check-in form needs: consent text, home towns and villages, choices, human verification',
  description: 'Everything the public form shows or sends: the current consent text and its version, the home towns and villages, '
    + 'the choices of its pickers, and which human verification (if any) the mobile verification asks for. The same for every visitor.',
  responses: { 200: json(CheckInForm, 'The form.'), ...notModified, ...keyedErrors },
});

const create = createRoute({
  method: 'post', path: '/check-ins', operationId: 'createCheckIn', tags, security,
  middleware: [requirePermission('check_ins:create'), idempotency()] as const,
  summary: 'Check in (报到), exactly once',
  description: 'Publishable keys (the form), staff and partner secret keys. Send the same `Idempotency-Key` with every retry of one '
    + 'submission: a retry gets the first response again, with `Idempotent-Replayed: true`. A publishable key needs `mobileProof` '
    + '(an SMS code checked at `/v1/mobile-verifications`). Only a sender who proved the mobile gets back the receipt of a pending '
    + 'check-in already there for it (also 201, nothing new made); anyone else\'s submission is a check-in of its own, and '
    + 'nothing of another submission is ever in the answer. The receipt holds no personal data.',
  request: {
    headers: idempotencyKeyHeader('submission'),
    ...jsonBody(CheckInCreate),
  },
  responses: {
    201: json(CheckInReceipt, 'Checked in (or already pending at this branch): pending until the branch confirms.'),
    ...keyedErrors,
    400: error('Invalid fields (`details`), no Idempotency-Key, or consent to an outdated text (reload the form).'),
    403: error('`forbidden`: the key may not check in; `mobile_unverified`: a publishable key without a live proof for this mobile.'),
    404: error('No such branch in this tenant; or, replayed, a submission since erased at the member\'s request.'),
    ...idempotentCreateErrors,
  },
});

const status = createRoute({
  method: 'get', path: '/check-ins/status', operationId: 'getCheckInStatus', tags, security, middleware: [requirePermission('public:read')] as const,
  summary: 'A check-in\'s receipt, by reference and the mobile (its last four digits, or a proof from an SMS code)',
  description: 'The same 404 whichever does not match. Attempts are limited per reference and per client address.',
  request: { query: CheckInStatusQuery },
  responses: {
    200: json(CheckInReceipt, 'The receipt.'), ...keyedErrors, ...notFoundError,
    429: error('Too many lookups for this reference or from this address; `Retry-After` says when to try again.'),
  },
});

const list = createRoute({
  method: 'get', path: '/check-ins', operationId: 'listCheckIns', tags, security: staffSecurity, middleware: [requirePermission('check_ins:read')] as const,
  summary: 'Check-ins in scope, newest first', description: staffScope,
  request: { query: CheckInQuery },
  responses: { 200: json(CheckInPage, 'A page of check-ins.'), ...keyedErrors },
});

const get = createRoute({
  method: 'get', path: '/check-ins/{id}', operationId: 'getCheckIn', tags, security: staffSecurity, middleware: [requirePermission('check_ins:read')] as const,
  summary: 'One check-in', description: `${staffScope} Out of scope is a 404, like an unknown id.`,
  request: { params: IdParam },
  responses: { 200: json(CheckInDetail, 'The check-in, with what its member was told of it.'), ...keyedErrors, ...notFoundError },
});

const history = createRoute({
  method: 'get', path: '/check-ins/{id}/history', operationId: 'getCheckInHistory', tags, security: staffSecurity, middleware: [requirePermission('check_ins:read')] as const,
  summary: 'The decisions on one check-in: who agreed, confirmed, rejected or returned it, when, and why',
  description: `${staffScope} Out of scope is a 404, like an unknown id. From the audit log, oldest first.`,
  request: { params: IdParam },
  responses: { 200: json(CheckInHistory, 'The decisions so far (none while nobody has decided).'), ...keyedErrors, ...notFoundError },
});

const decision = (action: 'confirm' | 'reject' | 'return') => createRoute({
  method: 'post', path: `/check-ins/{id}/${action}`, operationId: `${action}CheckIn`, tags, security: staffSecurity, middleware: [requirePermission('members:write')] as const,
  summary: {
    confirm: 'Confirm a pending check-in: the member joins the branch (a handover if they were hosted elsewhere)',
    reject: 'Reject a pending check-in, with a reason the member sees on their receipt',
    return: 'Return a pending check-in to the member to correct and send again, saying what to correct',
  }[action],
  description: action === 'confirm'
    ? 'The receiving side decides: the branch\'s secretary, its committee\'s secretary or the home admin. A check-in whose sender did '
      + 'not verify the mobile and that would move a member already on the roster (`decision.needsRelease`) also needs a side that '
      + 'already has the member in scope (their host branch or committee, or the home side); each side\'s call records its agreement, '
      + 'and the second completes it. Only a verified check-in changes the roster\'s city, category and employer. Audited.'
    : 'The receiving side, or (for `decision.needsRelease`) a side that already has the member in scope. The reason is on the '
      + `member's receipt${action === 'return' ? ' (status `returned`); the member sends a new check-in with the corrections' : ''}. Audited.`,
  request: { params: IdParam },
  responses: {
    200: json(CheckIn, 'The decided check-in.'), ...keyedErrors,
    403: error('The key may not decide this check-in (it can see it, but is on neither side that decides it).'),
    ...notFoundError, 409: error('The check-in is not pending, or this side already agreed and waits for the other.'),
  },
});
const confirm = decision('confirm');
const reject = createRoute({ ...decision('reject'), request: { params: IdParam, ...jsonBody(CheckInReject) } });
const giveBack = createRoute({ ...decision('return'), request: { params: IdParam, ...jsonBody(CheckInReject) } });

export const checkInRoutes = new OpenAPIHono<AppEnv>()
  .openapi(form, async (c) => c.json(await checkInForm(database(c.env.DB), c.var.key.tenantId, verifierFor(c.env)), 200))
  // The body is the stored text (a replay is byte for byte the first answer), not a typed c.json.
  .openapi(create, async (c) => createCheckIn(c, c.req.valid('json')) as never)
  // Before /check-ins/{id}, which would otherwise take `status` for an id.
  .openapi(status, async (c) => {
    const q = c.req.valid('query');
    await limitLookups(c, q.reference);
    const receipt = await findReceipt(database(c.env.DB), c.env, c.var.key.tenantId, q);
    if (!receipt) throw notFound('No check-in with that reference and mobile number');
    return c.json(receipt, 200);
  })
  .openapi(list, async (c) => c.json(await listCheckIns(c, c.req.valid('query')), 200))
  .openapi(get, async (c) => {
    const found = await getCheckIn(c, c.req.valid('param').id);
    if (!found) throw notFound('The check-in');
    return c.json({ ...toCheckIn(found.row), notifications: found.notifications }, 200);
  })
  .openapi(history, async (c) => {
    const found = await checkInHistory(c, c.req.valid('param').id);
    if (!found) throw notFound('The check-in');
    return c.json(found, 200);
  })
  .openapi(confirm, async (c) => c.json(await decide(c, c.req.valid('param').id, { kind: 'confirm' }), 200))
  .openapi(reject, async (c) => c.json(await decide(c, c.req.valid('param').id, { kind: 'reject', reason: c.req.valid('json').reason }), 200))
  .openapi(giveBack, async (c) => c.json(await decide(c, c.req.valid('param').id, { kind: 'return', reason: c.req.valid('json').reason }), 200));
