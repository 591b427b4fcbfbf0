// What the console's organisation forms read before a change: a branch's stored fields (the public
// Branch is the finder's view: it gives a missing English text as the Chinese), a town's or
// village's contact person and whom it may name. Scoped as the changes are (organisation.ts: 404
// for an unknown node, 403 beyond the key's own) and audited (`org.branch.read`,
// `org.home_unit.read`); nothing is returned unless its entry was written.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Context } from 'hono';
import { branches, homeUnits, staffGrants, staffUsers, type BranchRecord, type HomeUnitRecord } from '../../../schema/index.ts';
import { auditEntry } from '../access/audit.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { beyond, contactCandidates, mayEditBranch, mayEditUnit, missing, toUnit } from './organisation.ts';

/** Enough for any village's staff; the form lists them to pick from. */
const MAX_CANDIDATES = 100;

export async function readBranchRecord(c: Context<AppEnv>, id: string): Promise<BranchRecord> {
  const k = c.var.key;
  const db = database(c.env.DB);
  const [row] = await db.select().from(branches).where(and(eq(branches.tenantId, k.tenantId), eq(branches.id, id))).limit(1);
  if (!row) throw missing('branch');
  if (!mayEditBranch(k, row)) throw beyond();
  await auditEntry(c, { action: 'org.branch.read', subjectType: 'branch', subjectId: id });
  const { committeeId, cityId, nameZh, nameEn, addressZh, addressEn, lat, lng } = row;
  const { meetingPlaceZh, meetingPlaceEn, meetingTimesZh, meetingTimesEn, officePhone } = row;
  return { id, committeeId, cityId, nameZh, nameEn, addressZh, addressEn, lat, lng, meetingPlaceZh, meetingPlaceEn, meetingTimesZh, meetingTimesEn, officePhone };
}

export async function readHomeUnitRecord(c: Context<AppEnv>, id: string): Promise<HomeUnitRecord> {
  const k = c.var.key;
  const db = database(c.env.DB);
  const [unit] = await db.select().from(homeUnits).where(and(eq(homeUnits.tenantId, k.tenantId), eq(homeUnits.id, id))).limit(1);
  if (!unit) throw missing('town or village');
  if (!mayEditUnit(k, unit)) throw beyond();
  const name = { id: staffUsers.id, name: staffUsers.name };
  const [candidates, contact] = await db.batch([
    db.selectDistinct(name).from(staffGrants).innerJoin(staffUsers, eq(staffUsers.id, staffGrants.userId))
      .where(and(eq(staffGrants.tenantId, k.tenantId), isNull(staffGrants.revokedAt), isNull(staffUsers.deactivatedAt), contactCandidates(unit)))
      .orderBy(asc(staffUsers.name), asc(staffUsers.id)).limit(MAX_CANDIDATES),
    db.select(name).from(staffUsers).where(and(eq(staffUsers.tenantId, k.tenantId), eq(staffUsers.id, unit.contactUserId ?? ''))).limit(1),
    auditEntry(c, { action: 'org.home_unit.read', subjectType: 'home_unit', subjectId: id }),
  ]);
  return { ...toUnit(unit), contact: contact[0] ?? null, contactCandidates: candidates };
}
