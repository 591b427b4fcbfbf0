// Invitations: how a staff member gets a grant. The home admin invites anyone; a committee
// secretary invites the secretaries of the committee's branches. An invitation is a one-time link
// (its token kept only as a SHA-256) that gives its grant to whoever signs in with the invited
// mobile before it expires. The staff user exists from the invitation on, so that the invitee can
// be sent a sign-in code; without a grant the account can do nothing.
import { and, eq, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import {
  auditLog, staffGrants, staffInvitations, staffUsers, type Role, type StaffInvitation, type StaffInvitationCreate,
} from '../../../schema/index.ts';
import { auditEntry } from '../access/audit.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { HttpError } from '../errors.ts';
import { newId, sha256Hex } from '../lib/crypto.ts';
import { nodeExists, nodeWithin } from './keys.ts';

/** An invitation link works for a week. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const invalid = (path: string, message: string) =>
  new HttpError(400, 'validation_failed', 'Some parameters are invalid.', [{ path, message }]);

/** 32 random bytes, base64url: 43 characters. */
function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** Whether the caller may invite someone as `role` at `node`: the home admin anyone, a committee secretary its branches' secretaries. */
async function assertMayInvite(c: Context<AppEnv>, role: Role, node: string | null): Promise<void> {
  const caller = c.var.key;
  const db = database(c.env.DB);
  if (role === 'home_admin' ? node !== null : node === null) {
    throw invalid('scopeNodeId', role === 'home_admin' ? 'A home admin has no node.' : `The role ${role} needs a node.`);
  }
  if (role !== 'home_admin' && !(await nodeExists(db, caller.tenantId, role, node!))) {
    throw invalid('scopeNodeId', `No node ${node} for the role ${role} in this tenant.`);
  }
  if (caller.role === 'home_admin' && caller.scopeNodeId === null) return;
  const mayInvite = caller.role === 'committee_secretary' && role === 'branch_secretary' && caller.scopeNodeId !== null
    && (await nodeWithin(db, caller.tenantId, caller.role, caller.scopeNodeId, role, node!));
  if (!mayInvite) throw new HttpError(403, 'forbidden', 'You may invite only the secretaries of your own branches.');
}

export async function createInvitation(c: Context<AppEnv>, input: StaffInvitationCreate & { scopeNodeId: string | null }): Promise<StaffInvitation> {
  const caller = c.var.key;
  await assertMayInvite(c, input.role, input.scopeNodeId);
  const db = database(c.env.DB);
  const [existing] = await db.select({ id: staffUsers.id, tenantId: staffUsers.tenantId }).from(staffUsers)
    .where(eq(staffUsers.phoneNumber, input.mobile)).limit(1);
  if (existing && existing.tenantId !== caller.tenantId) {
    throw new HttpError(409, 'conflict', 'This mobile belongs to a staff account of another organisation.');
  }
  const userId = existing?.id ?? newId('su');
  const token = newToken();
  const id = newId('si');
  const now = Date.now();
  const expiresAt = now + INVITATION_TTL_MS;
  const at = new Date(now);
  await db.batch([
    db.insert(staffUsers).values({
      id: userId, tenantId: caller.tenantId, name: input.name, email: `${userId}@staff.invalid`, phoneNumber: input.mobile, createdAt: at, updatedAt: at,
    }).onConflictDoNothing(),
    db.insert(staffInvitations).values({
      id, tenantId: caller.tenantId, tokenHash: await sha256Hex(token), name: input.name, phoneNumber: input.mobile,
      role: input.role, scopeNodeId: input.scopeNodeId, invitedBy: caller.id, createdAt: now, expiresAt,
    }),
    auditEntry(c, { action: 'staff.invite', subjectType: 'staff_user', subjectId: userId, detail: { invitation: id, role: input.role, scopeNodeId: input.scopeNodeId } }),
  ]);
  const link = `${c.env.CONSOLE_ORIGIN?.trim() || new URL(c.req.url).origin}/console/#/invite/${token}`;
  return { id, name: input.name, mobile: input.mobile, role: input.role, scopeNodeId: input.scopeNodeId, expiresAt, link };
}

/**
 * Gives the signed-in user the grant of the invitation `token`, once: only for the invited
 * mobile, before it expires. One batch: the invitation is spent, the grant made (unless the user
 * holds it already) and the acceptance audited, or nothing is.
 */
export async function acceptInvitation(d1: D1Database, user: { id: string; tenantId: string; phoneNumber: string | null }, token: string, requestId: string) {
  const db = database(d1);
  const now = Date.now();
  const tokenHash = await sha256Hex(token);
  const grantId = newId('sg');
  const spent = and(eq(staffInvitations.tokenHash, tokenHash), eq(staffInvitations.acceptedAt, now));
  const [claimed] = await db.batch([
    db.update(staffInvitations).set({ acceptedAt: now }).where(and(
      eq(staffInvitations.tokenHash, tokenHash), sql`${staffInvitations.acceptedAt} is null`, sql`${staffInvitations.expiresAt} > ${now}`,
      eq(staffInvitations.tenantId, user.tenantId), eq(staffInvitations.phoneNumber, user.phoneNumber ?? ''),
    )).returning({ id: staffInvitations.id, role: staffInvitations.role, scopeNodeId: staffInvitations.scopeNodeId }),
    db.insert(staffGrants).select(db.select({
      id: sql<string>`${grantId}`.as('id'), tenantId: staffInvitations.tenantId, userId: sql<string>`${user.id}`.as('user_id'),
      role: staffInvitations.role, scopeNodeId: staffInvitations.scopeNodeId, createdBy: staffInvitations.invitedBy,
      createdAt: sql<number>`${now}`.as('created_at'), revokedAt: sql<null>`null`.as('revoked_at'),
    }).from(staffInvitations).where(spent)).onConflictDoNothing(),
    db.insert(auditLog).select(db.select({
      id: sql<null>`null`.as('id'), tenantId: staffInvitations.tenantId, at: sql<number>`${now}`.as('at'), keyId: sql<string>`${grantId}`.as('key_id'),
      role: staffInvitations.role, action: sql<string>`'staff.accept'`.as('action'), subjectType: sql<string>`'staff_user'`.as('subject_type'),
      subjectId: sql<string>`${user.id}`.as('subject_id'), requestId: sql<string>`${requestId}`.as('request_id'),
      correlationId: sql<null>`null`.as('correlation_id'), detail: sql`json_object('invitation', ${staffInvitations.id})`.as('detail'),
      userId: sql<string>`${user.id}`.as('user_id'),
    }).from(staffInvitations).where(spent)),
  ]);
  if (!claimed.length) throw new HttpError(404, 'not_found', 'This invitation is unknown, used, expired, or for another mobile.');
  const { role, scopeNodeId } = claimed[0]!;
  // The new grant, or the same one the user held already.
  const [grant] = await db.select({ id: staffGrants.id }).from(staffGrants).where(and(
    eq(staffGrants.userId, user.id), eq(staffGrants.role, role), sql`${staffGrants.scopeNodeId} is ${scopeNodeId}`, sql`${staffGrants.revokedAt} is null`,
  )).limit(1);
  return { id: grant!.id, role, scopeNodeId };
}
