// The optional staff password (better-auth's phone-number plugin behind the /auth gate): set with
// an SMS code by the signed-in user for their own mobile, then a second way to sign in, limited
// per number and per address, refusing everyone else with one and the same answer.
import { and, eq, gt } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, smsOutbox, staffAccounts, staffGrants, staffUsers, staffVerifications } from '../../schema/index.ts';
import { PASSWORD_LOCK_MS, passwordFailureIdentifier, signInCodeIdentifier } from '../../worker/src/staff/sign-in-limits.ts';
import { call, db, expectError, seed } from './helpers.ts';
import {
  codeSent, consoleOrigin, forgetCodesSent, postAuth, sessionOf, setPassword, signIn, signInWithPassword, type Session,
} from './staff-helpers.ts';

const BRANCH = { mobile: '13900000005', id: 'su_demo_branch' };
const PASSWORD = 'lingjiatang-2026';

beforeAll(async () => { await seed(); });

const sentTo = (mobile: string, since: number) => db().select().from(smsOutbox).where(and(eq(smsOutbox.mobile, mobile), gt(smsOutbox.createdAt, since)));
const credentialOf = (userId: string) => db().select().from(staffAccounts).where(eq(staffAccounts.userId, userId));

/** The one answer every refused password sign-in gets. */
async function expectRefused(res: Response) {
  const error = await expectError(res, 401, 'unauthenticated');
  expect(error.message).toBe('The mobile number or the password is wrong.');
  expect(res.headers.getSetCookie()).toEqual([]);
}

