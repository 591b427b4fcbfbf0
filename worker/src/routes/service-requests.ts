// Service requests (服务需求): filing one (members through a form or a partner's SDK call), the
// public status lookup, and the staff flow open → assigned → resolved (or closed).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import {
  CheckInStatusQuery, IdParam, ServiceRequestAssign, ServiceRequestClose, ServiceRequestCreate, ServiceRequestDetail,
  ServiceRequestNote, ServiceRequestNoteCreate, ServiceRequestPage, ServiceRequestQuery, ServiceRequestReceipt,
  ServiceRequestResolve, StaffServiceRequest,
} from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import { onlyShownFilters, PARTNER_SERVICE_REQUEST_FILTERS } from '../access/partner-filters.ts';
import { requirePartnerCategory } from '../access/service-request-scope.ts';
import { addNote, changeServiceRequest } from '../data/service-request-changes.ts';
import { createServiceRequest } from '../data/service-request-create.ts';
import { findServiceRequestReceipt, getServiceRequest, listServiceRequests } from '../data/service-requests.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { limitLookups } from '../middleware/rate-limit.ts';
import { notFound } from '../errors.ts';
import { idempotency } from '../middleware/idempotency.ts';
import {
  anyKeySecurity as security, error, idempotencyKeyHeader, idempotentCreateErrors, json, jsonBody, keyedErrors, notFoundError,
  secretKeySecurity as staffSecurity,
} from './common.ts';

const tags = ['Service requests'];
const scope = 'Home admin: all; committee secretary: routed to the committee; station manager: routed to the station; branch '
  + 'secretary: members it hosts and needs from check-ins to it; town/village staff: members of their home units; partner: only '
  + 'requests of its key\'s service category that the member shared with it (reduced view). Out of scope is a 404. Audited.';
const readers: MiddlewareHandler<AppEnv>[] = [requirePermission('service_requests:read'), async (c, next) => { requirePartnerCategory(c.var.key); await next(); }];

const create = createRoute({
  method: 'post', path: '/service-requests', operationId: 'createServiceRequest', tags, security,
  middleware: [requirePermission('service_requests:create'), idempotency()] as const,
  summary: 'Ask for help in a service category (服务需求), exactly once',
  description: 'Routed to the host city\'s station offering the category (or the named station), else any station of the city, '
    + 'else its committee, else the home org. Send the same `Idempotency-Key` with every retry; a retry gets the first receipt '
    + 'again (`Idempotent-Replayed: true`). The receipt holds no personal data.',
  request: {
    headers: idempotencyKeyHeader('request'),
    ...jsonBody(ServiceRequestCreate),
  },
  responses: {
    201: json(ServiceRequestReceipt, 'Filed and routed.'),
    ...keyedErrors,
    400: error('Invalid fields (`details`), no Idempotency-Key, or consent to an outdated text.'),
    403: error('`forbidden`: the key may not file requests; `mobile_unverified`: a publishable key without a live proof for this mobile.'),
    404: error('No such city or station in this tenant; or, replayed, a submission since erased at the member\'s request.'),
    ...idempotentCreateErrors,
  },
});

const status = createRoute({
  method: 'get', path: '/service-requests/status', operationId: 'getServiceRequestStatus', tags, security, middleware: [requirePermission('public:read')] as const,
  summary: 'A request\'s status, by reference and the mobile (its last four digits, or a proof from an SMS code)',
  description: 'Status, category, where it was routed, times; no personal data. The same 404 whichever of the two does not match.',
  request: { query: CheckInStatusQuery },
  responses: { 200: json(ServiceRequestReceipt, 'The receipt.'), ...keyedErrors, ...notFoundError },
});

const list = createRoute({
  method: 'get', path: '/service-requests', operationId: 'listServiceRequests', tags, security: staffSecurity, middleware: readers,
  summary: 'Service requests in scope, newest (or oldest) first',
  description: `${scope} A partner may filter only on what its view shows (${PARTNER_SERVICE_REQUEST_FILTERS.map((f) => `\`${f}\``).join(', ')}); \`stationId\` from a partner is a 400.`,
  request: { query: ServiceRequestQuery },
  responses: { 200: json(ServiceRequestPage, 'A page of requests.'), ...keyedErrors, 403: error('No permission, or a partner key without a service category.') },
});

