// Key management, shared by the API (routes/keys.ts) and the operator command (scripts/keys.ts):
// one validation, and every change batched with its audit entry so nothing is half-done.
import { and, desc, eq, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import {
  apiKeys, ApiKeyCreate, branches, committees, homeUnits, keyScopes, partners, stations,
  type ApiKey, type ApiKeyListQueryParams, type IssuedApiKey, type Role,
} from '../../../schema/index.ts';
import { prepareKey } from '../access/keys.ts';
import { originAllowed } from '../access/api-key.ts';
import type { ResolvedKey } from '../env.ts';
import { ALL_PERMISSIONS, allows } from '../access/permissions.ts';
import type { Database } from '../db.ts';
import { HttpError, notFound } from '../errors.ts';
import { decodeCursor, encodeCursor, pageFrom } from '../lib/cursor.ts';

/** Builds the audit insert for a key change; the caller knows who acts (a key, or the operator). */
export type KeyAudit = (entry: { action: 'key.create' | 'key.rotate' | 'key.revoke'; subjectId: string; detail?: Record<string, unknown> }) => BatchItem<'sqlite'>;

type KeyRow = typeof apiKeys.$inferSelect;

/** The stored key as the API shows it: never the hash. */
export function toApiKey(r: KeyRow): ApiKey {
  return {
    id: r.id, kind: r.kind, label: r.label, prefix: r.prefix, last4: r.last4, role: r.role,
    scopeNodeId: r.scopeNodeId, scopes: r.scopes, allowedOrigins: r.allowedOrigins, serviceCategory: r.serviceCategory,
    createdAt: r.createdAt, lastUsedAt: r.lastUsedAt, revokedAt: r.revokedAt,
  };
}

const invalid = (path: string, message: string) =>
  new HttpError(400, 'validation_failed', 'Some parameters are invalid.', [{ path, message }]);

/** Whether `nodeId` is, in this tenant, the kind of node `role` is scoped to. */
export async function nodeExists(db: Database, tenantId: string, role: Exclude<Role, 'home_admin'>, nodeId: string): Promise<boolean> {
  const inTenant = (t: { tenantId: AnySQLiteColumn; id: AnySQLiteColumn }, ...more: SQL[]) =>
    and(eq(t.tenantId, tenantId), eq(t.id, nodeId), ...more);
  const query = {
    town_staff: () => db.select({ id: homeUnits.id }).from(homeUnits).where(inTenant(homeUnits, eq(homeUnits.kind, 'town'))),
    village_staff: () => db.select({ id: homeUnits.id }).from(homeUnits).where(inTenant(homeUnits, eq(homeUnits.kind, 'village'))),
    committee_secretary: () => db.select({ id: committees.id }).from(committees).where(inTenant(committees)),
    branch_secretary: () => db.select({ id: branches.id }).from(branches).where(inTenant(branches)),
    station_manager: () => db.select({ id: stations.id }).from(stations).where(inTenant(stations)),
    partner: () => db.select({ id: partners.id }).from(partners).where(inTenant(partners)),
  }[role];
  return (await query().limit(1)).length > 0;
}

const NODE_NAMES: Record<Exclude<Role, 'home_admin'>, string> = {
  town_staff: 'town', village_staff: 'village', committee_secretary: 'committee',
  branch_secretary: 'branch', station_manager: 'station', partner: 'partner',
};

/**
 * The one validation of a new key (API and operator command): the field rules of
 * `ApiKeyCreate`, scopes within the role, and a node that exists in this tenant. Throws a 400.
 */
export async function validateNewKey(db: Database, tenantId: string, input: unknown): Promise<ApiKeyCreate> {
  const parsed = ApiKeyCreate.safeParse(input);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw new HttpError(400, 'validation_failed', 'Some parameters are invalid.', details);
  }
  const k = parsed.data;
  if (k.role) {
    const role = k.role;
    const roleOnly = { id: '', tenantId, kind: 'secret' as const, role, scopeNodeId: null, scopes: null, allowedOrigins: [] };
    const beyond = k.scopes?.filter((s) => s !== 'read_only' && !allows(roleOnly, s));
    if (beyond?.length) throw invalid('scopes', `The role ${role} may not ${beyond.join(', ')}; a key cannot exceed its role.`);
    if (role !== 'home_admin' && !(await nodeExists(db, tenantId, role, k.scopeNodeId!))) {
      throw invalid('scopeNodeId', `No ${NODE_NAMES[role]} ${k.scopeNodeId} in this tenant (the role ${role} is scoped to a ${NODE_NAMES[role]}).`);
    }
  }
  return k;
}

