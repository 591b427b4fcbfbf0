// Staff accounts for the console: the people behind the roles that keys also have. The first
// four tables are better-auth's models (user, session, account, verification); their property
// names are the ones better-auth asks for, the columns are ours. Times are unix milliseconds.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { roles, tenants } from './tables.ts';

const ms = (name: string) => integer(name, { mode: 'timestamp_ms' });

/** A staff member. Signs in with `phoneNumber` (an 11-digit mainland mobile) and an SMS code. */
export const staffUsers = sqliteTable('staff_users', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  name: text('name').notNull(),
  /** better-auth requires one; staff without an address get `<id>@staff.invalid`, never mailed. */
  email: text('email').notNull().unique(),
  emailVerified: integer('email_verified', { mode: 'boolean' }).notNull().default(false),
  image: text('image'),
  phoneNumber: text('phone_number').unique(),
  phoneNumberVerified: integer('phone_number_verified', { mode: 'boolean' }).notNull().default(false),
  /** Set to take every grant away at once: the next request of any of their sessions is refused. */
  deactivatedAt: integer('deactivated_at'),
  createdAt: ms('created_at').notNull(),
  updatedAt: ms('updated_at').notNull(),
});

/** A signed-in browser. The cookie holds the token, signed; listed and revocable. */
export const staffSessions = sqliteTable('staff_sessions', {
  id: text('id').primaryKey(),
  token: text('token').notNull().unique(),
  userId: text('user_id').notNull().references(() => staffUsers.id),
  expiresAt: ms('expires_at').notNull(),
  ipAddress: text('ip_address'),
  userAgent: text('user_agent'),
  createdAt: ms('created_at').notNull(),
  updatedAt: ms('updated_at').notNull(),
}, (t) => [index('staff_sessions_user').on(t.userId)]);

/** Ways to sign in besides the SMS code: a password (`providerId` = 'credential'), hashed by better-auth. */
export const staffAccounts = sqliteTable('staff_accounts', {
  id: text('id').primaryKey(),
  accountId: text('account_id').notNull(),
  providerId: text('provider_id').notNull(),
  userId: text('user_id').notNull().references(() => staffUsers.id),
  accessToken: text('access_token'),
  refreshToken: text('refresh_token'),
  idToken: text('id_token'),
  accessTokenExpiresAt: ms('access_token_expires_at'),
  refreshTokenExpiresAt: ms('refresh_token_expires_at'),
  scope: text('scope'),
  password: text('password'),
  createdAt: ms('created_at').notNull(),
  updatedAt: ms('updated_at').notNull(),
}, (t) => [index('staff_accounts_user').on(t.userId)]);

/**
 * SMS sign-in codes while they are live (better-auth's `verification`), and Ginkgo's per-number
 * ledgers of codes sent and wrong passwords (worker/src/staff/sign-in-limits.ts); purged daily.
 */
export const staffVerifications = sqliteTable('staff_verifications', {
  id: text('id').primaryKey(),
  identifier: text('identifier').notNull(),
  value: text('value').notNull(),
  expiresAt: ms('expires_at').notNull(),
  createdAt: ms('created_at').notNull(),
  updatedAt: ms('updated_at').notNull(),
}, (t) => [index('staff_verifications_identifier').on(t.identifier, t.createdAt)]);

/**
 * What a staff member may do: a role at a node, exactly as a secret key has one. A session acts
 * through one grant at a time; revoking it takes effect on that session's next request.
 */
export const staffGrants = sqliteTable('staff_grants', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  userId: text('user_id').notNull().references(() => staffUsers.id),
  role: text('role', { enum: roles }).notNull(),
  scopeNodeId: text('scope_node_id'),
  /** The grant or key that made it (an invitation accepted names the inviter's). */
  createdBy: text('created_by').notNull(),
  createdAt: integer('created_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  revokedAt: integer('revoked_at'),
}, (t) => [
  index('staff_grants_user').on(t.userId),
  // Who holds a role at a node: a village's candidates for its contact person, a lost-contact
  // case's assignees (data/lost-contact-changes.ts).
  index('staff_grants_node').on(t.tenantId, t.role, t.scopeNodeId),
  // One live grant per role and node for a user.
  uniqueIndex('staff_grants_live').on(t.userId, t.role, t.scopeNodeId).where(sql`revoked_at is null`),
]);

/**
 * An invitation: a one-time link (its token stored only as a SHA-256) that makes, or adds a grant
 * to, the staff user with this mobile. Accepted once, or never after `expiresAt`.
 */
export const staffInvitations = sqliteTable('staff_invitations', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  tokenHash: text('token_hash').notNull().unique(),
  name: text('name').notNull(),
  phoneNumber: text('phone_number').notNull(),
  role: text('role', { enum: roles }).notNull(),
  scopeNodeId: text('scope_node_id'),
  invitedBy: text('invited_by').notNull(),
  createdAt: integer('created_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  expiresAt: integer('expires_at').notNull(),
  acceptedAt: integer('accepted_at'),
}, (t) => [index('staff_invitations_tenant').on(t.tenantId, t.createdAt)]);
