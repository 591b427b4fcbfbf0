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
import {
  activeStaffByMobile, activeStaffHasPassword, AUTH_BASE_PATH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, STAFF_MOBILE, staffAuth, type StaffAuth,
} from '../staff/auth.ts';
import { clearCodesSent, clearPasswordFailures, takePasswordAttempt, takeSignInCode } from '../staff/sign-in-limits.ts';
import { clientBucket, RATE_LIMIT_PERIOD_SECONDS } from '../middleware/rate-limit.ts';

const Mobile = z.string().regex(STAFF_MOBILE, 'An 11-digit mainland mobile number.');
const SendCode = z.strictObject({ phoneNumber: Mobile });
const SixDigits = z.string().regex(/^\d{6}$/, 'The 6-digit code from the SMS.');
const CheckCode = z.strictObject({ phoneNumber: Mobile, code: SixDigits });
const SignInWithPassword = z.strictObject({ phoneNumber: Mobile, password: z.string().min(1).max(PASSWORD_MAX_LENGTH) });
const SetPassword = z.strictObject({
  phoneNumber: Mobile, otp: SixDigits,
  newPassword: z.string().min(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters.`).max(PASSWORD_MAX_LENGTH),
});
const Empty = z.strictObject({});
const RevokeOne = z.strictObject({ token: z.string().min(1).max(200) });

/** The endpoints the console calls, with the body each takes (GET: none). */
const ALLOWED: Record<string, { method: 'GET' | 'POST'; body?: z.ZodType }> = {
  '/phone-number/send-otp': { method: 'POST', body: SendCode },
  '/phone-number/verify': { method: 'POST', body: CheckCode },
  '/sign-in/phone-number': { method: 'POST', body: SignInWithPassword },
  '/phone-number/request-password-reset': { method: 'POST', body: SendCode },
  '/phone-number/reset-password': { method: 'POST', body: SetPassword },
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
const wrongPassword = () => new HttpError(401, 'unauthenticated', 'The mobile number or the password is wrong.');

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
  const auth = await staffAuth(c.env, own);
  const mobile = (body as { phoneNumber?: string } | undefined)?.phoneNumber ?? '';
  if (path === '/phone-number/request-password-reset' || path === '/phone-number/reset-password') await assertOwnMobile(c, auth, mobile);
  if (path === '/phone-number/send-otp' || path === '/phone-number/request-password-reset') await takeSignInCode(c.env.DB, mobile);
  if (path === '/phone-number/verify' && !await activeStaffByMobile(c.env.DB, mobile)) throw wrongCode();
  const request = new Request(c.req.raw.url, {
    method: c.req.method, headers: c.req.raw.headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (path === '/sign-in/phone-number') return signInWithPassword(c, auth, request, body as z.infer<typeof SignInWithPassword>);
  const res = await auth.handler(request);
  // Whoever used a code rightly can read the number's SMS: its counts start again.
  if (res.ok && (path === '/phone-number/verify' || path === '/phone-number/reset-password')) await clearCodesSent(c.env.DB, mobile);
  if (res.ok && path === '/phone-number/reset-password') {
    await clearPasswordFailures(c.env.DB, mobile);
    await auditPasswordSet(c.env.DB, mobile, c.var.requestId);
  }
  return inEnvelope(c, res);
});

/**
 * A password set (or changed) is a second way into the account: an entry in the audit log of each
 * organisation the user holds a live grant in, under that grant, as their other console actions are.
 */
async function auditPasswordSet(d1: D1Database, mobile: string, requestId: string): Promise<void> {
  await d1.prepare(`INSERT INTO audit_log (tenant_id, at, key_id, role, action, subject_type, subject_id, request_id, detail, user_id)
    SELECT g.tenant_id, ?2, g.id, g.role, 'staff.password_set', 'staff_user', u.id, ?3, '{}', u.id
    FROM staff_users u JOIN staff_grants g ON g.user_id = u.id AND g.revoked_at IS NULL WHERE u.phone_number = ?1`)
    .bind(mobile, Date.now(), requestId).run();
}

/** A password is set, with a code, only for the signed-in, active user's own mobile. */
async function assertOwnMobile(c: Context<AppEnv>, auth: StaffAuth, mobile: string): Promise<void> {
  const session = await auth.api.getSession({ headers: c.req.raw.headers });
  if (!session) throw new HttpError(401, 'unauthenticated', 'Sign in first, with a code.');
  const user = await activeStaffByMobile(c.env.DB, mobile);
  if (session.user.phoneNumber !== mobile || user?.id !== session.user.id) {
    throw new HttpError(403, 'forbidden', 'A password can be set for your own mobile number only.');
  }
}

/**
 * Sign-in by password, for an active staff user who has set one, within the number's limit of
 * wrong passwords. Every refusal is the same answer, after as long a check (a hash), and counts
 * against the number, so that it tells nobody whether the number has an account or a password.
 */
async function signInWithPassword(c: Context<AppEnv>, auth: StaffAuth, request: Request, body: z.infer<typeof SignInWithPassword>) {
  const { phoneNumber: mobile, password } = body;
  await takePasswordAttempt(c.env.DB, mobile);
  let res: Response | undefined;
  if (await activeStaffHasPassword(c.env.DB, mobile)) res = await auth.handler(request);
  else await (await auth.$context).password.hash(password);
  if (res?.ok) {
    await clearPasswordFailures(c.env.DB, mobile);
    return res;
  }
  if (res && res.status >= 500) return inEnvelope(c, res);
  throw wrongPassword();
}
