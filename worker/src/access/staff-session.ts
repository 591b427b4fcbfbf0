// A console session as a caller of the API: the signed-in staff user acting through one of their
// grants, with exactly the role and scope a secret key of that grant would have. So every route,
// scope filter and audit entry works for sessions as it does for keys (permissions.ts).
import type { Context } from 'hono';
import type { AppEnv, ResolvedKey } from '../env.ts';
import { HttpError } from '../errors.ts';
import { COOKIE_PREFIX, staffAuth } from '../staff/auth.ts';
import type { Role } from '../../../schema/index.ts';

/** The request header naming the grant to act through (the console's role switch); else the oldest. */
export const GRANT_HEADER = 'X-Ginkgo-Grant';

/** The session cookie's name as better-auth sets it (Secure cookies get the `__Secure-` prefix). */
export const SESSION_COOKIE = `__Secure-${COOKIE_PREFIX}.session_token`;

export type StaffGrantRow = { id: string; tenant_id: string; role: Role; scope_node_id: string | null };

/** Whether the request carries a session cookie at all (cheap: no D1). */
export function hasSessionCookie(c: Context<AppEnv>): boolean {
  return (c.req.header('Cookie') ?? '').split(/;\s*/).some((p) => p.startsWith(`${SESSION_COOKIE}=`));
}

/** The live grants of an active user, oldest first: none once the user is deactivated. */
export async function liveGrants(d1: D1Database, userId: string): Promise<StaffGrantRow[]> {
  const { results } = await d1.prepare(`SELECT g.id, g.tenant_id, g.role, g.scope_node_id FROM staff_grants g
    JOIN staff_users u ON u.id = g.user_id
    WHERE g.user_id = ? AND g.revoked_at IS NULL AND u.deactivated_at IS NULL
    ORDER BY g.created_at, g.id`).bind(userId).all<StaffGrantRow>();
  return results;
}

const signedOut = () => new HttpError(401, 'unauthenticated', 'The console session has ended; sign in again.');

/**
 * The caller a session cookie stands for, read from D1 on every request (a revoked session, a
 * removed grant or a deactivated user is refused on the next one). A state-changing request must
 * come from the API's own origin: SameSite=Strict keeps other sites' requests from carrying the
 * cookie, and this keeps out sibling sites and anything that strips the cookie's attributes.
 */
export async function sessionCaller(c: Context<AppEnv>): Promise<ResolvedKey & { userId: string }> {
  const own = new URL(c.req.url).origin;
  const origin = c.req.header('Origin');
  if (origin !== undefined && origin !== own) {
    throw new HttpError(403, 'forbidden', 'A console session works only on pages of the API\'s own origin.');
  }
  if (origin === undefined && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    throw new HttpError(403, 'forbidden', 'A console session\'s change must come from the console (no Origin header was sent).');
  }
  const auth = await staffAuth(c.env, own);
  const session = await auth.api.getSession({ headers: c.req.raw.headers });
  if (!session) throw signedOut();
  const grants = await liveGrants(c.env.DB, session.user.id);
  if (!grants.length) throw new HttpError(403, 'forbidden', 'This account has no role in the console any more.');
  // A link the console opens in a new tab (a village's letters to print) cannot send a header: a
  // GET may name the grant in the query instead. It selects among the user's own grants only.
  const wanted = c.req.header(GRANT_HEADER) ?? (c.req.method === 'GET' ? c.req.query('grant') : undefined);
  const grant = wanted === undefined ? grants[0]! : grants.find((g) => g.id === wanted);
  if (!grant) throw new HttpError(403, 'forbidden', `This account has no live grant ${wanted}.`);
  return Object.freeze({
    id: grant.id, tenantId: grant.tenant_id, kind: 'secret', role: grant.role, scopeNodeId: grant.scope_node_id,
    scopes: null, allowedOrigins: [], userId: session.user.id,
  });
}
