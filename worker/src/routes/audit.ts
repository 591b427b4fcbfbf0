// Reading the audit log. There is deliberately no route that changes or deletes an entry, and
// the table's triggers refuse UPDATE and DELETE from anyone.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { AuditPage, AuditQuery } from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import { auditedAuditPage } from '../access/audit.ts';
import { pageFrom } from '../lib/cursor.ts';
import type { AppEnv } from '../env.ts';
import { json, keyedErrors, secretKeySecurity as security } from './common.ts';

const list = createRoute({
  method: 'get', path: '/audit', operationId: 'listAuditEntries', tags: ['Audit'], security,
  middleware: [requirePermission('audit:read')] as const,
  summary: 'Audit log, newest first',
  description: 'Who read or changed personal data or keys, when, and in which request. Home admins only (`audit:read`). '
    + 'Each read of the log is itself recorded (`audit.list`, with the ids shown).',
  request: { query: AuditQuery },
  responses: { 200: json(AuditPage, 'A page of entries.'), ...keyedErrors },
});

export const auditRoutes = new OpenAPIHono<AppEnv>().openapi(list, async (c) => {
  const q = c.req.valid('query');
  const rows = await auditedAuditPage(c, q);
  // The audit log's cursor is the last entry's id (its order), not an encoded sort key.
  const { page, nextCursor } = pageFrom(rows, q.limit, (last) => String(last.id));
  return c.json({
    data: page.map((r) => ({
      id: r.id, at: new Date(r.at).toISOString(), keyId: r.keyId, userId: r.userId, role: r.role, action: r.action,
      subjectType: r.subjectType, subjectId: r.subjectId, requestId: r.requestId, correlationId: r.correlationId, detail: r.detail,
    })),
    nextCursor,
  }, 200);
});
