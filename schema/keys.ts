// Managing a tenant's API keys. Home admins only; tokens are returned once.
import { z } from '@hono/zod-openapi';
import { pageOf, PageQuery } from './common.ts';
import { ORIGIN_PATTERN } from './key-origins.ts';
import { keyKinds, keyScopes, roles, serviceCategories } from './tables.ts';


export const ApiKey = z
  .object({
    id: z.string().openapi({ example: 'key_3f9c2a7b1d0e4f5a6b7c' }),
    kind: z.enum(keyKinds),
    label: z.string(),
    prefix: z.string().openapi({ example: 'sk_live_' }),
    last4: z.string().openapi({ example: 'x9Qz' }),
    role: z.enum(roles).nullable(),
    scopeNodeId: z.string().nullable().openapi({ description: 'The node the role reaches, with its subtree; null for the whole tenant.' }),
    scopes: z.array(z.enum(keyScopes)).nullable().openapi({ description: 'Narrower permissions; null: all of the role\'s.' }),
    allowedOrigins: z.array(z.string()),
    serviceCategory: z.enum(serviceCategories).nullable()
      .openapi({ description: 'Partner keys: the service category whose shared requests the key reads; null: none.' }),
    createdAt: z.number().int().openapi({ description: 'Unix milliseconds.' }),
    lastUsedAt: z.number().int().nullable().openapi({ description: 'Unix milliseconds, to the minute.' }),
    revokedAt: z.number().int().nullable(),
  })
  .openapi('ApiKey', { description: 'A key as stored: never its token or hash.' });

export const IssuedApiKey = ApiKey.extend({
  token: z.string().openapi({ description: 'The key itself. Shown only in this response: store it safely.' }),
}).openapi('IssuedApiKey');

export const ApiKeyPage = pageOf(ApiKey, 'ApiKeyPage', 'Newest first; pass `nextCursor` back as `cursor` for the next page.');

export const ApiKeyListQuery = z.object({
  // On the wire `true` or `false`; validated, a boolean.
  includeRevoked: z.enum(['true', 'false']).default('false').transform((v) => v === 'true')
    .openapi({ param: { name: 'includeRevoked', in: 'query' }, description: 'Also list revoked keys.' }),
}).extend(PageQuery.shape);

export const KeyIdParam = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' }, example: 'key_3f9c2a7b1d0e4f5a6b7c' }),
});

/**
 * A new key. The rules between fields are checked here; that the node exists in the tenant
 * (in the table the role names) is checked against the database (worker/src/data/keys.ts).
 */
export const ApiKeyCreate = z
  .strictObject({
    kind: z.enum(keyKinds),
    label: z.string().trim().min(1).max(100).openapi({ example: 'Changzhou committee office' }),
    role: z.enum(roles).optional().openapi({ description: 'Secret keys only (required there).' }),
    scopeNodeId: z.string().min(1).max(64).optional()
      .openapi({ description: 'Required for every role but home_admin: the town, village, committee, branch, station or partner.' }),
    scopes: z.array(z.enum(keyScopes)).min(1).max(keyScopes.length).optional()
      .openapi({ description: 'Secret keys only: narrower permissions than the role\'s.' }),
    allowedOrigins: z.array(z.string().regex(ORIGIN_PATTERN, 'Must be an origin like https://portal.example.org, http://localhost:8080 or http://localhost:* (lower case, no path).'))
      .max(20).optional().openapi({ description: 'Publishable keys only (at least one): the pages allowed to use it.' }),
    serviceCategory: z.enum(serviceCategories).optional()
      .openapi({ description: 'Partner keys only: the one service category whose requests, shared by members with the partner, the key reads.' }),
  })
  .superRefine((k, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (k.kind === 'publishable') {
      if (!k.allowedOrigins?.length) problem('allowedOrigins', 'A publishable key needs at least one allowed origin.');
      for (const field of ['role', 'scopeNodeId', 'scopes', 'serviceCategory'] as const) {
        if (k[field] !== undefined) problem(field, 'Publishable keys make public reads only: no role, node or scopes.');
      }
      return;
    }
    if (k.serviceCategory !== undefined && k.role !== 'partner') problem('serviceCategory', 'Only partner keys have a service category.');
    if (k.allowedOrigins?.length) problem('allowedOrigins', 'Secret keys are refused from browsers; allowed origins are for publishable keys.');
    if (!k.role) problem('role', 'A secret key needs a role.');
    else if (k.role === 'home_admin' && k.scopeNodeId !== undefined) problem('scopeNodeId', 'A home admin reaches the whole tenant: no node.');
    else if (k.role !== 'home_admin' && k.scopeNodeId === undefined) problem('scopeNodeId', `The role ${k.role} needs the node it reaches.`);
  })
  .openapi('ApiKeyCreate');

export type ApiKey = z.infer<typeof ApiKey>;
export type IssuedApiKey = z.infer<typeof IssuedApiKey>;
export type ApiKeyPage = z.infer<typeof ApiKeyPage>;
export type ApiKeyCreate = z.infer<typeof ApiKeyCreate>;
export type ApiKeyListQuery = z.input<typeof ApiKeyListQuery>;
export type ApiKeyListQueryParams = z.output<typeof ApiKeyListQuery>;