async function getRow(db: Database, tenantId: string, id: string): Promise<KeyRow> {
  const [row] = await db.select().from(apiKeys).where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id))).limit(1);
  if (!row) throw notFound('The key');
  return row;
}

/** `test` tokens for local and test use, `live` otherwise. */
export type KeyMode = 'live' | 'test';

/** The settings of a key that decide what it can do, whether about to be created or stored. */
type KeySettings = Pick<KeyRow, 'kind' | 'role' | 'scopeNodeId' | 'scopes' | 'allowedOrigins' | 'serviceCategory'>;

const settingsOf = (k: ApiKeyCreate): KeySettings => ({
  kind: k.kind, role: k.kind === 'secret' ? (k.role ?? null) : null, scopeNodeId: k.scopeNodeId ?? null,
  scopes: k.scopes ?? null, allowedOrigins: k.allowedOrigins ?? [], serviceCategory: k.serviceCategory ?? null,
});

const beyond = (why: string) => new HttpError(403, 'forbidden', `This key may not create or rotate a key wider than itself: ${why}.`);

/** Whether a key at `node` with `role` is in the subtree of a key at `callerNode` with `callerRole`. */
export async function nodeWithin(db: Database, tenantId: string, callerRole: Role, callerNode: string, role: Role, node: string): Promise<boolean> {
  if (role === callerRole && node === callerNode) return true;
  // Every role by name: a new role fails the type check here until its subtree is said.
  switch (callerRole) {
    case 'town_staff': {
      if (role !== 'village_staff') return false;
      const [unit] = await db.select({ parentId: homeUnits.parentId }).from(homeUnits)
        .where(and(eq(homeUnits.tenantId, tenantId), eq(homeUnits.id, node))).limit(1);
      return unit?.parentId === callerNode;
    }
    case 'committee_secretary': {
      if (role !== 'branch_secretary' && role !== 'station_manager') return false;
      const table = role === 'branch_secretary' ? branches : stations;
      const [row] = await db.select({ committeeId: table.committeeId }).from(table)
        .where(and(eq(table.tenantId, tenantId), eq(table.id, node))).limit(1);
      return row?.committeeId === callerNode;
    }
    // A home admin reaches the whole tenant and is not asked; the rest have nothing below them.
    case 'home_admin': case 'village_staff': case 'branch_secretary': case 'station_manager': case 'partner':
      return false;
    default: {
      const unreachable: never = callerRole;
      throw new Error(`No subtree rule for role ${String(unreachable)}`);
    }
  }
}

/** Whether every origin pattern in `wanted` is one `allowed` already accepts (a `:*` pattern only as itself). */
const originsWithin = (wanted: readonly string[], allowed: readonly string[]) =>
  wanted.every((o) => allowed.includes(o) || (!o.endsWith(':*') && originAllowed(o, allowed)));

/**
 * No key may create, or take over by rotating, a key wider than itself (403): every permission
 * the key would have (a publishable key's abilities included) must be the caller's; its node
 * must be in the caller's subtree (a key without one, home admin or publishable, reaches the
 * whole tenant); a partner's service category must be the caller's own; and an origin-bound
 * caller may only issue keys bound to origins it accepts itself.
 */
export async function assertWithinCaller(db: Database, caller: ResolvedKey, k: KeySettings): Promise<void> {
  const issued: ResolvedKey = { ...k, id: '', tenantId: caller.tenantId };
  const more = ALL_PERMISSIONS.filter((p) => allows(issued, p) && !allows(caller, p));
  if (more.length) throw beyond(`it could ${more.join(', ')}`);
  const wholeTenant = caller.scopeNodeId === null && (caller.kind === 'publishable' || caller.role === 'home_admin');
  if (!wholeTenant) {
    if (caller.kind !== 'secret' || caller.role === null || caller.scopeNodeId === null) throw beyond('this key reaches no node');
    if (k.kind !== 'secret' || k.role === null || k.scopeNodeId === null) throw beyond('that key would reach the whole tenant');
    if (!(await nodeWithin(db, caller.tenantId, caller.role, caller.scopeNodeId, k.role, k.scopeNodeId))) {
      throw beyond(`${k.scopeNodeId} is not within ${caller.scopeNodeId}`);
    }
    if (caller.role === 'partner' && k.serviceCategory !== null && k.serviceCategory !== (caller.serviceCategory ?? null)) {
      throw beyond(`it would read ${k.serviceCategory} requests`);
    }
  }
  if (caller.kind === 'publishable' || caller.allowedOrigins.length > 0) {
    if (k.kind !== 'publishable' || !originsWithin(k.allowedOrigins, caller.allowedOrigins)) throw beyond('its origins are not all this key\'s');
  }
}