const get = createRoute({
  method: 'get', path: '/service-requests/{id}', operationId: 'getServiceRequest', tags, security: staffSecurity, middleware: readers,
  summary: 'One service request (staff: with notes and history)', description: scope,
  request: { params: IdParam },
  responses: { 200: json(ServiceRequestDetail, 'The request.'), ...keyedErrors, 403: error('No permission, or a partner key without a service category.'), ...notFoundError },
});

const handling = 'The home admin, the committee secretary of its committee, the station manager of its station (`service_requests:write`). Audited.';
const change = <S extends z.ZodType>(action: string, schema: S, summary: string, conflict: string) => createRoute({
  method: 'post', path: `/service-requests/{id}/${action}`, operationId: `${action}ServiceRequest`, tags, security: staffSecurity,
  middleware: [requirePermission('service_requests:write')] as const,
  summary, description: handling,
  request: { params: IdParam, ...jsonBody(schema) },
  responses: {
    200: json(StaffServiceRequest, 'The request after the change.'), ...keyedErrors, ...notFoundError,
    403: error('The key may not handle service requests.'), 409: error(`${conflict} \`details.status\` is the current status.`),
  },
});
const assign = change('assign', ServiceRequestAssign, 'Assign (or re-assign) to a person or volunteer team', 'The request is resolved or closed.');
const resolve = change('resolve', ServiceRequestResolve, 'Resolve an assigned request', 'The request is not assigned.');
const close = change('close', ServiceRequestClose, 'Close an open or assigned request, with a reason', 'The request is resolved or closed.');

const note = createRoute({
  method: 'post', path: '/service-requests/{id}/notes', operationId: 'createServiceRequestNote', tags, security: staffSecurity,
  middleware: [requirePermission('service_requests:write')] as const,
  summary: 'Add a staff note (never shown to partners or the public)', description: handling,
  request: { params: IdParam, ...jsonBody(ServiceRequestNoteCreate) },
  responses: { 201: json(ServiceRequestNote, 'The note.'), ...keyedErrors, ...notFoundError, 403: error('The key may not handle service requests.') },
});

export const serviceRequestRoutes = new OpenAPIHono<AppEnv>()
  // The body is the stored text (a replay is byte for byte the first answer), not a typed c.json.
  .openapi(create, async (c) => createServiceRequest(c, c.req.valid('json')) as never)
  // Before /service-requests/{id}, which would otherwise take `status` for an id.
  .openapi(status, async (c) => {
    const q = c.req.valid('query');
    await limitLookups(c, q.reference);
    const receipt = await findServiceRequestReceipt(database(c.env.DB), c.env, c.var.key.tenantId, q);
    if (!receipt) throw notFound('No service request with that reference and mobile number');
    return c.json(receipt, 200);
  })
  .openapi(list, async (c) => {
    const query = c.req.valid('query');
    onlyShownFilters(c, query, PARTNER_SERVICE_REQUEST_FILTERS);
    return c.json(await listServiceRequests(c, query), 200);
  })
  .openapi(get, async (c) => {
    const request = await getServiceRequest(c, c.req.valid('param').id);
    if (!request) throw notFound('The service request');
    return c.json(request, 200);
  })
  .openapi(assign, async (c) => c.json(await changeServiceRequest(c, c.req.valid('param').id, { kind: 'assign', ...c.req.valid('json') }), 200))
  .openapi(resolve, async (c) => c.json(await changeServiceRequest(c, c.req.valid('param').id, { kind: 'resolve', resolution: c.req.valid('json').resolution }), 200))
  .openapi(close, async (c) => c.json(await changeServiceRequest(c, c.req.valid('param').id, { kind: 'close', reason: c.req.valid('json').reason }), 200))
  .openapi(note, async (c) => c.json(await addNote(c, c.req.valid('param').id, c.req.valid('json').text), 201));