describe('setting a password', () => {
  let session: Session;
  beforeAll(async () => { session = await signIn(BRANCH.mobile); });

  it('takes a code by SMS to the own mobile, then creates the credential; the password then signs in', async () => {
    expect(await credentialOf(BRANCH.id)).toEqual([]);
    await expectRefused(await signInWithPassword(BRANCH.mobile, PASSWORD));
    const since = Date.now() - 1;
    const res = await setPassword(session, BRANCH.mobile, PASSWORD);
    expect(res.status).toBe(200);
    // The code went through the same outbox and template as sign-in codes.
    expect((await sentTo(BRANCH.mobile, since)).map((m) => m.template)).toEqual(['verification_code']);
    const [credential] = await credentialOf(BRANCH.id);
    expect(credential).toMatchObject({ providerId: 'credential', accountId: BRANCH.id });
    expect(credential!.password).not.toContain(PASSWORD);

    // Audited in the user's organisation, under their grant.
    const entries = await db().select().from(auditLog).where(and(eq(auditLog.action, 'staff.password_set'), eq(auditLog.subjectId, BRANCH.id)));
    expect(entries).toEqual([expect.objectContaining({ tenantId: 'pizhou', keyId: 'sg_demo_branch', role: 'branch_secretary', userId: BRANCH.id, subjectType: 'staff_user' })]);
    expect(JSON.stringify(entries)).not.toContain(PASSWORD);

    const signedIn = await signInWithPassword(BRANCH.mobile, PASSWORD);
    expect(signedIn.status).toBe(200);
    const me = await call('/v1/me', { headers: sessionOf(signedIn).headers });
    expect(await me.json()).toMatchObject({ user: { id: BRANCH.id }, grant: 'sg_demo_branch' });
    // The session that set it goes on.
    expect((await call('/v1/me', { headers: session.headers })).status).toBe(200);
  });

  it('changes it the same way: the old one stops working', async () => {
    expect((await setPassword(session, BRANCH.mobile, 'a-newer-passphrase')).status).toBe(200);
    await expectRefused(await signInWithPassword(BRANCH.mobile, PASSWORD));
    expect((await signInWithPassword(BRANCH.mobile, 'a-newer-passphrase')).status).toBe(200);
    expect(await credentialOf(BRANCH.id)).toHaveLength(1);
  });

  it('refuses a short password, a wrong code and extra fields, changing nothing', async () => {
    const before = await credentialOf(BRANCH.id);
    await forgetCodesSent(BRANCH.mobile);
    const since = Date.now() - 1;
    expect((await postAuth('/auth/phone-number/request-password-reset', { phoneNumber: BRANCH.mobile }, session.headers)).status).toBe(200);
    const otp = await codeSent(BRANCH.mobile, since);
    const reset = (body: object) => postAuth('/auth/phone-number/reset-password', { phoneNumber: BRANCH.mobile, otp, ...body }, session.headers);
    const short = await expectError(await reset({ newPassword: 'nine-char' }), 400, 'validation_failed');
    expect(short.details).toEqual([{ path: 'newPassword', message: 'At least 10 characters.' }]);
    await expectError(await reset({ newPassword: 'x'.repeat(129) }), 400, 'validation_failed');
    await expectError(await reset({ newPassword: 'long-enough-1', rememberMe: true }), 400, 'validation_failed');
    await expectError(await reset({ newPassword: 'long-enough-1', otp: otp === '000000' ? '111111' : '000000' }), 400, 'code_incorrect');
    await expectError(await postAuth('/auth/phone-number/request-password-reset', { phoneNumber: BRANCH.mobile, x: 1 }, session.headers), 400, 'validation_failed');
    await expectError(await postAuth('/auth/sign-in/phone-number', { phoneNumber: BRANCH.mobile, password: 'a-newer-passphrase', rememberMe: false }), 400, 'validation_failed');
    expect(await credentialOf(BRANCH.id)).toEqual(before);
    // Nothing set, nothing audited: the two entries are the two passwords set above.
    expect(await db().select().from(auditLog).where(eq(auditLog.action, 'staff.password_set'))).toHaveLength(2);
  });

  it('is for a signed-in user, for their own mobile, from the own origin only', async () => {
    const since = Date.now() - 1;
    await forgetCodesSent('13900000001');
    await expectError(await postAuth('/auth/phone-number/request-password-reset', { phoneNumber: BRANCH.mobile }), 401, 'unauthenticated');
    await expectError(await postAuth('/auth/phone-number/request-password-reset', { phoneNumber: '13900000001' }, session.headers), 403, 'forbidden');
    await expectError(await postAuth('/auth/phone-number/request-password-reset', { phoneNumber: '13911112222' }, session.headers), 403, 'forbidden');
    await expectError(await postAuth('/auth/phone-number/reset-password', { phoneNumber: '13900000001', otp: '123456', newPassword: 'taken-over-now' }, session.headers), 403, 'forbidden');
    await expectError(await postAuth('/auth/phone-number/request-password-reset', { phoneNumber: BRANCH.mobile }, { ...session.headers, Origin: 'https://evil.example' }), 403, 'forbidden');
    await expectError(await postAuth('/auth/sign-in/phone-number', { phoneNumber: BRANCH.mobile, password: 'a-newer-passphrase' }, { Origin: 'https://evil.example' }), 403, 'forbidden');
    expect(await sentTo('13900000001', since)).toEqual([]);
    expect(await sentTo(BRANCH.mobile, since)).toEqual([]);
    expect(await credentialOf('su_demo_admin')).toEqual([]);
  });

  it('counts its codes against the same per-number limits as sign-in codes', async () => {
    await forgetCodesSent(BRANCH.mobile);
    expect((await postAuth('/auth/phone-number/request-password-reset', { phoneNumber: BRANCH.mobile }, session.headers)).status).toBe(200);
    await expectError(await postAuth('/auth/phone-number/send-otp', { phoneNumber: BRANCH.mobile }), 429, 'rate_limited');
    await expectError(await postAuth('/auth/phone-number/request-password-reset', { phoneNumber: BRANCH.mobile }, session.headers), 429, 'rate_limited');
  });
});

