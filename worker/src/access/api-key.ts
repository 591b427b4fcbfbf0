// Resolves the caller's API key to its tenant and enforces where a key may be used from.
import { eq } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { apiKeys } from '../../../schema/index.ts';
import { database } from '../db.ts';
import type { AppEnv, ResolvedKey } from '../env.ts';
import { HttpError } from '../errors.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { cachedKey, cacheKey, forgetKey, type CachedKey } from './key-cache.ts';
import { gatedD1, type KeyCheck } from './key-gate.ts';
import { allows, type Permission } from './permissions.ts';
import { hasSessionCookie, sessionCaller } from './staff-session.ts';


/** `last_used_at` is written at most this often per key and isolate, so that reads stay reads. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function presentedKey(authorization: string | undefined, queryKey: string | undefined): string | undefined {
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

const unknownOrRevoked = () => new HttpError(401, 'unauthenticated', 'The API key is unknown or revoked.');

/**
 * Publishable keys only from their listed origins; secret keys never from another site's pages.
 * The API's own origin is the exception: its /docs page, where staff paste a secret key into the
 * request client, under a CSP that runs no script from elsewhere. A browser names the page's
 * origin truthfully, so no other site can pass as this one; a server could send any Origin, but it
 * could as well send none.
 */
function assertOrigin(c: Context<AppEnv>, key: ResolvedKey): void {
  const origin = c.req.header('Origin');
  if (origin === undefined) return;
  if (key.kind === 'secret') {
    if (origin === new URL(c.req.url).origin) return;
    throw new HttpError(403, 'forbidden', "Secret keys may not be used from another site's pages; use a publishable key there, or the secret key from a server.");
  }
  if (!originAllowed(origin, key.allowedOrigins)) {
    throw new HttpError(403, 'origin_not_allowed', `This site (${origin}) is not registered for this key; ask the organisation to add it to the key's origins.`);
  }
}

/**
 * Requires a valid key (`Authorization: Bearer …`, or `?key=pk_…` so that a widget's GET needs
 * no CORS preflight). A browser origin must be listed on a publishable key; secret keys are for
 * servers (and the API's own /docs page) and are refused from other sites' pages. A revoked key fails on its next request: only a key's
 * settings are cached (key-cache.ts), and whether it is revoked is asked every time, in the
 * request's first D1 round trip (key-gate.ts).
 */
export const requireKey = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const token = presentedKey(c.req.header('Authorization'), c.req.query('key'));
  if (!token && hasSessionCookie(c)) {
    c.set('key', await sessionCaller(c));
    await next();
    return;
  }
  if (!token) {
    throw new HttpError(401, 'unauthenticated', 'An API key is required: `Authorization: Bearer <key>` or `?key=<publishable key>`; or a console session.');
  }
  if (!/^(pk|sk)_[A-Za-z0-9_]{4,128}$/.test(token)) throw new HttpError(401, 'unauthenticated', 'The API key is malformed.');
  if (token.startsWith('sk_') && c.req.query('key') !== undefined) {
    throw new HttpError(401, 'unauthenticated', 'Secret keys go in the Authorization header, never in a URL.');
  }
  // Looked up by its SHA-256: the index lookup's timing can only tell about the hash, not the
  // key, so this is the constant-time comparison (and a stolen database holds no usable key).
  const hash = await sha256Hex(token);
  const direct = c.env.DB;
  const cached = cachedKey(hash);
  if (!cached) {
    const [row] = await database(direct).select().from(apiKeys).where(eq(apiKeys.hash, hash)).limit(1);
    if (!row || row.revokedAt !== null) throw unknownOrRevoked();
    const { id, tenantId, kind, role, scopeNodeId, scopes, allowedOrigins, serviceCategory } = row;
    // Frozen: every request of the isolate shares it.
    const key = Object.freeze({
      id, tenantId, kind, role, scopeNodeId, serviceCategory,
      scopes: scopes && Object.freeze(scopes), allowedOrigins: Object.freeze(allowedOrigins),
    }) as ResolvedKey;
    const entry = { key, touchedAt: row.lastUsedAt ?? 0 };
    cacheKey(hash, entry);
    assertOrigin(c, entry.key);
    touchIfDue(c, direct, entry);
    c.set('key', entry.key);
    await next();
    return;
  }
  const gate = gatedD1(direct, keyCheck(direct, hash, cached.key));
  c.env = { ...c.env, DB: gate.d1 };
  try {
    assertOrigin(c, cached.key);
    // Only now: CORS echoes the origin of a request whose key is set (middleware/cors.ts).
    c.set('key', cached.key);
    await next();
  } finally {
    // Before answering, whatever the route did (a 403 above, or no D1 call at all): a revoked
    // key gets its 401. It replaces the route's response without inheriting its headers.
    await gate.settle().catch((err: unknown) => {
      c.res = undefined;
      throw err;
    });
  }
  touchIfDue(c, direct, cached);
};

/** The check of a cached key in this request (access/key-gate.ts): exported for its tests. */
export function keyCheck(d1: D1Database, hash: string, key: ResolvedKey): KeyCheck {
  // Plain SQL, built on every request of a cached key: no query builder on the hot path.
  return {
    // json() of text that is not JSON is an error: the batch the guard leads stops there.
    guard: d1.prepare(`SELECT json(CASE WHEN EXISTS (SELECT 1 FROM api_keys WHERE hash = ? AND id = ? AND revoked_at IS NULL)
      THEN '1' ELSE 'the API key is not live' END) AS live`).bind(hash, key.id),
    statement: d1.prepare('SELECT id, revoked_at FROM api_keys WHERE hash = ? LIMIT 1').bind(hash),
    accept: (row) => {
      if (row?.id === key.id && row.revoked_at === null) return;
      forgetKey(hash);
      if (row && row.revoked_at === null) {
        // The token now names another key (a database made anew): answer this once, then look it up again.
        throw new HttpError(503, 'internal', 'The API key changed while this request ran; try again.', undefined, { 'Retry-After': '0' });
      }
      throw unknownOrRevoked();
    },
  };
}

/** Writes `last_used_at` at most once a minute per key and isolate, after the response. */
function touchIfDue(c: Context<AppEnv>, db: D1Database, entry: CachedKey): void {
  const now = Date.now();
  if (now - entry.touchedAt <= LAST_USED_RESOLUTION_MS) return;
  entry.touchedAt = now;
  const touch = database(db).update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, entry.key.id)).run();
  waitUntil(c, touch.catch((err: unknown) => console.error(JSON.stringify({ level: 'warn', requestId: c.get('requestId'), error: `last_used_at: ${String(err)}` }))));
}

/** Work that may finish after the response (tests calling `app.request` have no execution context). */
function waitUntil(c: { executionCtx: { waitUntil(p: Promise<unknown>): void } }, work: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    void work;
  }
}

/** Refuses (403) a key whose role and scopes do not include `permission`. */
export const requirePermission = (permission: Permission): MiddlewareHandler<AppEnv> => async (c, next) => {
  if (!allows(c.var.key, permission)) {
    throw new HttpError(403, 'forbidden', `This key may not do that (needs ${permission}).`);
  }
  await next();
};
