// Exactly-once POSTs. A client sends `Idempotency-Key`; the first response to it is stored in
// the SAME batch as the work it reports (see `storeResponse`), so a stored response means the
// work was done, and no work is done without a stored response. A retry gets the stored
// response back, marked `Idempotent-Replayed: true`; the same key with another request is 422.
import { and, eq } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { idempotencyKeys } from '../../../schema/index.ts';
import { database, errorMessages } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { HttpError } from '../errors.ts';
import { sha256Hex } from '../lib/crypto.ts';

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

/** JSON with object keys sorted, so that key order or whitespace does not make another request. */
function canonical(text: string): string {
  const sorted = (v: unknown): unknown => Array.isArray(v) ? v.map(sorted)
    : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]))
    : v;
  try {
    return JSON.stringify(sorted(JSON.parse(text)));
  } catch {
    return text;
  }
}

/** Requires the header and answers a retry from the store before any other work. */
export const idempotency = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const key = c.req.header('Idempotency-Key');
  if (!key || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new HttpError(400, 'validation_failed',
      'An Idempotency-Key header is required: 8 to 128 letters, digits, _ or -, the same for every retry of one submission.',
      [{ path: 'Idempotency-Key', message: key ? 'Malformed.' : 'Required.' }]);
  }
  const requestHash = await sha256Hex(`${c.req.method} ${c.req.path}\n${canonical(await c.req.text())}`);
  c.set('idempotency', { key, requestHash });
  const replay = await replayStored(c);
  if (replay) return replay;
  await next();
};

const where = (c: Context<AppEnv>) => and(
  eq(idempotencyKeys.tenantId, c.var.key.tenantId), eq(idempotencyKeys.apiKeyId, c.var.key.id), eq(idempotencyKeys.key, c.var.idempotency.key));

/** The stored response to this key (422 if it answered another request), or undefined. */
export async function replayStored(c: Context<AppEnv>): Promise<Response | undefined> {
  const [row] = await database(c.env.DB).select().from(idempotencyKeys).where(where(c)).limit(1);
  if (!row) return undefined;
  if (row.requestHash !== c.var.idempotency.requestHash) {
    throw new HttpError(422, 'idempotency_mismatch',
      'This Idempotency-Key was already used for a different request. Use a new key for a new submission.');
  }
  return c.body(row.body, row.status as ContentfulStatusCode, { 'Content-Type': 'application/json', 'Idempotent-Replayed': 'true' });
}

/** The insert that records `body` as the answer to this key: run it in the batch that does the work. */
export function storeResponse(c: Context<AppEnv>, status: number, body: string) {
  const { key, requestHash } = c.var.idempotency;
  return database(c.env.DB).insert(idempotencyKeys).values({
    tenantId: c.var.key.tenantId, apiKeyId: c.var.key.id, key, requestHash, status, body, createdAt: Date.now(),
  });
}

/** The batch failed because another request with this key got there first. */
export const isKeyTaken = (err: unknown) => /UNIQUE constraint failed: idempotency_keys\./.test(errorMessages(err));

/**
 * Runs `work` (which must include `storeResponse`) and answers with `body`; if a concurrent
 * request with the same key stored first, answers with what it stored instead.
 */
export async function respondOnce(c: Context<AppEnv>, status: ContentfulStatusCode, body: string, work: () => Promise<unknown>) {
  try {
    await work();
  } catch (err) {
    if (!isKeyTaken(err)) throw err;
    const replay = await replayStored(c);
    if (!replay) throw err;
    return replay;
  }
  return c.body(body, status, { 'Content-Type': 'application/json' });
}