describe('sign-in codes per number', () => {
  it('stay counted when a wrong code is tried in between (better-auth then rewrites its own code rows)', async () => {
    const mobile = '13900000006';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      // A minute on between tries, so that the hourly limit is the one reached.
      await db().update(staffVerifications).set({ createdAt: new Date(Date.now() - (6 - i) * 61_000 - 600_000) })
        .where(eq(staffVerifications.identifier, signInCodeIdentifier(mobile)));
      const sent = await postAuth('/auth/phone-number/send-otp', { phoneNumber: mobile });
      statuses.push(sent.status);
      await postAuth('/auth/phone-number/verify', { phoneNumber: mobile, code: '000000' });
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('are counted as they are taken: of three asked for at once, one is sent', async () => {
    const answers = await Promise.all([0, 1, 2].map(() => postAuth('/auth/phone-number/send-otp', { phoneNumber: '13911116666' })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 429, 429]);
  });

  it('start again once a code is used rightly', async () => {
    const mobile = '13900000007';
    await signIn(mobile);
    // No minute to wait: the code sent for that sign-in no longer counts.
    expect((await postAuth('/auth/phone-number/send-otp', { phoneNumber: mobile })).status).toBe(200);
    await expectError(await postAuth('/auth/phone-number/send-otp', { phoneNumber: mobile }), 429, 'rate_limited');
  });
});

describe('signing in with a password', () => {
  it('locks a number after five wrong passwords in 15 minutes, the right one included, until the window passes', async () => {
    const mobile = '13900000002';
    expect((await setPassword(await signIn(mobile), mobile, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 5; i++) await expectRefused(await signInWithPassword(mobile, `wrong-guess-${i}`));
    const locked = await signInWithPassword(mobile, PASSWORD);
    await expectError(locked, 429, 'rate_limited');
    expect(Number(locked.headers.get('Retry-After'))).toBeGreaterThan(14 * 60);
    // Another number is not locked by it.
    await expectRefused(await signInWithPassword('13900000001', PASSWORD));
    // A quarter of an hour later, the right password signs in, and the count starts again.
    await db().update(staffVerifications).set({ createdAt: new Date(Date.now() - PASSWORD_LOCK_MS - 1) })
      .where(eq(staffVerifications.identifier, passwordFailureIdentifier(mobile)));
    expect((await signInWithPassword(mobile, PASSWORD)).status).toBe(200);
    expect(await db().select().from(staffVerifications).where(eq(staffVerifications.identifier, passwordFailureIdentifier(mobile)))).toEqual([]);
  });

  it('locks unknown numbers alike, so the lock tells nothing', async () => {
    for (let i = 0; i < 5; i++) await expectRefused(await signInWithPassword('13911113333', `guess-${i}-abcdef`));
    await expectError(await signInWithPassword('13911113333', 'guess-5-abcdef'), 429, 'rate_limited');
  });

  it('counts guesses sent at once: five are tried, the rest refused', async () => {
    const mobile = '13911115555';
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => signInWithPassword(mobile, `parallel-guess-${i}`)));
    expect(answers.map((r) => r.status).sort()).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });

  it('answers a number without an account, or without a password, as a wrong password', async () => {
    await expectRefused(await signInWithPassword('13911112222', PASSWORD));
    await expectRefused(await signInWithPassword('13900000007', PASSWORD));
  });

  it('refuses a deactivated user with the right password, as codes refuse them', async () => {
    const mobile = '13900000003';
    const session = await signIn(mobile);
    expect((await setPassword(session, mobile, PASSWORD)).status).toBe(200);
    await db().update(staffUsers).set({ deactivatedAt: Date.now() }).where(eq(staffUsers.id, 'su_demo_village'));
    await expectRefused(await signInWithPassword(mobile, PASSWORD));
    // Nor can the deactivated user's session still set a password.
    await expectError(await postAuth('/auth/phone-number/request-password-reset', { phoneNumber: mobile }, session.headers), 403, 'forbidden');
    await db().update(staffUsers).set({ deactivatedAt: null }).where(eq(staffUsers.id, 'su_demo_village'));
    expect((await signInWithPassword(mobile, PASSWORD)).status).toBe(200);
  });

  it('lets a user without live grants in only as far as a code does: /v1 refuses the session', async () => {
    const mobile = '13900000004';
    expect((await setPassword(await signIn(mobile), mobile, PASSWORD)).status).toBe(200);
    await db().update(staffGrants).set({ revokedAt: Date.now() }).where(eq(staffGrants.userId, 'su_demo_committee'));
    const byPassword = sessionOf(await signInWithPassword(mobile, PASSWORD));
    const byCode = await signIn(mobile);
    await expectError(await call('/v1/me', { headers: byPassword.headers }), 403, 'forbidden');
    await expectError(await call('/v1/me', { headers: byCode.headers }), 403, 'forbidden');
  });

  it('is limited per address too, across numbers', async () => {
    const from = { 'CF-Connecting-IP': '192.0.2.91' };
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await signInWithPassword(`139111140${String(i).padStart(2, '0')}`, 'a-guessed-password', from)).status);
    // vitest.config.ts allows 20 a minute.
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });

  it('needs JSON from the own origin', async () => {
    await expectError(await call('/auth/sign-in/phone-number', {
      method: 'POST', body: `phoneNumber=${BRANCH.mobile}&password=x`, headers: { Origin: consoleOrigin, 'Content-Type': 'application/x-www-form-urlencoded' },
    }), 415, 'unsupported_media_type');
    await expectError(await postAuth('/auth/sign-in/phone-number', { phoneNumber: BRANCH.mobile, password: '' }), 400, 'validation_failed');
    await expectError(await call('/auth/sign-in/phone-number', { method: 'GET' }), 405, 'validation_failed');
  });
});
