// Member reads. Every query is ANDed with `memberScope` (access/member-scope.ts), and every read
// is batched with its audit entry, whose detail SQL re-runs the same page in the same
// transaction: the audit names exactly what was returned.
import { and, asc, eq, exists, gt, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Context } from 'hono';
import { alias } from 'drizzle-orm/sqlite-core';
import {
  branches, CORRECTED_FIELDS, homeUnits, maskMobile, members, partnerConsents, type Member, type MemberQueryParams, type MemberUpdate, type StaffMember,
} from '../../../schema/index.ts';
import type { ResolvedKey } from '../env.ts';
import { auditedList, auditEntry } from '../access/audit.ts';
import { inHomeSubtree, memberScope, partnerConsentsJoin, seesPartnerView } from '../access/member-scope.ts';
import { database, named, type Database } from '../db.ts';
import { notFound } from '../errors.ts';
import type { AppEnv } from '../env.ts';
import { decodeCursor, encodeCursor, pageFrom } from '../lib/cursor.ts';

export const unit = alias(homeUnits, 'home_unit');
export const branch = alias(branches, 'host_branch');
// Distinct result names: D1's batch returns rows keyed by column name, so two `name_zh` would collide.
/** A member as staff see it, with the names of its home unit and host branch (the joins `unit` and `branch`). */
export const columns = {
  id: members.id, name: members.name, mobile: members.mobile, currentCity: members.currentCity,
  category: members.category, employer: members.employer, lastCheckInAt: members.lastCheckInAt,
  homeUnitId: members.homeUnitId, unitZh: named(unit.nameZh, 'unit_zh'), unitEn: named(unit.nameEn, 'unit_en'),
  hostBranchId: members.hostBranchId, branchZh: named(branch.nameZh, 'branch_zh'), branchEn: named(branch.nameEn, 'branch_en'),
  moveDistance: members.moveDistance, hasActivityCard: members.hasActivityCard,
};


/** The staff view of a row of `columns`. */
export function toStaffMember(r: Row): StaffMember {
  return {
    view: 'staff', id: r.id, name: r.name, currentCity: r.currentCity, category: r.category, employer: r.employer, mobile: r.mobile,
    homeUnit: { id: r.homeUnitId, name: { zh: r.unitZh ?? '', en: r.unitEn ?? '' } },
    hostBranch: r.hostBranchId === null ? null : { id: r.hostBranchId, name: { zh: r.branchZh ?? '', en: r.branchEn ?? '' } },
    lastCheckInAt: r.lastCheckInAt === null ? null : new Date(r.lastCheckInAt).toISOString(),
    moveDistance: r.moveDistance, hasActivityCard: r.hasActivityCard,
  };
}

function toMember(r: Row, partnerView: boolean): Member {
  if (!partnerView) return toStaffMember(r);
  return { view: 'partner', id: r.id, name: r.name, currentCity: r.currentCity, category: r.category, employer: r.employer, mobile: maskMobile(r.mobile) };
}

const selectMembers = (db: Database, where: SQL) =>
  db.select(columns).from(members)
    .innerJoin(unit, eq(unit.id, members.homeUnitId))
    .leftJoin(branch, eq(branch.id, members.hostBranchId))
    .where(where);
type Row = Awaited<ReturnType<typeof selectMembers>>[number];

/**
 * The filters no index serves at scale (category, verification, last check-in), as one condition;
 * undefined when none is given. A page marks the members it examines with it rather than seeking
 * matches: a rare filter would otherwise read the whole scope to fill a page.
 */
export function memberFilters(q: MemberQueryParams): SQL | undefined {
  const where: SQL[] = [];
  if (q.category) where.push(eq(members.category, q.category));
  if (q.verified !== undefined) where.push(q.verified ? isNotNull(members.mobileVerifiedAt) : isNull(members.mobileVerifiedAt));
  const before = q.lastCheckInBefore === undefined ? undefined : and(isNotNull(members.lastCheckInAt), lt(members.lastCheckInAt, q.lastCheckInBefore))!;
  if (before && q.neverCheckedIn === true) where.push(or(before, isNull(members.lastCheckInAt))!);
  else if (before) where.push(before);
  else if (q.neverCheckedIn !== undefined) where.push(q.neverCheckedIn ? isNull(members.lastCheckInAt) : isNotNull(members.lastCheckInAt));
  return where.length ? and(...where) : undefined;
}

/**
 * `limit` members of the scope in id order, each with `shown`: whether it passes `memberFilters`.
 * Each scope's condition (and `branch`, `homeUnit`) seeks an index in id order; a partner's page
 * walks its live consents (partner_consents_live) and joins each member, so no page reads more
 * than `limit` members and their joins, however few of them are shown.
 */
