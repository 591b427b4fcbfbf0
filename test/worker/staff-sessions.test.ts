// Staff sign-in by SMS code (better-auth behind the /auth gate) and console sessions as callers of
// the API: the cookie's attributes, the origin rule, scope, audit, and losing access at once.
import { and, desc, eq, gt } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, smsOutbox, staffGrants, staffUsers, type CheckIn, type Me } from '../../schema/index.ts';
import { call, db, expectError, seed } from './helpers.ts';
import { consoleOrigin, signIn, type Session } from './staff-helpers.ts';

const BRANCH_SECRETARY = '13900000005';

beforeAll(async () => { await seed(); });

const outboxSince = (mobile: string, since: number) => db().select().from(smsOutbox)
  .where(and(eq(smsOutbox.mobile, mobile), gt(smsOutbox.createdAt, since))).orderBy(desc(smsOutbox.id));
const post = (path: string, body: unknown, headers: Record<string, string> = {}) => call(path, {
  method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', Origin: consoleOrigin, ...headers },
});

describe('signing in', () => {
  it('sends a code to a staff mobile and opens a session in a Secure, HttpOnly, SameSite=Strict cookie', async () => {
    const session = await signIn(BRANCH_SECRETARY);
    expect(session.setCookie).toMatch(/^__Secure-ginkgo\.session_token=/);
    expect(session.setCookie).toMatch(/; HttpOnly/i);
    expect(session.setCookie).toMatch(/; Secure/i);
    expect(session.setCookie).toMatch(/; SameSite=Strict/i);
    expect(session.setCookie).toMatch(/; Path=\//i);
    const me = await (await call('/v1/me', { headers: session.headers })).json<Me>();
    expect(me.user).toMatchObject({ id: 'su_demo_branch', mobile: BRANCH_SECRETARY });
    expect(me.grants).toEqual([{ id: 'sg_demo_branch', role: 'branch_secretary', scopeNode: { id: 'br_cz_lingjiatang', name: expect.objectContaining({ zh: expect.any(String) }) } }]);
    expect(me.grant).toBe('sg_demo_branch');
  });

  it('answers a number without an account the same, and sends it nothing', async () => {
    const since = Date.now() - 1;
    const res = await post('/auth/phone-number/send-otp', { phoneNumber: '13911112222' });
    expect(res.status).toBe(200);
    expect(await outboxSince('13911112222', since)).toEqual([]);
    // Nor can a guessed code open anything for it.
    await expectError(await post('/auth/phone-number/verify', { phoneNumber: '13911112222', code: '123456' }), 400, 'code_incorrect');
  });

  it('refuses a wrong code, a second code within the minute, and bad bodies, in the API envelope', async () => {
    const mobile = '13900000003';
    expect((await post('/auth/phone-number/send-otp', { phoneNumber: mobile })).status).toBe(200);
    const again = await post('/auth/phone-number/send-otp', { phoneNumber: mobile });
    await expectError(again, 429, 'rate_limited');
    expect(Number(again.headers.get('Retry-After'))).toBeGreaterThan(0);
    await expectError(await post('/auth/phone-number/verify', { phoneNumber: mobile, code: '000000' }), 400, 'code_incorrect');
    await expectError(await post('/auth/phone-number/send-otp', { phoneNumber: '12345' }), 400, 'validation_failed');
    // better-auth's other switches stay out of reach: no phone number change, no sign-up.
    await expectError(await post('/auth/phone-number/verify', { phoneNumber: mobile, code: '000000', updatePhoneNumber: true }), 400, 'validation_failed');
    await expectError(await post('/auth/sign-up/email', { email: 'a@b.c', password: 'x'.repeat(12), name: 'x' }), 404, 'not_found');
    await expectError(await call('/auth/phone-number/send-otp', {
      method: 'POST', body: 'phoneNumber=13900000003', headers: { Origin: consoleOrigin, 'Content-Type': 'application/x-www-form-urlencoded' },
    }), 415, 'unsupported_media_type');
  });

  it('refuses sign-in requests from another origin', async () => {
    await expectError(await post('/auth/phone-number/send-otp', { phoneNumber: '13900000004' }, { Origin: 'https://evil.example' }), 403, 'forbidden');
  });
});

describe('a session as a caller', () => {
  let session: Session;
  beforeAll(async () => { session = await signIn(BRANCH_SECRETARY); });

  it("sees what its grant's role sees: the branch's check-ins only", async () => {
    const res = await call('/v1/check-ins?limit=100', { headers: session.headers });
    expect(res.status).toBe(200);
    const { data } = await res.json<{ data: CheckIn[] }>();
    expect(data.every((c) => c.branch.id === 'br_cz_lingjiatang')).toBe(true);
    // A home admin's route stays closed to it, as to a branch secretary's key.
    await expectError(await call('/v1/audit', { headers: session.headers }), 403, 'forbidden');
  });

  it('is audited with the user as the actor', async () => {
    const res = await call('/v1/members?limit=5', { headers: session.headers });
    expect(res.status).toBe(200);
    const requestId = res.headers.get('X-Request-Id')!;
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.requestId, requestId));
    expect(entry).toMatchObject({ action: 'member.list', keyId: 'sg_demo_branch', userId: 'su_demo_branch', role: 'branch_secretary' });
  });

  it('is refused from another origin, and for a change without an Origin header', async () => {
    const elsewhere = await call('/v1/check-ins', { headers: { ...session.headers, Origin: 'https://evil.example' } });
    // A 403 carries the calling page's origin, but never Allow-Credentials: a browser hides the
    // answer to a request that sent the cookie, so another site learns nothing about the session.
    expect(elsewhere.headers.get('Access-Control-Allow-Credentials')).toBeNull();
    await expectError(elsewhere, 403, 'forbidden');
    const { Origin: _, ...withoutOrigin } = session.headers;
    await expectError(await call('/v1/check-ins/ci_none/reject', {
      method: 'POST', body: JSON.stringify({ reason: 'x' }), headers: { ...withoutOrigin, 'Content-Type': 'application/json' },
    }), 403, 'forbidden');
  });

  it('acts through a grant it holds only', async () => {
    await expectError(await call('/v1/me', { headers: { ...session.headers, 'X-Ginkgo-Grant': 'sg_demo_admin' } }), 403, 'forbidden');
    // A link opened in a new tab names the grant in the query (a GET only), held or refused alike.
    await expectError(await call('/v1/me?grant=sg_demo_admin', { headers: session.headers }), 403, 'forbidden');
    const own = await call('/v1/me?grant=sg_demo_branch', { headers: session.headers });
    expect((await own.json<{ grant: string }>()).grant).toBe('sg_demo_branch');
  });

  it('keys have no signed-in user', async () => {
    await expectError(await call('/v1/me', { headers: { Authorization: 'Bearer sk_test_pizhou_admin' } }), 403, 'forbidden');
  });
});

