import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  IdParam, Member, MemberHistory, MemberPage, MemberQuery, MemberUpdate, NotReportedPage, NotReportedQuery, StaffMember,
} from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import { onlyShownFilters, PARTNER_MEMBER_FILTERS } from '../access/partner-filters.ts';
import { getMember, listMembers, updateMember } from '../data/members.ts';
import { memberHistory } from '../data/member-history.ts';
import { exportNotReported, listNotReported } from '../data/not-reported.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { attachment, csvWriter, XLSX_TYPE, xlsxWriter } from '../sheets/not-reported.ts';
import { error, json, jsonBody, keyedErrors, notFoundError, secretKeySecurity as security } from './common.ts';

const tags = ['Members'];
const scoped = 'Only members within the key\'s scope (its role\'s node and subtree; a partner: members who consented '
  + 'to share with it). Every call is written to the audit log in the same transaction as the read.';

const list = createRoute({
  method: 'get', path: '/members', operationId: 'listMembers', tags, security, middleware: [requirePermission('members:read')] as const,
  summary: 'Members in scope',
  description: `${scoped} A partner may filter only on what its view shows (\`category\`); \`branch\` or \`homeUnit\` from a partner is a 400.`,
  request: { query: MemberQuery },
  responses: { 200: json(MemberPage, 'A page of members in id order.'), ...keyedErrors },
});

const get = createRoute({
  method: 'get', path: '/members/{id}', operationId: 'getMember', tags, security, middleware: [requirePermission('members:read')] as const,
  summary: 'One member', description: `${scoped} A member outside the scope is a 404, exactly like an unknown id.`,
  request: { params: IdParam },
  responses: { 200: json(Member, 'The member.'), ...keyedErrors, ...notFoundError },
});

const update = createRoute({
  method: 'post', path: '/members/{id}', operationId: 'updateMember', tags, security, middleware: [requirePermission('members:write')] as const,
  summary: 'Record how far a member moved and whether they hold the activity card',
  description: 'Only `moveDistance` and `hasActivityCard` may change here. Staff who see the member (not partners); a member '
    + 'outside the scope is a 404, exactly like an unknown id. Audited (`member.update`, with what was set).',
  request: { params: IdParam, ...jsonBody(MemberUpdate) },
  responses: { 200: json(StaffMember, 'The member as changed.'), ...keyedErrors, ...notFoundError },
});

const notReported = createRoute({
  method: 'get', path: '/members/not-reported', operationId: 'listNotReportedMembers', tags, security, middleware: [requirePermission('members:read')] as const,
  summary: 'Members who have not reported (未报到) since a date, as a page or a file',
  description: 'Members who never checked in, or whose last check-in is before `since`: in the key\'s scope, '
    + 'or under `node` (a town, village, committee or branch in that scope). `format=json` pages through the scope: '
    + 'each page examines the next `limit` members and lists those not reported among them. `format=csv` '
    + '(UTF-8 with BOM; a cell starting with = + - @ is prefixed with \') and `format=xlsx` answer every such member '
    + 'as a download with Chinese headers. Each page and each file is written to the audit log in the same '
    + 'transaction as a read (`member.list`; a file: one `member.export` with its filters and count). Partner keys '
    + 'get 403: their view of a member shows no check-ins.',
  request: { query: NotReportedQuery },
  responses: {
    200: {
      description: 'A page (`json`), or the file to download (`csv`, `xlsx`; `Content-Disposition: attachment`).',
      content: {
        'application/json': { schema: NotReportedPage },
        'text/csv': { schema: z.string() },
        [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    ...keyedErrors,
    403: error('A partner key, a node outside the key\'s scope, or a key that may not be used from this origin.'),
    404: error('No town, village, committee or branch `node` in this tenant.'),
  },
});

const history = createRoute({
  method: 'get', path: '/members/{id}/history', operationId: 'getMemberHistory', tags, security, middleware: [requirePermission('check_ins:read')] as const,
  summary: "A member's check-ins, requests for help, and who looked",
  description: 'For staff who see the member (not partners): their check-ins newest first (a handover names the branch left), '
    + 'their service requests, and the last 50 reads and changes of the record from the audit log, with the staff user where '
    + 'a console session made them. Audited (`member.history`). A member outside the scope is a 404.',
  request: { params: IdParam },
  responses: { 200: json(MemberHistory, 'The history.'), ...keyedErrors, ...notFoundError },
});

export const memberRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => {
    const query = c.req.valid('query');
    onlyShownFilters(c, query, PARTNER_MEMBER_FILTERS);
    return c.json(await listMembers(c, query), 200);
  })
  // Before `/members/{id}`, which would take `not-reported` for an id.
  .openapi(notReported, async (c) => {
    const query = c.req.valid('query');
    if (query.format === 'json') return c.json(await listNotReported(c, query), 200);
    const file = query.format === 'csv' ? csvWriter() : await xlsxWriter();
    const run = await exportNotReported(c, query, (chunk) => file.add(chunk));
    const bytes = await file.bytes();
    const ascii = run.node ?? c.var.key.scopeNodeId ?? c.var.key.tenantId;
    return c.body(bytes, 200, {
      'Content-Type': query.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE,
      'Content-Disposition': attachment(run.label, ascii, run.since, query.format),
    });
  })
  .openapi(get, async (c) => {
    const member = await getMember(c, c.req.valid('param').id);
    if (!member) throw notFound('The member');
    return c.json(member, 200);
  })
  .openapi(update, async (c) => c.json(await updateMember(c, c.req.valid('param').id, c.req.valid('json')), 200))
  .openapi(history, async (c) => {
    const found = await memberHistory(c, c.req.valid('param').id);
    if (!found) throw notFound('The member');
    return c.json(found, 200);
  });
