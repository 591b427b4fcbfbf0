// Zod schemas of the public API: the worker validates with them and documents them in
// OpenAPI; the SDK and widgets take their types from here (type-only imports).
import { z } from '@hono/zod-openapi';
import { memberCategories } from './tables.ts';

export const LocalizedText = z
  .object({ zh: z.string(), en: z.string() })
  .openapi('LocalizedText', { description: 'Text in Chinese (zh-CN) and English.' });

export const Position = z
  .object({
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
  })
  .openapi('Position', { description: 'WGS-84 coordinates.' });

export const City = z
  .object({
    id: z.string().openapi({ example: 'changzhou' }),
    name: LocalizedText,
    province: LocalizedText,
    position: Position,
  })
  .openapi('City');

export const Branch = z
  .object({
    id: z.string().openapi({ example: 'br_cz_lingjiatang' }),
    name: LocalizedText,
    committee: z.object({ id: z.string(), name: LocalizedText }).nullable(),
    city: z.object({ id: z.string(), name: LocalizedText }),
    address: LocalizedText,
    position: Position,
    meetingPlace: LocalizedText.nullable(),
    meetingTimes: LocalizedText.nullable().openapi({ description: 'Regular meeting times, as the branch states them.' }),
    officePhone: z.string().nullable().openapi({ description: "The branch office's public phone; never a person's number." }),
    membersServed: z.number().int().openapi({
      description: 'Members served, rounded down to a multiple of 10; 0 means fewer than 10.',
    }),
  })
  .openapi('Branch');

export const NearbyBranch = Branch.extend({
  distanceMeters: z.number().int().openapi({ description: 'Great-circle distance from the given position.' }),
}).openapi('NearbyBranch');

const coordinate = (min: number, max: number, name: string) =>
  z.coerce.number().min(min).max(max).openapi({ param: { name, in: 'query' }, example: name === 'lat' ? 31.78 : 119.95 });

export const NearQuery = z.object({
  lat: coordinate(-90, 90, 'lat'),
  lng: coordinate(-180, 180, 'lng'),
  limit: z.coerce.number().int().min(1).max(50).default(5)
    .openapi({ param: { name: 'limit', in: 'query' }, description: 'How many branches (1–50, default 5).' }),
});

export const SearchQuery = z.object({
  city: z.string().max(64).optional().openapi({ param: { name: 'city', in: 'query' }, description: 'A host city id from `/v1/cities`.' }),
  q: z.string().trim().min(1).max(64).optional()
    .openapi({ param: { name: 'q', in: 'query' }, description: 'Text in a name or address, Chinese or English.' }),
  limit: z.coerce.number().int().min(1).max(100).default(20)
    .openapi({ param: { name: 'limit', in: 'query' }, description: 'Page size (1–100, default 20).' }),
  cursor: z.string().max(200).optional()
    .openapi({ param: { name: 'cursor', in: 'query' }, description: '`nextCursor` of the previous page.' }),
});

export const IdParam = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' }, example: 'br_cz_lingjiatang' }),
});

export const NearbyBranchList = z.object({ data: z.array(NearbyBranch) }).openapi('NearbyBranchList');
export const BranchPage = z
  .object({ data: z.array(Branch), nextCursor: z.string().nullable() })
  .openapi('BranchPage', { description: 'One page; pass `nextCursor` back as `cursor` for the next.' });
export const CityList = z.object({ data: z.array(City) }).openapi('CityList');

export const errorCodes = [
  'validation_failed', 'unauthenticated', 'forbidden', 'not_found',
  'rate_limited', 'not_modified', 'conflict', 'idempotency_mismatch', 'verification_failed', 'internal',
  'payload_too_large', 'unsupported_media_type',
  // Mobile verification by SMS code (schema/mobile-verification.ts).
  'mobile_unverified', 'code_incorrect', 'code_expired', 'code_exhausted', 'sms_unavailable',
] as const;

export const ApiError = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string(),
      requestId: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

export type LocalizedText = z.infer<typeof LocalizedText>;
export type Position = z.infer<typeof Position>;
export type City = z.infer<typeof City>;
export type Branch = z.infer<typeof Branch>;
export type NearbyBranch = z.infer<typeof NearbyBranch>;
export type NearQuery = z.input<typeof NearQuery>;
export type SearchQuery = z.input<typeof SearchQuery>;
export type BranchPage = z.infer<typeof BranchPage>;
export type ApiError = z.infer<typeof ApiError>;
export type ErrorCode = (typeof errorCodes)[number];

