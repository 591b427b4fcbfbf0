// Resolves the caller's API key to its tenant and enforces where a key may be used from.
import { eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { apiKeys } from '../../../schema/index.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { HttpError } from '../errors.ts';
import { sha256Hex } from '../lib/crypto.ts';

export type ResolvedKey = Pick<typeof apiKeys.$inferSelect, 'id' | 'tenantId' | 'kind' | 'role' | 'allowedOrigins'>;

/** Publishable keys are public and looked up on every widget request: keep them briefly per isolate. */
const PUBLISHABLE_CACHE_MS = 30_000;
const publishableCache = new Map<string, { key: ResolvedKey; until: number }>();

function presentedKey(authorization: string | undefined, queryKey: string | undefined): string | undefined {
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return bearer ?? queryKey;
}

/** `http://localhost:*` allows every port of that host; anything else must match exactly. */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  return allowed.some((pattern) =>
    pattern.endsWith(':*')
      ? origin.startsWith(pattern.slice(0, -1)) && /^\d{1,5}$/.test(origin.slice(pattern.length - 1))
      : origin === pattern);
}

async function lookUp(db: D1Database, token: string): Promise<ResolvedKey | undefined> {
  const hash = await sha256Hex(token);
  const cached = publishableCache.get(hash);
  if (cached && cached.until > Date.now()) return cached.key;
  const [row] = await database(db)
    .select({ id: apiKeys.id, tenantId: apiKeys.tenantId, kind: apiKeys.kind, role: apiKeys.role,
      allowedOrigins: apiKeys.allowedOrigins, revokedAt: apiKeys.revokedAt })
    .from(apiKeys).where(eq(apiKeys.hash, hash)).limit(1);
  if (!row || row.revokedAt !== null) return undefined;
  const { revokedAt: _, ...key } = row;
  if (key.kind === 'publishable') publishableCache.set(hash, { key, until: Date.now() + PUBLISHABLE_CACHE_MS });
  return key;
}

/**
 * Requires a valid key (`Authorization: Bearer …`, or `?key=pk_…` so that a widget's GET needs
 * no CORS preflight). A browser origin must be listed on a publishable key; secret keys are for
 * servers and are refused from browsers.
 */
export const requireKey = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const token = presentedKey(c.req.header('Authorization'), c.req.query('key'));
  if (!token) {
    throw new HttpError(401, 'unauthenticated', 'An API key is required: `Authorization: Bearer <key>` or `?key=<publishable key>`.');
  }
  if (!/^(pk|sk)_[A-Za-z0-9_]{4,128}$/.test(token)) throw new HttpError(401, 'unauthenticated', 'The API key is malformed.');
  if (token.startsWith('sk_') && c.req.query('key') !== undefined) {
    throw new HttpError(401, 'unauthenticated', 'Secret keys go in the Authorization header, never in a URL.');
  }
  const key = await lookUp(c.env.DB, token);
  if (!key) throw new HttpError(401, 'unauthenticated', 'The API key is unknown or revoked.');
  const origin = c.req.header('Origin');
  if (origin !== undefined) {
    if (key.kind === 'secret') throw new HttpError(403, 'forbidden', 'Secret keys may not be used from a browser; use a publishable key.');
    if (!originAllowed(origin, key.allowedOrigins)) {
      throw new HttpError(403, 'forbidden', `This key may not be used from ${origin}.`);
    }
  }
  c.set('key', key);
  await next();
};
