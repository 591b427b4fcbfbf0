import { env } from 'cloudflare:test';
import { apiKeys, normaliseMobile, type ApiError, type Role } from '../../schema/index.ts';
import { mobileHash, signMobileProofForHash } from '../../worker/src/verification/mobile-proof.ts';
import type { ResolvedKey } from '../../worker/src/env.ts';
import { prepareKey, type NewKey } from '../../worker/src/access/keys.ts';
import { database } from '../../worker/src/db.ts';
import { seedPizhou } from '../../worker/src/seed/index.ts';
import { DEMO_PUBLISHABLE_KEY, DEMO_SECRET_KEY } from '../../worker/src/seed/pizhou.ts';
import { fetchWorker } from './openapi-recorder.ts';

export { DEMO_PUBLISHABLE_KEY as PK, DEMO_SECRET_KEY as SK };

/**
 * A live proof that the sender verified `mobile` by SMS code, signed as the worker signs one, for
 * tests about something else (the code flow itself is tested in mobile-verification.test.ts).
 */
export async function proofFor(mobile: string, tenantId = 'pizhou'): Promise<string> {
  const normalised = normaliseMobile(mobile) ?? mobile;
  // One per number, as a member's form keeps one: a retry must send the very same body.
  const cacheKey = `${tenantId}:${normalised}`;
  let proof = proofs.get(cacheKey);
  if (!proof) {
    proof = mobileHash(env, tenantId, normalised).then(async (hash) => (await signMobileProofForHash(env, tenantId, hash)).mobileProof);
    proofs.set(cacheKey, proof);
  }
  return proof;
}
/** Promises, so that concurrent sends of one number share one proof. */
const proofs = new Map<string, Promise<string>>();

/** `body` with a proof for its mobile, unless it names `mobileProof` itself (even as undefined: then it goes without). */
export async function withProof(body: unknown): Promise<unknown> {
  if (typeof body !== 'object' || body === null || 'mobileProof' in body || typeof (body as { mobile?: unknown }).mobile !== 'string') return body;
  return { ...body, mobileProof: await proofFor((body as { mobile: string }).mobile) };
}
export const db = () => database(env.DB);
export const seed = () => seedPizhou(db());

/**
 * A request to the worker under test, through its real fetch handler. Each comes from its own
 * client address unless the test sets one, so that only the rate-limit tests meet the limits.
 */
export function call(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (!headers.has('CF-Connecting-IP')) headers.set('CF-Connecting-IP', `10.${rnd()}.${rnd()}.${rnd()}`);
  return fetchWorker(`http://ginkgo.test${path}`, { ...init, headers });
}
const rnd = () => Math.floor(Math.random() * 256);
export const withKey = (key: string, headers: Record<string, string> = {}) =>
  ({ headers: { Authorization: `Bearer ${key}`, ...headers } });

export async function expectError(res: Response, status: number, code: ApiError['error']['code']) {
  const body = await res.json<ApiError>();
  if (res.status !== status || body.error.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(body)}`);
  }
  if (!body.error.requestId.startsWith('req_') && body.error.requestId !== res.headers.get('X-Request-Id')) {
    throw new Error('error without request id');
  }
  return body.error;
}

/** Inserts a key as an operator would issue it; returns its token and id. */
export async function issueTestKey(k: Omit<NewKey, 'label' | 'mode'>, label = 'test'): Promise<{ token: string; id: string }> {
  const { token, row } = await prepareKey({ ...k, label, mode: 'test' });
  await db().insert(apiKeys).values(row);
  return { token, id: row.id };
}

/** A Pizhou secret key for `role` at `scopeNodeId`: its token, and the key as the worker resolves it. */
export async function roleKey(role: Role, scopeNodeId: string | null): Promise<{ token: string; key: ResolvedKey }> {
  const { token, id } = await issueTestKey({ tenantId: 'pizhou', kind: 'secret', role, scopeNodeId }, role);
  return { token, key: { id, tenantId: 'pizhou', kind: 'secret', role, scopeNodeId, scopes: null, allowedOrigins: [] } };
}