describe('losing access', () => {
  it('ends with a revoked grant, a deactivated user, signing out, and signing out everywhere, on the next request', async () => {
    const first = await signIn('13900000002');
    expect((await call('/v1/me', { headers: first.headers })).status).toBe(200);
    await db().update(staffGrants).set({ revokedAt: Date.now() }).where(eq(staffGrants.id, 'sg_demo_town'));
    await expectError(await call('/v1/me', { headers: first.headers }), 403, 'forbidden');
    await db().update(staffGrants).set({ revokedAt: null }).where(eq(staffGrants.id, 'sg_demo_town'));
    expect((await call('/v1/me', { headers: first.headers })).status).toBe(200);

    await db().update(staffUsers).set({ deactivatedAt: Date.now() }).where(eq(staffUsers.id, 'su_demo_town'));
    await expectError(await call('/v1/me', { headers: first.headers }), 403, 'forbidden');
    await db().update(staffUsers).set({ deactivatedAt: null }).where(eq(staffUsers.id, 'su_demo_town'));

    const second = await signIn('13900000002');
    expect((await post('/auth/sign-out', {}, second.headers)).status).toBe(200);
    await expectError(await call('/v1/me', { headers: second.headers }), 401, 'unauthenticated');
    expect((await call('/v1/me', { headers: first.headers })).status).toBe(200);

    expect((await post('/auth/revoke-sessions', {}, first.headers)).status).toBe(200);
    await expectError(await call('/v1/me', { headers: first.headers }), 401, 'unauthenticated');
  });
});

describe('limits per address', () => {
  it('refuses sign-in requests beyond the per-address limit, with Retry-After', async () => {
    const from = { 'CF-Connecting-IP': '192.0.2.77' };
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await post('/auth/phone-number/verify', { phoneNumber: '13911110000', code: '123456' }, from);
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get('Retry-After')).toBe('60');
    }
    // vitest.config.ts allows 20 a minute.
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });
});
