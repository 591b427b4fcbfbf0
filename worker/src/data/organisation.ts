// Editing the two trees. Who may change what: the home admin everything; a committee secretary
// its committee and its branches (adding branches to it, never moving one out); a branch
// secretary its own branch's details; town staff their town and its villages (adding villages);
// village staff their village. Every change is audited (`org.*`), in the same batch.
import { and, eq, isNull, or, type SQL } from 'drizzle-orm';
import type { Context } from 'hono';
import {
  branches, committees, homeUnits, hostCities, positionColumns, staffGrants, staffUsers,
  type Branch, type BranchCreate, type BranchUpdate, type Committee, type CommitteeCreate, type CommitteeUpdate,
  type HomeUnit, type HomeUnitCreate, type HomeUnitUpdate,
} from '../../../schema/index.ts';
import { auditEntry } from '../access/audit.ts';
import { database, type Database } from '../db.ts';
import type { AppEnv, ResolvedKey } from '../env.ts';
import { HttpError } from '../errors.ts';
import { newId } from '../lib/crypto.ts';
import { branchSearchText, getBranch } from './branches.ts';
import { moveBranchCommittee } from './scope-copies.ts';

const invalid = (path: string, message: string) =>
  new HttpError(400, 'validation_failed', 'Some parameters are invalid.', [{ path, message }]);
export const beyond = () => new HttpError(403, 'forbidden', 'That part of the organisation is outside your scope.');
export const missing = (what: string) => new HttpError(404, 'not_found', `No such ${what} in this organisation.`);

const admin = (k: ResolvedKey) => k.role === 'home_admin';
const isNode = (k: ResolvedKey, role: ResolvedKey['role'], id: string | null) => k.role === role && k.scopeNodeId !== null && k.scopeNodeId === id;
/** Whether the key may change (and so read for editing) a branch, a town or a village. */
export const mayEditBranch = (k: ResolvedKey, b: { id: string; committeeId: string | null }) =>
  admin(k) || isNode(k, 'committee_secretary', b.committeeId) || isNode(k, 'branch_secretary', b.id);
export const mayEditUnit = (k: ResolvedKey, u: { id: string; parentId: string | null }) =>
  admin(k) || isNode(k, 'town_staff', u.id) || isNode(k, 'town_staff', u.parentId) || isNode(k, 'village_staff', u.id);

async function cityNames(db: Database, tenantId: string, cityId: string): Promise<string[]> {
  const [city] = await db.select().from(hostCities).where(and(eq(hostCities.tenantId, tenantId), eq(hostCities.id, cityId))).limit(1);
  if (!city) throw invalid('cityId', `No host city ${cityId} in this organisation.`);
  return [city.nameZh, city.nameEn];
}

async function assertCommittee(db: Database, tenantId: string, id: string | null): Promise<void> {
  if (id === null) return;
  const [row] = await db.select({ id: committees.id }).from(committees).where(and(eq(committees.tenantId, tenantId), eq(committees.id, id))).limit(1);
  if (!row) throw invalid('committeeId', `No committee ${id} in this organisation.`);
}

// ---- committees ------------------------------------------------------------------------------

export async function createCommittee(c: Context<AppEnv>, input: CommitteeCreate): Promise<Committee> {
  const k = c.var.key;
  if (!admin(k)) throw beyond();
  const db = database(c.env.DB);
  await cityNames(db, k.tenantId, input.cityId);
  const id = newId('cm');
  await db.batch([
    db.insert(committees).values({ id, tenantId: k.tenantId, ...input }),
    auditEntry(c, { action: 'org.committee.create', subjectType: 'committee', subjectId: id, detail: input }),
  ]);
  return { id, city: input.cityId, name: { zh: input.nameZh, en: input.nameEn } };
}

export async function updateCommittee(c: Context<AppEnv>, id: string, input: CommitteeUpdate): Promise<Committee> {
  const k = c.var.key;
  const db = database(c.env.DB);
  const [row] = await db.select().from(committees).where(and(eq(committees.tenantId, k.tenantId), eq(committees.id, id))).limit(1);
  if (!row) throw missing('committee');
  if (!admin(k) && !isNode(k, 'committee_secretary', id)) throw beyond();
  const [[updated]] = await db.batch([
    db.update(committees).set(input).where(eq(committees.id, id)).returning(),
    auditEntry(c, { action: 'org.committee.update', subjectType: 'committee', subjectId: id, detail: input }),
  ]);
  return { id, city: updated!.cityId, name: { zh: updated!.nameZh, en: updated!.nameEn } };
}

// ---- branches --------------------------------------------------------------------------------

export async function createBranch(c: Context<AppEnv>, input: BranchCreate): Promise<Branch> {
  const k = c.var.key;
  if (!admin(k) && !(input.committeeId !== null && isNode(k, 'committee_secretary', input.committeeId))) throw beyond();
  const db = database(c.env.DB);
  await assertCommittee(db, k.tenantId, input.committeeId);
  const names = await cityNames(db, k.tenantId, input.cityId);
  const id = newId('br');
  const { lat, lng, ...rest } = input;
  await db.batch([
    db.insert(branches).values({ ...rest, id, tenantId: k.tenantId, ...positionColumns(lat, lng), searchText: branchSearchText(input, names) }),
    auditEntry(c, { action: 'org.branch.create', subjectType: 'branch', subjectId: id, detail: input }),
  ]);
  return (await getBranch(db, k.tenantId, id))!;
}

