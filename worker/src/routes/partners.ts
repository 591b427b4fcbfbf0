// The tenant's partners and the consents members gave them, for home admins (`keys:manage`: the
// same people who issue partner keys). Consents name members, so both reads are audited.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { PartnerConsentPage, PartnerConsentQuery, PartnerIdParam, PartnerListQuery, PartnerPage } from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import { auditedList } from '../access/audit.ts';
import type { AuditedRead } from '../data/keys.ts';
import { listConsents, listPartners } from '../data/partners.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { error, json, keyedErrors, noStore, notFoundError, secretKeySecurity as security } from './common.ts';

const tags = ['Partners'];
const middleware = [requirePermission('keys:manage'), noStore];
const errors = { ...keyedErrors, 403: error('The key is not a home admin\'s (needs `keys:manage`).') };

const list = createRoute({
  method: 'get', path: '/partners', operationId: 'listPartners', tags, security, middleware,
  summary: 'List the tenant\'s partners, with how many members consented to each and how many withdrew',
  description: 'Counts stop at 1,000 each (`countsCapped`), so that a page reads a bounded number of rows. '
    + 'Each listing is in the audit log (`partner.list`, with the ids shown).',
  request: { query: PartnerListQuery },
  responses: { 200: json(PartnerPage, 'A page of partners.'), ...errors },
});

const consents = createRoute({
  method: 'get', path: '/partners/{id}/consents', operationId: 'listPartnerConsents', tags, security, middleware,
  summary: 'List the consents members gave a partner, withdrawn ones included',
  description: 'Each consent with the member\'s id and name, its version, when it was given and when withdrawn. '
    + 'Personal data: each page is in the audit log (`partner.consents`, subject type `member`, with the member ids shown and the partner).',
  request: { params: PartnerIdParam, query: PartnerConsentQuery },
  responses: { 200: json(PartnerConsentPage, 'A page of consents.'), ...errors, ...notFoundError },
});

export const partnerRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    return c.json(await listPartners(database(c.env.DB), c.var.key.tenantId, q, (read, ids) => auditedList(c, read, ids, 'partner.list', 'partner', q)), 200);
  })
  .openapi(consents, async (c) => {
    const q = c.req.valid('query');
    const { id } = c.req.valid('param');
    // The partner is recorded as the list's filter.
    const withPartner = { ...q, partnerId: id };
    const audited: AuditedRead = (read, ids) => auditedList(c, read, ids, 'partner.consents', 'member', withPartner);
    return c.json(await listConsents(database(c.env.DB), c.var.key.tenantId, id, q, audited), 200);
  });
