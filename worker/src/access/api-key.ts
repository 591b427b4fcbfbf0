// Resolves the caller's API key to its tenant and enforces where a key may be used from.
import { eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { apiKeys } from '../../../schema/index.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { HttpError } from '../errors.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { allows, type Permission } from './permissions.ts';

export type ResolvedKey = Pick<typeof apiKeys.$inferSelect,
  'id' | 'tenantId' | 'kind' | 'role' | 'scopeNodeId' | 'scopes' | 'allowedOrigins'>
  // A partner key's service category (service requests); absent where a key is built by hand.
  & Partial<Pick<typeof apiKeys.$inferSelect, 'serviceCategory'>>;

/** `last_used_at` is written at most this often per key, so that reads stay reads. */
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

/**
 * Requires a valid key (`Authorization: Bearer …`, or `?key=pk_…` so that a widget's GET needs
 * no CORS preflight). A browser origin must be listed on a publishable key; secret keys are for
 * servers and are refused from browsers. A revoked key fails on its next request: keys are not
 * cached.
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
  // Looked up by its SHA-256: the index lookup's timing can only tell about the hash, not the
  // key, so this is the constant-time comparison (and a stolen database holds no usable key).
  const hash = await sha256Hex(token);
  const db = database(c.env.DB);
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.hash, hash)).limit(1);
  if (!row || row.revokedAt !== null) {
    throw new HttpError(401, 'unauthenticated', 'The API key is unknown or revoked.');
  }
  const origin = c.req.header('Origin');
  if (origin !== undefined) {
    if (row.kind === 'secret') throw new HttpError(403, 'forbidden', 'Secret keys may not be used from a browser; use a publishable key.');
    if (!originAllowed(origin, row.allowedOrigins)) {
      throw new HttpError(403, 'forbidden', `This key may not be used from ${origin}.`);
    }
  }
  const now = Date.now();
  if (row.lastUsedAt === null || now - row.lastUsedAt > LAST_USED_RESOLUTION_MS) {
    const touch = db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id)).run();
    waitUntil(c, touch.catch((err: unknown) => console.error(JSON.stringify({ level: 'warn', requestId: c.get('requestId'), error: `last_used_at: ${String(err)}` }))));
  }
  const { id, tenantId, kind, role, scopeNodeId, scopes, allowedOrigins, serviceCategory } = row;
  c.set('key', { id, tenantId, kind, role, scopeNodeId, scopes, allowedOrigins, serviceCategory });
  await next();
};

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