export async function updateBranch(c: Context<AppEnv>, id: string, input: BranchUpdate): Promise<Branch> {
  const k = c.var.key;
  const db = database(c.env.DB);
  const [row] = await db.select().from(branches).where(and(eq(branches.tenantId, k.tenantId), eq(branches.id, id))).limit(1);
  if (!row) throw missing('branch');
  if (!mayEditBranch(k, row)) throw beyond();
  const { committeeId, lat, lng, ...fields } = input;
  const moves = committeeId !== undefined && committeeId !== row.committeeId;
  if (moves && !admin(k)) throw new HttpError(403, 'forbidden', 'Only the home admin moves a branch to another committee.');
  if (moves) await assertCommittee(db, k.tenantId, committeeId);
  const next = { ...row, ...fields, lat: lat ?? row.lat, lng: lng ?? row.lng };
  const names = await cityNames(db, k.tenantId, next.cityId);
  await db.batch([
    db.update(branches).set({
      ...fields, ...(lat !== undefined || lng !== undefined ? positionColumns(next.lat, next.lng) : {}),
      searchText: branchSearchText(next, names), updatedAt: Date.now(),
    }).where(and(eq(branches.tenantId, k.tenantId), eq(branches.id, id))),
    ...(moves ? moveBranchCommittee(db, { tenantId: k.tenantId, branchId: id, committeeId: committeeId ?? null }) : []),
    auditEntry(c, { action: 'org.branch.update', subjectType: 'branch', subjectId: id, detail: input }),
  ]);
  return (await getBranch(db, k.tenantId, id))!;
}

// ---- towns and villages ------------------------------------------------------------------------

export const toUnit = (u: typeof homeUnits.$inferSelect): HomeUnit =>
  ({ id: u.id, kind: u.kind, parentId: u.parentId, name: { zh: u.nameZh, en: u.nameEn }, contactUserId: u.contactUserId });

export async function createHomeUnit(c: Context<AppEnv>, input: HomeUnitCreate): Promise<HomeUnit> {
  const k = c.var.key;
  const db = database(c.env.DB);
  if (input.kind === 'town' ? input.parentId !== null : input.parentId === null) {
    throw invalid('parentId', input.kind === 'town' ? 'A town has no parent.' : 'A village needs its town.');
  }
  if (input.kind === 'town' ? !admin(k) : !admin(k) && !isNode(k, 'town_staff', input.parentId)) throw beyond();
  if (input.parentId !== null) {
    const [town] = await db.select({ id: homeUnits.id }).from(homeUnits)
      .where(and(eq(homeUnits.tenantId, k.tenantId), eq(homeUnits.id, input.parentId), eq(homeUnits.kind, 'town'))).limit(1);
    if (!town) throw invalid('parentId', `No town ${input.parentId} in this organisation.`);
  }
  const row = { id: newId('hu'), tenantId: k.tenantId, ...input, contactUserId: null };
  await db.batch([
    db.insert(homeUnits).values(row),
    auditEntry(c, { action: 'org.home_unit.create', subjectType: 'home_unit', subjectId: row.id, detail: input }),
  ]);
  return toUnit({ ...row, createdAt: Date.now() });
}

/** Who may be a unit's contact person (staff_grants): a village's own staff and its town's; a town's staff. */
export function contactCandidates(unit: { id: string; kind: 'town' | 'village'; parentId: string | null }): SQL {
  const grantAt = (role: 'town_staff' | 'village_staff', node: string | null) =>
    and(eq(staffGrants.role, role), eq(staffGrants.scopeNodeId, node ?? ''))!;
  return unit.kind === 'village' ? or(grantAt('village_staff', unit.id), grantAt('town_staff', unit.parentId))! : grantAt('town_staff', unit.id);
}

export async function updateHomeUnit(c: Context<AppEnv>, id: string, input: HomeUnitUpdate): Promise<HomeUnit> {
  const k = c.var.key;
  const db = database(c.env.DB);
  const [unit] = await db.select().from(homeUnits).where(and(eq(homeUnits.tenantId, k.tenantId), eq(homeUnits.id, id))).limit(1);
  if (!unit) throw missing('town or village');
  if (!mayEditUnit(k, unit)) throw beyond();
  if (input.contactUserId) {
    // Only someone who sees the unit's members: lost-contact cases go to the contact person.
    const [user] = await db.select({ id: staffUsers.id }).from(staffGrants).innerJoin(staffUsers, eq(staffUsers.id, staffGrants.userId))
      .where(and(eq(staffUsers.id, input.contactUserId), eq(staffGrants.tenantId, k.tenantId), isNull(staffGrants.revokedAt),
        isNull(staffUsers.deactivatedAt), contactCandidates(unit))).limit(1);
    if (!user) throw invalid('contactUserId', unit.kind === 'village'
      ? "Name an active staff member of this village or its town." : "Name an active staff member of this town.");
  }
  const [[updated]] = await db.batch([
    db.update(homeUnits).set(input).where(eq(homeUnits.id, id)).returning(),
    auditEntry(c, { action: 'org.home_unit.update', subjectType: 'home_unit', subjectId: id, detail: input }),
  ]);
  return toUnit(updated!);
}
