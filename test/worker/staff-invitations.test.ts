// Inviting staff: who may invite whom, the one-time link, and the grant reaching only the invited
// mobile, once, before it expires.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, staffInvitations, staffUsers, tenants, type Me, type StaffInvitation } from '../../schema/index.ts';
import { call, db, expectError, seed } from './helpers.ts';
import { consoleOrigin, signIn, type Session } from './staff-helpers.ts';

let admin: Session;
let committee: Session;
beforeAll(async () => {
  await seed();
  admin = await signIn('13900000001');
  committee = await signIn('13900000004');
});

const invite = (session: Session, body: unknown) => call('/v1/staff/invitations', {
  method: 'POST', headers: { ...session.headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
});
const accept = (session: Session, token: string) => call('/auth/invitations/accept', {
  method: 'POST', headers: { ...session.headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ token }),
});
const tokenOf = (i: StaffInvitation) => i.link.split('#/invite/')[1]!;
const me = (session: Session) => call('/v1/me', { headers: session.headers });

describe('an invitation', () => {
  it('gives its grant to whoever signs in with the invited mobile, once, and is audited both ways', async () => {
    const res = await invite(admin, { name: '港上北村 新干事', mobile: '13900000201', role: 'village_staff', scopeNodeId: 'hu_gangshang_bei' });
    expect(res.status).toBe(201);
    const invitation = await res.json<StaffInvitation>();
    expect(invitation.link).toMatch(new RegExp(`^${consoleOrigin}/console/#/invite/[A-Za-z0-9_-]{43}$`));
    // Only its hash is kept.
    const [row] = await db().select().from(staffInvitations).where(eq(staffInvitations.id, invitation.id));
    expect(JSON.stringify(row)).not.toContain(tokenOf(invitation));

    // The invitee can sign in (the account exists) but can do nothing until accepting.
    const invitee = await signIn('13900000201');
    await expectError(await me(invitee), 403, 'forbidden');
    // Someone else's session cannot take it.
    await expectError(await accept(committee, tokenOf(invitation)), 404, 'not_found');
    const accepted = await accept(invitee, tokenOf(invitation));
    expect(accepted.status).toBe(200);
    const mine = await (await me(invitee)).json<Me>();
    expect(mine.grants).toEqual([expect.objectContaining({ role: 'village_staff', scopeNode: expect.objectContaining({ id: 'hu_gangshang_bei' }) })]);
    // The answer names the grant, for the console to act through it.
    expect(await accepted.json()).toEqual({ id: mine.grants[0]!.id, role: 'village_staff', scopeNodeId: 'hu_gangshang_bei' });
    // Once only.
    await expectError(await accept(invitee, tokenOf(invitation)), 404, 'not_found');

    const entries = await db().select().from(auditLog).where(eq(auditLog.subjectType, 'staff_user'));
    expect(entries.map((e) => [e.action, e.userId])).toEqual(expect.arrayContaining([
      ['staff.invite', 'su_demo_admin'], ['staff.accept', mine.user.id],
    ]));
  });

  it('expires after a week', async () => {
    const invitation = await (await invite(admin, { name: '过期', mobile: '13900000202', role: 'town_staff', scopeNodeId: 'hu_gangshang' })).json<StaffInvitation>();
    await db().update(staffInvitations).set({ expiresAt: Date.now() - 1 }).where(eq(staffInvitations.id, invitation.id));
    const invitee = await signIn('13900000202');
    await expectError(await accept(invitee, tokenOf(invitation)), 404, 'not_found');
    await expectError(await me(invitee), 403, 'forbidden');
  });

  it('needs a signed-in session from the console', async () => {
    const invitation = await (await invite(admin, { name: '无会话', mobile: '13900000203', role: 'town_staff', scopeNodeId: 'hu_gangshang' })).json<StaffInvitation>();
    await expectError(await call('/auth/invitations/accept', {
      method: 'POST', headers: { Origin: consoleOrigin, 'Content-Type': 'application/json' }, body: JSON.stringify({ token: tokenOf(invitation) }),
    }), 401, 'unauthenticated');
    const invitee = await signIn('13900000203');
    await expectError(await call('/auth/invitations/accept', {
      method: 'POST', headers: { ...invitee.headers, Origin: 'https://evil.example', 'Content-Type': 'application/json' }, body: JSON.stringify({ token: tokenOf(invitation) }),
    }), 403, 'forbidden');
    const [row] = await db().select().from(staffInvitations).where(and(eq(staffInvitations.id, invitation.id)));
    expect(row!.acceptedAt).toBeNull();
  });
});

describe('who may invite whom', () => {
  it('lets a committee secretary invite the secretaries of its own branches only', async () => {
    expect((await invite(committee, { name: '园区 书记', mobile: '13900000211', role: 'branch_secretary', scopeNodeId: 'br_sz_sip' })).status).toBe(201);
    await expectError(await invite(committee, { name: '常州 书记', mobile: '13900000212', role: 'branch_secretary', scopeNodeId: 'br_cz_lingjiatang' }), 403, 'forbidden');
    await expectError(await invite(committee, { name: '镇干事', mobile: '13900000213', role: 'town_staff', scopeNodeId: 'hu_gangshang' }), 403, 'forbidden');
    await expectError(await invite(committee, { name: '管理员', mobile: '13900000214', role: 'home_admin', scopeNodeId: null }), 403, 'forbidden');
  });

  it('refuses everyone else, a node that does not fit the role, and a mobile of another organisation', async () => {
    const branch = await signIn('13900000005');
    await expectError(await invite(branch, { name: 'x', mobile: '13900000221', role: 'branch_secretary', scopeNodeId: 'br_cz_lingjiatang' }), 403, 'forbidden');
    await expectError(await invite(admin, { name: 'x', mobile: '13900000222', role: 'town_staff', scopeNodeId: 'br_cz_lingjiatang' }), 400, 'validation_failed');
    await expectError(await invite(admin, { name: 'x', mobile: '13900000223', role: 'home_admin', scopeNodeId: 'hu_gangshang' }), 400, 'validation_failed');
    await expectError(await invite(admin, { name: 'x', mobile: '12345', role: 'town_staff', scopeNodeId: 'hu_gangshang' }), 400, 'validation_failed');
    await db().insert(tenants).values({ id: 'elsewhere', nameZh: '别处', nameEn: 'Elsewhere' }).onConflictDoNothing();
    const now = new Date();
    await db().insert(staffUsers).values({
      id: 'su_elsewhere', tenantId: 'elsewhere', name: 'x', email: 'su_elsewhere@staff.invalid', phoneNumber: '13900000224', createdAt: now, updatedAt: now,
    });
    await expectError(await invite(admin, { name: 'x', mobile: '13900000224', role: 'town_staff', scopeNodeId: 'hu_gangshang' }), 409, 'conflict');
  });
});
