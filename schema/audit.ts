// The audit log: who read or changed personal data or keys. Home admins only.
import { z } from '@hono/zod-openapi';
import { pageOf, pageQuery } from './common.ts';

export const AuditEntry = z
  .object({
    id: z.number().int(),
    at: z.string().datetime(),
    keyId: z.string().openapi({ description: "The key's id; for a console session, the staff grant it acted through." }),
    userId: z.string().nullable().openapi({ description: 'The staff user, when a console session made the request.' }),
    role: z.string().nullable(),
    action: z.string().openapi({ example: 'member.read' }),
    subjectType: z.string().openapi({ example: 'member' }),
    subjectId: z.string().nullable(),
    requestId: z.string().openapi({ description: 'Made by the server for the request (its `X-Request-Id` response header).' }),
    correlationId: z.string().nullable().openapi({ description: 'The client\'s own `X-Request-Id`, if it sent a well-formed one; for correlation only.' }),
    detail: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('AuditEntry');

export const AuditQuery = z.object({
  subjectType: z.string().min(1).max(32).optional().openapi({ param: { name: 'subjectType', in: 'query' }, example: 'member' }),
  subjectId: z.string().min(1).max(64).optional().openapi({ param: { name: 'subjectId', in: 'query' } }),
  action: z.string().min(1).max(64).optional().openapi({ param: { name: 'action', in: 'query' }, example: 'member.list' }),
  userId: z.string().min(1).max(64).optional()
    .openapi({ param: { name: 'userId', in: 'query' }, description: 'The staff user who acted (console sessions).' }),
  keyId: z.string().min(1).max(64).optional()
    .openapi({ param: { name: 'keyId', in: 'query' }, description: 'The key, or for a console session the grant, that acted.' }),
  from: z.string().datetime({ offset: true }).optional()
    .openapi({ param: { name: 'from', in: 'query' }, example: '2026-01-01T00:00:00+08:00', description: 'Entries at or after this time.' }),
  to: z.string().datetime({ offset: true }).optional()
    .openapi({ param: { name: 'to', in: 'query' }, example: '2026-02-01T00:00:00+08:00', description: 'Entries before this time.' }),
}).extend(pageQuery({
  // The id of the page's last entry: the log is read in id order.
  cursor: z.string().regex(/^\d{1,15}$/, 'The cursor is not one this API returned.'),
}).shape);

export const AuditPage = pageOf(AuditEntry, 'AuditPage', 'Newest first.');

export type AuditEntry = z.infer<typeof AuditEntry>;
export type AuditQuery = z.input<typeof AuditQuery>;
export type AuditQueryParams = z.output<typeof AuditQuery>;
export type AuditPage = z.infer<typeof AuditPage>;
