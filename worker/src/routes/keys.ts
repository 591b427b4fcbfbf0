// Key management for home admins (`keys:manage`). Tokens appear once, in the create and rotate
// responses; every change is written to the audit log in the same batch.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ApiKey, ApiKeyCreate, ApiKeyListQuery, ApiKeyPage, IssuedApiKey, KeyIdParam } from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import { auditedList, auditEntry } from '../access/audit.ts';
import { createKey, listKeys, revokeKey, rotateKey, type KeyAudit, type KeyMode } from '../data/keys.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { error, json, jsonBody, keyedErrors, noStore, notFoundError, secretKeySecurity as security } from './common.ts';

const tags = ['Keys'];
/** Key listings and fresh tokens must not be kept by any cache, shared or private. */
const middleware = [requirePermission('keys:manage'), noStore];
const errors = { ...keyedErrors, 403: error('The key is not a home admin\'s (needs `keys:manage`), or is narrowed by scopes and the key it would create or rotate can do more.') };
const conflict = (description: string) => ({ 409: error(description) });

const list = createRoute({
  method: 'get', path: '/keys', operationId: 'listKeys', tags, security, middleware,
  summary: 'List the tenant\'s keys, newest first',
  description: 'Shows prefix and last four characters, never the token or its hash. Revoked keys only with `includeRevoked=true`. '
    + 'Each listing is in the audit log (`key.list`, with the ids shown).',
  request: { query: ApiKeyListQuery },
  responses: { 200: json(ApiKeyPage, 'A page of keys.'), ...errors },
});

const create = createRoute({
  method: 'post', path: '/keys', operationId: 'createKey', tags, security, middleware,
  summary: 'Create a key',
  description: 'A secret key needs a role, and every role but `home_admin` a node of this tenant that the role is scoped to. '
    + 'A publishable key needs at least one allowed origin. The token is in this response only.',
  request: jsonBody(ApiKeyCreate),
  responses: { 201: json(IssuedApiKey, 'The new key, with its token (shown once).'), ...errors },
});

const rotate = createRoute({
  method: 'post', path: '/keys/{id}/rotate', operationId: 'rotateKey', tags, security, middleware,
  summary: 'Rotate a key: a new token with the same settings; the old one stops working at once',
  description: 'The new key keeps the old one\'s kind, role, scope and origins; its token is in this response only. '
    + 'Rotating a revoked key is a 409. Audited (`key.rotate`).',
  request: { params: KeyIdParam },
  responses: {
    200: json(IssuedApiKey, 'The new key, with its token (shown once).'), ...errors, ...notFoundError,
    ...conflict('The key is revoked.'),
  },
});

const revoke = createRoute({
  method: 'post', path: '/keys/{id}/revoke', operationId: 'revokeKey', tags, security, middleware,
  summary: 'Revoke a key (idempotent)',
  description: 'Stops the key at once. Revoking a revoked key returns it unchanged. A key cannot revoke itself.',
  request: { params: KeyIdParam },
  responses: { 200: json(ApiKey, 'The revoked key.'), ...errors, ...notFoundError, ...conflict('The key tried to revoke itself.') },
});

const audit = (c: Context<AppEnv>): KeyAudit => (entry) => auditEntry(c, { ...entry, subjectType: 'key' });
/** Keys issued by a test key are test keys (`sk_test_…`), so local and live tokens never mix. */
const modeOf = (c: Context<AppEnv>): KeyMode => (/^Bearer\s+(pk|sk)_test_/i.test(c.req.header('Authorization') ?? '') ? 'test' : 'live');

export const keyRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    // Who looked at the tenant's keys is recorded in the same batch as the read (`key.list`, with the ids shown).
    return c.json(await listKeys(database(c.env.DB), c.var.key.tenantId, q, (read, ids) => auditedList(c, read, ids, 'key.list', 'key', q)), 200);
  })
  .openapi(create, async (c) => {
    const issued = await createKey(database(c.env.DB), c.var.key.tenantId, c.req.valid('json'), modeOf(c), audit(c), c.var.key);
    return c.json(issued, 201);
  })
  .openapi(rotate, async (c) => {
    return c.json(await rotateKey(database(c.env.DB), c.var.key.tenantId, c.req.valid('param').id, audit(c), c.var.key), 200);
  })
  .openapi(revoke, async (c) => {
    return c.json(await revokeKey(database(c.env.DB), c.var.key.tenantId, c.req.valid('param').id, audit(c), c.var.key.id), 200);
  });
