// The console's sign-in endpoints under /auth: better-auth's, behind a gate that lets through
// only the ones the console uses, checks their bodies, applies Ginkgo's limits and answers
// errors in the API's envelope; and accepting an invitation. docs/console.md lists them.
import { eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { codeForStatus, StaffInvitationAccept, staffUsers, type ErrorCode } from '../../../schema/index.ts';
import { acceptInvitation } from '../data/staff-invitations.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { HttpError } from '../errors.ts';
import { activeStaffByMobile, AUTH_BASE_PATH, STAFF_MOBILE, staffAuth } from '../staff/auth.ts';
import { assertSignInCodeAllowed } from '../staff/sign-in-limits.ts';
import { clientBucket, RATE_LIMIT_PERIOD_SECONDS } from '../middleware/rate-limit.ts';

const Mobile = z.string().regex(STAFF_MOBILE, 'An 11-digit mainland mobile number.');
const SendCode = z.strictObject({ phoneNumber: Mobile });
const CheckCode = z.strictObject({ phoneNumber: Mobile, code: z.string().regex(/^\d{6}$/, 'The 6-digit code from the SMS.') });
const Empty = z.strictObject({});
const RevokeOne = z.strictObject({ token: z.string().min(1).max(200) });

/** The endpoints the console calls, with the body each takes (GET: none). */
const ALLOWED: Record<string, { method: 'GET' | 'POST'; body?: z.ZodType }> = {
  '/phone-number/send-otp': { method: 'POST', body: SendCode },
  '/phone-number/verify': { method: 'POST', body: CheckCode },
  '/get-session': { method: 'GET' },
  '/sign-out': { method: 'POST', body: Empty },
  '/list-sessions': { method: 'GET' },
  '/revoke-session': { method: 'POST', body: RevokeOne },
  '/revoke-sessions': { method: 'POST', body: Empty },
  '/revoke-other-sessions': { method: 'POST', body: Empty },
};

/** better-auth's error codes, in the API's words where it has them. */
const CODES: Record<string, ErrorCode> = {
  INVALID_OTP: 'code_incorrect', OTP_NOT_FOUND: 'code_incorrect', OTP_EXPIRED: 'code_expired', TOO_MANY_ATTEMPTS: 'code_exhausted',
};

const wrongCode = () => new HttpError(400, 'code_incorrect', 'The code is wrong or has expired; ask for a new one.');

async function readBody(c: Context<AppEnv>, schema: z.ZodType): Promise<unknown> {
  if (!(c.req.header('Content-Type') ?? '').startsWith('application/json')) {
    throw new HttpError(415, 'unsupported_media_type', 'Send JSON (Content-Type: application/json).');
  }
  let body: unknown = {};
  const text = await c.req.text();
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new HttpError(400, 'validation_failed', 'The body is not JSON.');
    }
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new HttpError(400, 'validation_failed', 'Some fields are invalid.', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  return parsed.data;
}

/** better-auth's answer, its errors rewritten into `{ error: { code, message, requestId } }`. */
async function inEnvelope(c: Context<AppEnv>, res: Response): Promise<Response> {
  if (res.ok) return res;
  const problem = await res.clone().json().catch(() => ({})) as { code?: string; message?: string };
  if (res.status >= 500) throw new Error(`staff auth: ${res.status} ${problem.code ?? ''} ${problem.message ?? ''}`);
  const code = (problem.code && CODES[problem.code]) ?? codeForStatus(res.status);
  const headers = new Headers(res.headers);
  headers.set('Content-Type', 'application/json');
  return new Response(JSON.stringify({ error: { code, message: problem.message ?? 'Refused.', requestId: c.var.requestId } }), { status: res.status, headers });
}

/** Refuses a state change that does not come from the console's own pages. */
function assertOwnOrigin(c: Context<AppEnv>): string {
  const own = new URL(c.req.url).origin;
  if (c.req.header('Origin') !== own) throw new HttpError(403, 'forbidden', 'Sign in from the console on this origin.');
  return own;
}

export const staffAuthRoutes = new Hono<AppEnv>()
  // Changes per client address, before anything else: codes cannot be guessed or asked for in bulk.
  .use(`${AUTH_BASE_PATH}/*`, async (c, next) => {
    const limiter = c.env.STAFF_AUTH_RATE_LIMIT;
    if (c.req.method === 'GET') return next();
    const client = clientBucket(c.req.header('CF-Connecting-IP'));
    if (limiter && !(await limiter.limit({ key: client })).success) {
      throw new HttpError(429, 'rate_limited', 'Too many sign-in requests from this address; try again in a minute.', undefined,
        { 'Retry-After': String(RATE_LIMIT_PERIOD_SECONDS) });
    }
    await next();
  })
  // Ginkgo's own step after signing in: an invitation's grant for the signed-in user. Here, not
  // under /v1, because the invitee may hold no grant yet and /v1 needs one.
  .post(`${AUTH_BASE_PATH}/invitations/accept`, async (c) => {
    const own = assertOwnOrigin(c);
    const { token } = await readBody(c, StaffInvitationAccept) as { token: string };
    const session = await (await staffAuth(c.env, own)).api.getSession({ headers: c.req.raw.headers });
    if (!session) throw new HttpError(401, 'unauthenticated', 'Sign in with the invited mobile first.');
    const [user] = await database(c.env.DB).select().from(staffUsers).where(eq(staffUsers.id, session.user.id)).limit(1);
    if (!user || user.deactivatedAt !== null) throw new HttpError(403, 'forbidden', 'This account is deactivated.');
    return c.json(await acceptInvitation(c.env.DB, user, token, c.var.requestId), 200);
  })
  .all(`${AUTH_BASE_PATH}/*`, async (c) => {
  const path = c.req.path.slice(AUTH_BASE_PATH.length);
  const endpoint = ALLOWED[path];
  if (!endpoint) throw new HttpError(404, 'not_found', 'No such sign-in endpoint.');
  if (c.req.method !== endpoint.method) throw new HttpError(405, 'validation_failed', `Use ${endpoint.method}.`);
  // Sign-in and session changes come from the console's own pages (better-auth checks this too).
  const own = endpoint.method === 'POST' ? assertOwnOrigin(c) : new URL(c.req.url).origin;
  let body: unknown;
  if (endpoint.body) body = await readBody(c, endpoint.body);
  if (path === '/phone-number/send-otp') await assertSignInCodeAllowed(c.env.DB, (body as z.infer<typeof SendCode>).phoneNumber);
  if (path === '/phone-number/verify' && !await activeStaffByMobile(c.env.DB, (body as z.infer<typeof CheckCode>).phoneNumber)) throw wrongCode();
  const auth = await staffAuth(c.env, own);
  const request = new Request(c.req.raw.url, {
    method: c.req.method, headers: c.req.raw.headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return inEnvelope(c, await auth.handler(request));
});