// ---------------------------------------------------------------------------------------------
// Keys (issue #3): managing a tenant's API keys. Home admins only; tokens are returned once.
// ---------------------------------------------------------------------------------------------
import { keyKinds, keyScopes, roles, serviceCategories } from './tables.ts';

/** `scheme://host[:port]`, or `scheme://host:*` for any port; lower case, no path. */
const ORIGIN_PATTERN = /^[a-z][a-z0-9+.-]*:\/\/(\[[0-9a-f:.]+\]|[a-z0-9-]+(\.[a-z0-9-]+)*)(:(\d{1,5}|\*))?$/;

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

export const ApiKeyPage = z
  .object({ data: z.array(ApiKey), nextCursor: z.string().nullable() })
  .openapi('ApiKeyPage', { description: 'Newest first; pass `nextCursor` back as `cursor` for the next page.' });

export const ApiKeyListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20)
    .openapi({ param: { name: 'limit', in: 'query' }, description: 'Page size (1–100, default 20).' }),
  cursor: z.string().max(200).optional()
    .openapi({ param: { name: 'cursor', in: 'query' }, description: '`nextCursor` of the previous page.' }),
  includeRevoked: z.enum(['true', 'false']).default('false')
    .openapi({ param: { name: 'includeRevoked', in: 'query' }, description: 'Also list revoked keys.' }),
});

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

// ── Members and audit (issue #3). Personal data: only keyed staff and partners get these. ──

/** A reference to a unit, branch or committee: its id and its names. */
export const NamedRef = z.object({ id: z.string(), name: LocalizedText });

const memberCommon = {
  id: z.string().openapi({ example: 'mb_demo_01' }),
  name: z.string(),
  currentCity: z.string().nullable().openapi({ description: 'Where the member says they now live.' }),
  category: z.enum(memberCategories),
  employer: z.string().nullable(),
};

export const StaffMember = z
  .object({
    view: z.literal('staff'),
    ...memberCommon,
    mobile: z.string().openapi({ example: '13800000001' }),
    homeUnit: NamedRef,
    hostBranch: NamedRef.nullable().openapi({ description: 'Null until a host branch confirms the member.' }),
    lastCheckInAt: z.string().datetime().nullable(),
  })
  .openapi('StaffMember', { description: 'A member as home and host staff see them.' });

export const PartnerMember = z
  .object({
    view: z.literal('partner'),
    ...memberCommon,
    mobile: z.string().openapi({ example: '138****0001', description: 'Masked: first 3 and last 4 digits.' }),
  })
  .openapi('PartnerMember', {
    description: 'A consenting member as a partner sees them: no home unit, host branch or check-in times.',
  });

export const Member = z.discriminatedUnion('view', [StaffMember, PartnerMember]).openapi('Member');

export const MemberQuery = z.object({
  branch: z.string().min(1).max(64).optional().openapi({ param: { name: 'branch', in: 'query' }, description: 'Host branch id.' }),
  homeUnit: z.string().min(1).max(64).optional()
    .openapi({ param: { name: 'homeUnit', in: 'query' }, description: 'Home unit id; a town includes its villages.' }),
  category: z.enum(memberCategories).optional().openapi({ param: { name: 'category', in: 'query' } }),
  limit: SearchQuery.shape.limit,
  cursor: SearchQuery.shape.cursor,
});

export const MemberPage = z
  .object({ data: z.array(Member), nextCursor: z.string().nullable() })
  .openapi('MemberPage', { description: 'Members in id order; pass `nextCursor` back as `cursor`.' });

export const AuditEntry = z
  .object({
    id: z.number().int(),
    at: z.string().datetime(),
    keyId: z.string(),
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
  limit: SearchQuery.shape.limit,
  cursor: z.string().regex(/^\d{1,15}$/, 'The cursor is not one this API returned.').optional()
    .openapi({ param: { name: 'cursor', in: 'query' }, description: '`nextCursor` of the previous page.' }),
});

export const AuditPage = z
  .object({ data: z.array(AuditEntry), nextCursor: z.string().nullable() })
  .openapi('AuditPage', { description: 'Newest first.' });

export type StaffMember = z.infer<typeof StaffMember>;
export type PartnerMember = z.infer<typeof PartnerMember>;
export type Member = z.infer<typeof Member>;
export type MemberQuery = z.input<typeof MemberQuery>;
export type MemberPage = z.infer<typeof MemberPage>;
export type AuditEntry = z.infer<typeof AuditEntry>;
export type AuditQuery = z.input<typeof AuditQuery>;
export type AuditPage = z.infer<typeof AuditPage>;