function listPage(db: Database, key: ResolvedKey, q: MemberQueryParams, limit: number) {
  const consents = partnerConsentsJoin(key);
  // A partner's order column is the consent's member id (equal to the member's): its index serves it.
  const order = consents ? partnerConsents.memberId : members.id;
  const where: SQL[] = consents ? [] : [memberScope(db, key)];
  if (q.branch) where.push(eq(members.hostBranchId, q.branch));
  if (q.homeUnit) where.push(inHomeSubtree(key.tenantId, q.homeUnit));
  if (q.cursor) where.push(gt(order, decodeCursor(q.cursor, ['string'])[0]));
  const filters = memberFilters(q);
  const shown = sql<number>`${filters ? sql`case when ${filters} then 1 else 0 end` : sql`1`}`.as('shown');
  const joinUnit = eq(unit.id, members.homeUnitId);
  const joinBranch = eq(branch.id, members.hostBranchId);
  return consents
    ? db.select({ ...columns, shown }).from(members).innerJoin(partnerConsents, consents).innerJoin(unit, joinUnit).leftJoin(branch, joinBranch)
      .where(and(...where)).orderBy(asc(order)).limit(limit)
    : db.select({ ...columns, shown }).from(members).innerJoin(unit, joinUnit).leftJoin(branch, joinBranch)
      .where(and(...where)).orderBy(asc(order)).limit(limit);
}

/** A page plus one row to know if more follow (exported for the query-plan test). */
export const listPageQuery = (db: Database, key: ResolvedKey, q: MemberQueryParams) => listPage(db, key, q, q.limit + 1);

/**
 * One page: the members shown among the `limit` examined, in id order, and its `member.list` audit
 * entry (the ids shown, the filters) in one batch. The cursor follows the last member examined.
 */
export async function listMembers(c: Context<AppEnv>, q: MemberQueryParams) {
  const db = database(c.env.DB);
  const examined = listPage(db, c.var.key, q, q.limit).as('examined');
  const pageIds = db.select({ id: examined.id }).from(examined).where(eq(examined.shown, 1));
  const rows = await auditedList(c, listPageQuery(db, c.var.key, q), pageIds, 'member.list', 'member', q);
  const { page, nextCursor } = pageFrom(rows, q.limit, (last) => encodeCursor([last.id]));
  return { data: page.filter((r) => r.shown === 1).map((r) => toMember(r, seesPartnerView(c.var.key))), nextCursor };
}

/** One member by id within the key's scope (exported for the rows-read test). */
export const memberByIdQuery = (db: Database, key: ResolvedKey, id: string) =>
  selectMembers(db, and(memberScope(db, key), eq(members.id, id))!).limit(1);

/**
 * One member within the key's scope, or undefined (the route answers 404 either way, so that
 * out-of-scope ids are not revealed). The attempt is audited with whether it found anyone.
 */
export async function getMember(c: Context<AppEnv>, id: string): Promise<Member | undefined> {
  const db = database(c.env.DB);
  const where = and(memberScope(db, c.var.key), eq(members.id, id))!;
  const found = db.select({ one: sql`1` }).from(members).where(where);
  const [rows] = await db.batch([
    memberByIdQuery(db, c.var.key, id),
    auditEntry(c, {
      action: 'member.read', subjectType: 'member', subjectId: id,
      detail: sql`json_object('found', json(case when ${exists(found)} then 'true' else 'false' end))`,
    }),
  ]);
  return rows[0] && toMember(rows[0], seesPartnerView(c.var.key));
}

/**
 * Changes how far a member moved and whether they hold the activity card, for staff who see them
 * (a partner has no members:write). Out of scope is a 404 like an unknown id; the change, with
 * what it set, is audited in the same batch as the write and the read of the record it answers.
 */
export async function updateMember(c: Context<AppEnv>, id: string, u: MemberUpdate): Promise<StaffMember> {
  const db = database(c.env.DB);
  const key = c.var.key;
  const where = and(memberScope(db, key), eq(members.id, id))!;
  // The audit keeps the values of the roster's own fields, and only the names of corrected personal ones.
  const corrected = CORRECTED_FIELDS.filter((f) => f in u);
  const set = Object.fromEntries(Object.entries(u).filter(([f]) => !(corrected as string[]).includes(f)));
  const correctedDetail = corrected.length ? sql`, 'corrected', json(${JSON.stringify(corrected)})` : sql``;
  const [updated, , rows] = await db.batch([
    db.update(members).set(u).where(where).returning({ id: members.id }),
    auditEntry(c, {
      action: 'member.update', subjectType: 'member', subjectId: id,
      detail: sql`json_object('found', json(case when changes() > 0 then 'true' else 'false' end), 'set', json(${JSON.stringify(set)})${correctedDetail})`,
    }),
    memberByIdQuery(db, key, id),
  ]);
  if (!updated.length || !rows[0]) throw notFound('The member');
  return toStaffMember(rows[0]);
}
