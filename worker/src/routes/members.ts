import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { IdParam, Member, MemberPage, MemberQuery } from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import { onlyShownFilters, PARTNER_MEMBER_FILTERS } from '../access/partner-filters.ts';
import { getMember, listMembers } from '../data/members.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { json, keyedErrors, notFoundError, secretKeySecurity as security } from './common.ts';

const tags = ['Members'];
const scoped = 'Only members within the key\'s scope (its role\'s node and subtree; a partner: members who consented '
  + 'to share with it). Every call is written to the audit log in the same transaction as the read.';

const list = createRoute({
  method: 'get', path: '/members', tags, security, middleware: [requirePermission('members:read')] as const,
  summary: 'Members in scope',
  description: `${scoped} A partner may filter only on what its view shows (\`category\`); \`branch\` or \`homeUnit\` from a partner is a 400.`,
  request: { query: MemberQuery },
  responses: { 200: json(MemberPage, 'A page of members in id order.'), ...keyedErrors },
});

const get = createRoute({
  method: 'get', path: '/members/{id}', tags, security, middleware: [requirePermission('members:read')] as const,
  summary: 'One member', description: `${scoped} A member outside the scope is a 404, exactly like an unknown id.`,
  request: { params: IdParam },
  responses: { 200: json(Member, 'The member.'), ...keyedErrors, ...notFoundError },
});

export const memberRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => {
    const query = c.req.valid('query');
    onlyShownFilters(c, query, PARTNER_MEMBER_FILTERS);
    return c.json(await listMembers(c, query), 200);
  })
  .openapi(get, async (c) => {
    const member = await getMember(c, c.req.valid('param').id);
    if (!member) throw notFound('The member');
    return c.json(member, 200);
  });
