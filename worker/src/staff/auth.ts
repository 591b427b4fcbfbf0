// Staff sign-in for the console, by better-auth: an SMS code to a staff member's mobile (sent
// through the same SMS provider as the check-in form's codes), or the optional password a
// signed-in staff member sets with such a code, then a session whose token lives
// in an HttpOnly, Secure, SameSite=Strict cookie on the API's own origin. better-auth owns the
// session crypto and tables; Ginkgo decides who may sign in (an active staff user) and what a
// session may do (its grants, access/staff-session.ts).
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { betterAuth } from 'better-auth/minimal';
import { phoneNumber } from 'better-auth/plugins/phone-number';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { staffAccounts, staffSessions, staffUsers, staffVerifications } from '../../../schema/index.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { smsSenderFor } from '../sms/index.ts';
import { derivedSecret } from '../verification/secrets.ts';

/** Where better-auth's endpoints live: `/auth/phone-number/send-otp`, `/auth/phone-number/verify`, … */
export const AUTH_BASE_PATH = '/auth';
/** The cookie's name prefix; with Secure cookies better-auth prepends `__Secure-`. */
export const COOKIE_PREFIX = 'ginkgo';
/** A session lasts a working day after its last use, refreshed at most hourly. */
export const SESSION_SECONDS = 24 * 60 * 60;
/** Sign-in codes, as for the check-in form: 6 digits, 5 minutes, 3 tries each. */
export const SIGN_IN_CODE_SECONDS = 300;

/** An optional password's length: at least 10 characters (better-auth hashes it, scrypt). */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/** An 11-digit mainland mobile, the only form staff numbers are stored in. */
export const STAFF_MOBILE = /^1[3-9]\d{9}$/;

/** The staff user a mobile signs in, unless deactivated. */
export async function activeStaffByMobile(d1: D1Database, mobile: string) {
  const [user] = await database(d1).select({ id: staffUsers.id, tenantId: staffUsers.tenantId }).from(staffUsers)
    .where(and(eq(staffUsers.phoneNumber, mobile), isNull(staffUsers.deactivatedAt))).limit(1);
  return user;
}

/** Whether an active staff user of `mobile` has a password (a better-auth credential account). */
export async function activeStaffHasPassword(d1: D1Database, mobile: string): Promise<boolean> {
  const [row] = await database(d1).select({ id: staffAccounts.id }).from(staffUsers)
    .innerJoin(staffAccounts, and(eq(staffAccounts.userId, staffUsers.id), eq(staffAccounts.providerId, 'credential')))
    .where(and(eq(staffUsers.phoneNumber, mobile), isNull(staffUsers.deactivatedAt), isNotNull(staffAccounts.password))).limit(1);
  return row !== undefined;
}

/**
 * Sends a code (to sign in, or to set a password) only to an active staff member's mobile; to any
 * other number nothing is sent, and the answer is the same, so the form cannot be asked who is staff.
 */
async function sendStaffCode(env: AppEnv['Bindings'], mobile: string, code: string): Promise<void> {
  const user = await activeStaffByMobile(env.DB, mobile);
  if (!user) return;
  const outcome = await smsSenderFor(env).send({ tenantId: user.tenantId, mobile, template: 'verification_code', params: { code } });
  if (!outcome.ok) throw new Error(`staff sign-in code not sent: ${outcome.reason}`);
}

/**
 * better-auth for this request's environment and origin. Built per request (the D1 binding is
 * the request's); building it is cheap next to the D1 round trips of a sign-in.
 */
export async function staffAuth(env: AppEnv['Bindings'], origin: string) {
  return betterAuth({
    appName: 'Ginkgo',
    baseURL: origin,
    basePath: AUTH_BASE_PATH,
    secret: await derivedSecret(env, 'staff-session'),
    database: drizzleAdapter(database(env.DB), {
      provider: 'sqlite',
      schema: { user: staffUsers, session: staffSessions, account: staffAccounts, verification: staffVerifications },
    }),
    telemetry: { enabled: false },
    // No sign-up: staff are made by invitation (or the local seed), never by signing in. The
    // lengths apply to the phone-number plugin's optional password too.
    emailAndPassword: { enabled: false, minPasswordLength: PASSWORD_MIN_LENGTH, maxPasswordLength: PASSWORD_MAX_LENGTH },
    user: {
      additionalFields: {
        tenantId: { type: 'string', required: true, input: false },
        deactivatedAt: { type: 'number', required: false, input: false },
      },
    },
    session: {
      expiresIn: SESSION_SECONDS,
      updateAge: 60 * 60,
      // Every request reads the session from D1: a revoked session or a deactivated user is out at once.
      cookieCache: { enabled: false },
    },
    // Limits are Ginkgo's own (staff/sign-in-limits.ts), counted in D1 across isolates.
    rateLimit: { enabled: false },
    trustedOrigins: [origin],
    advanced: {
      cookiePrefix: COOKIE_PREFIX,
      useSecureCookies: true,
      defaultCookieAttributes: { httpOnly: true, secure: true, sameSite: 'strict', path: '/' },
      ipAddress: { ipAddressHeaders: ['cf-connecting-ip'] },
    },
    databaseHooks: {
      session: {
        create: {
          // A deactivated user's code (sent before) must not open a session.
          async before(session) {
            const [user] = await database(env.DB).select({ deactivatedAt: staffUsers.deactivatedAt }).from(staffUsers)
              .where(eq(staffUsers.id, session.userId)).limit(1);
            if (!user || user.deactivatedAt !== null) return false;
            return { data: session };
          },
        },
      },
    },
    plugins: [
      phoneNumber({
        otpLength: 6,
        expiresIn: SIGN_IN_CODE_SECONDS,
        allowedAttempts: 3,
        phoneNumberValidator: (mobile) => STAFF_MOBILE.test(mobile),
        sendOTP: ({ phoneNumber: mobile, code }) => sendStaffCode(env, mobile, code),
        // Without it better-auth makes the code to set a password but sends it nowhere.
        sendPasswordResetOTP: ({ phoneNumber: mobile, code }) => sendStaffCode(env, mobile, code),
      }),
    ],
  });
}

export type StaffAuth = Awaited<ReturnType<typeof staffAuth>>;
