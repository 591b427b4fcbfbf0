// What the route modules share: the parts of a route's OpenAPI declaration (security, bodies,
// responses) and the few middlewares and headers more than one route needs.
import { z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import type { AppEnv } from '../env.ts';
import { IDEMPOTENCY_KEY_PATTERN } from '../middleware/idempotency.ts';
import { publicCache } from '../middleware/public-cache.ts';

/** Routes any key may call: a secret key, or a publishable key in the header or the URL. */
export const anyKeySecurity: Record<string, string[]>[] = [{ bearer: [] }, { publishableKey: [] }];
/** Staff and partner routes: a secret key (in the `Authorization` header only), or a console session. */
export const secretKeySecurity: Record<string, string[]>[] = [{ bearer: [] }, { consoleSession: [] }];

/** A public read: `public:read`, and cached for `maxAgeSeconds` with an `ETag` (publicCache). */
export const publicRead = (maxAgeSeconds?: number): MiddlewareHandler<AppEnv>[] => [requirePermission('public:read'), publicCache(maxAgeSeconds)];

/**
 * Keys and tokens, personal data being edited: never kept by any cache, shared or private, whatever
 * else a later change to the route sets (securityHeaders only fills in a missing Cache-Control).
 */
export const noStore: MiddlewareHandler<AppEnv> = async (c, next) => { await next(); c.header('Cache-Control', 'no-store'); };

/** A required JSON request body of `schema`, for a route's `request`. */
export const jsonBody = <T>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });

/** The `Idempotency-Key` header of an exactly-once POST; `what` one key stands for. */
export const idempotencyKeyHeader = (what: string) => z.object({
  'idempotency-key': z.string().regex(IDEMPOTENCY_KEY_PATTERN).openapi({ description: `8–128 of A–Z a–z 0–9 _ -; one per ${what}.` }),
});

/** A JSON response of `schema`, for a route's `responses`. */
export const json = <T>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
/** An error response (`ApiError`). */
export const error = (description: string) => json(ApiError, description);

/** The error responses every keyed route can give. */
export const keyedErrors = {
  400: error('Invalid parameters; `details` lists each problem.'),
  401: error('No API key, or an unknown or revoked one.'),
  403: error('The key may not be used from this origin.'),
  500: error('A fault on our side; quote the request id.'),
} as const;

export const notFoundError = { 404: error('No such resource in this tenant.') } as const;

/** The answer of a public read (publicRead) to a matching `If-None-Match`. */
export const notModified = { 304: { description: 'Unchanged since the `ETag` given in `If-None-Match`.' } } as const;

/** What an exactly-once POST (the idempotency middleware) adds to a create's errors. */
export const idempotentCreateErrors = {
  422: error('`idempotency_mismatch`: this Idempotency-Key was used for a different request.'),
  429: error('Too many requests for this key, address or mobile number.'),
} as const;

/** What a nearest search cost D1, for `Server-Timing` (next to d1Meter's `db` entry). */
export function reportNearestCost(c: Context<AppEnv>, cost: { queries: number; rowsRead: number }): void {
  c.header('Server-Timing', `d1;desc="queries=${cost.queries} rows_read=${cost.rowsRead}"`);
}