/** `caller`: the key asking (the API); none for the operator command. */
export async function createKey(
  db: Database, tenantId: string, input: unknown, mode: KeyMode, audit: KeyAudit, caller?: ResolvedKey,
): Promise<IssuedApiKey> {
  const k = await validateNewKey(db, tenantId, input);
  if (caller) await assertWithinCaller(db, caller, settingsOf(k));
  const { token, row } = await prepareKey({ ...k, tenantId, mode });
  const [inserted] = await db.batch([
    db.insert(apiKeys).values(row).returning(),
    audit({ action: 'key.create', subjectId: row.id, detail: { kind: k.kind, role: k.role ?? null, scopeNodeId: k.scopeNodeId ?? null, serviceCategory: k.serviceCategory ?? null, label: k.label } }),
  ]);
  return { ...toApiKey(inserted[0]!), token };
}

/** A new token with the same settings; the old one is revoked in the same batch. */
export async function rotateKey(db: Database, tenantId: string, id: string, audit: KeyAudit, caller?: ResolvedKey): Promise<IssuedApiKey> {
  const old = await getRow(db, tenantId, id);
  if (caller) await assertWithinCaller(db, caller, old);
  if (old.revokedAt !== null) throw new HttpError(409, 'conflict', 'This key is revoked; create a new key instead of rotating it.');
  const mode: KeyMode = old.prefix.endsWith('_test_') ? 'test' : 'live';
  const { token, row } = await prepareKey({ ...old, mode });
  const now = Date.now();
  const [inserted] = await db.batch([
    db.insert(apiKeys).values(row).returning(),
    db.update(apiKeys).set({ revokedAt: now }).where(and(eq(apiKeys.id, old.id), isNull(apiKeys.revokedAt))),
    audit({ action: 'key.rotate', subjectId: old.id, detail: { newKeyId: row.id } }),
  ]);
  return { ...toApiKey(inserted[0]!), token };
}

/** Idempotent: a revoked key is returned as it is. `callerKeyId` may not revoke itself (409). */
export async function revokeKey(db: Database, tenantId: string, id: string, audit: KeyAudit, callerKeyId?: string): Promise<ApiKey> {
  const row = await getRow(db, tenantId, id);
  if (row.revokedAt !== null) return toApiKey(row);
  if (id === callerKeyId) {
    throw new HttpError(409, 'conflict', 'A key cannot revoke itself (that would lock you out). Rotate it, or revoke it with another admin key.');
  }
  const now = Date.now();
  await db.batch([
    db.update(apiKeys).set({ revokedAt: now }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))),
    audit({ action: 'key.revoke', subjectId: id }),
  ]);
  return toApiKey({ ...row, revokedAt: now });
}

/** `limit` keys newest first. A tenant has tens of keys, so sorting them needs no index of its own. */
function keyPage(db: Database, tenantId: string, q: ApiKeyListQueryParams, limit: number) {
  const where: SQL[] = [eq(apiKeys.tenantId, tenantId)];
  if (!q.includeRevoked) where.push(isNull(apiKeys.revokedAt));
  if (q.cursor) {
    const [createdAt, id] = decodeCursor(q.cursor, ['number', 'string']);
    where.push(sql`(${apiKeys.createdAt}, ${apiKeys.id}) < (${createdAt}, ${id})`);
  }
  return db.select().from(apiKeys).where(and(...where)).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id)).limit(limit);
}

/**
 * Runs a page's read together with its audit entry, given the ids of the page it returns (the
 * API's `auditedList`: one D1 batch, so that no listing goes unrecorded).
 */
export type AuditedRead = <T extends BatchItem<'sqlite'> & PromiseLike<unknown>>(read: T, pageIds: SQLWrapper) => Promise<Awaited<T>>;

/** Newest first, in cursor pages; `audited` records the listing in the same batch as its read. */
export async function listKeys(
  db: Database, tenantId: string, q: ApiKeyListQueryParams, audited?: AuditedRead,
): Promise<{ data: ApiKey[]; nextCursor: string | null }> {
  const read = keyPage(db, tenantId, q, q.limit + 1);
  const shown = keyPage(db, tenantId, q, q.limit).as('shown');
  const rows = audited ? await audited(read, db.select({ id: shown.id }).from(shown)) : await read;
  const { page, nextCursor } = pageFrom(rows, q.limit, (last) => encodeCursor([last.createdAt, last.id]));
  return { data: page.map(toApiKey), nextCursor };
}
