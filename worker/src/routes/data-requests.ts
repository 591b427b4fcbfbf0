// Staff answering members' data requests (docs/privacy.md): the home admin.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { DataRequest, DataRequestAnswer, DataRequestQuery, ErasureExecute, ErasureResult, IdParam, StaffDataRequestList } from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import { answerDataRequest, executeErasure, listDataRequests } from '../data/data-requests.ts';
import type { AppEnv } from '../env.ts';
import { error, json, jsonBody, keyedErrors, noStore, notFoundError, secretKeySecurity as security } from './common.ts';

const tags = ['Data requests'];
const answeredAlready = { 409: error('The request is answered already (or an erasure, which is executed, not marked).') } as const;

const list = createRoute({
  method: 'get', path: '/data-requests', operationId: 'listDataRequests', tags, security,
  middleware: [requirePermission('data_requests:read'), noStore] as const,
  summary: 'Members\' data requests: open ones by due date',
  description: 'Open requests most urgent first (`overdue`: past the fifteen days); answered ones latest first. At most 200. Audited.',
  request: { query: DataRequestQuery },
  responses: { 200: json(StaffDataRequestList, 'The requests.'), ...keyedErrors },
});
const answer = (status: 'done' | 'refuse') => createRoute({
  method: 'post', path: `/data-requests/{id}/${status}`, operationId: status === 'done' ? 'completeDataRequest' : 'refuseDataRequest', tags, security,
  middleware: [requirePermission('data_requests:write')] as const,
  summary: status === 'done' ? 'Mark a correction done, saying what was changed' : 'Refuse a request, saying why',
  description: status === 'done'
    ? 'Edit the member first (`POST /v1/members/{id}`); the member sees the outcome. Audited.'
    : 'The member sees the reason. Audited.',
  request: { params: IdParam, ...jsonBody(DataRequestAnswer) },
  responses: { 200: json(DataRequest, 'Answered.'), ...keyedErrors, ...notFoundError, ...answeredAlready },
});
const done = answer('done');
const refuse = answer('refuse');
const erase = createRoute({
  method: 'post', path: '/data-requests/{id}/erase', operationId: 'executeErasure', tags, security,
  middleware: [requirePermission('data_requests:write')] as const,
  summary: 'Execute an erasure: remove everything held about the mobile',
  description: 'In one transaction: the member, their check-ins, service requests and notes, consents, lost-contact cases and attempts, '
    + 'messages and codes; stored responses to their submissions become 404s. The audit log keeps the mobile\'s HMAC and the counts '
    + 'per table (`member.erase`). Cannot be undone.',
  request: { params: IdParam, ...jsonBody(ErasureExecute) },
  responses: { 200: json(ErasureResult, 'Erased.'), ...keyedErrors, ...notFoundError, 409: error('Not an open erasure request.') },
});

export const dataRequestRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => c.json({ data: await listDataRequests(c, c.req.valid('query')) }, 200))
  .openapi(done, async (c) => c.json(await answerDataRequest(c, c.req.valid('param').id, 'done', c.req.valid('json').outcome), 200))
  .openapi(refuse, async (c) => c.json(await answerDataRequest(c, c.req.valid('param').id, 'refused', c.req.valid('json').outcome), 200))
  .openapi(erase, async (c) => c.json(await executeErasure(c, c.req.valid('param').id, c.req.valid('json').outcome), 200));
