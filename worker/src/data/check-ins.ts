// Reading and deciding check-ins. Staff reads are ANDed with `checkInScope` and batched with
// their audit entry, as member reads are (data/members.ts); the public sees only a receipt.
import { and, desc, eq, exists, gte, lt, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { notificationSummaries } from '../notify/summaries.ts';
import { alias, type SQLiteSelect } from 'drizzle-orm/sqlite-core';
import type { Context } from 'hono';
import {
  branches, checkIns, checkInStatuses, homeUnits, members, normaliseMobile, REFERENCE_PATTERN,
  type CheckIn, type CheckInQueryParams, type NotificationSummary, type CheckInReceipt, type CheckInStatusQueryParams,
} from '../../../schema/index.ts';
import type { ResolvedKey } from '../env.ts';
import { auditedList, auditEntry } from '../access/audit.ts';
import { checkInScope, checkInScopeArms, checkInScopeFilter } from '../access/check-in-scope.ts';
import { memberScope } from '../access/member-scope.ts';
import { newestFirstKeys, olderThan, onPageKey, pageOrder } from './newest-first.ts';
import { database, named, type Database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { decodeCursor, encodeCursor, pageFrom } from '../lib/cursor.ts';
import { provesMobile } from '../verification/mobile-proof.ts';
import { checkInRequestsQuery, toCheckInRequests } from './service-requests.ts';

const branch = alias(branches, 'branch');
const previous = alias(branches, 'previous_branch');
const unit = alias(homeUnits, 'home_unit');
// Distinct result names: D1's batch returns rows keyed by column name.
/** The rowid breaks ties of created_at; the (tenant_id, created_at) index is ordered by it too. */
const rowid = sql<number>`${checkIns}.rowid`;
/** What a check-in row is read with; `memberInScope`: the caller already sees the member (access/member-scope.ts). */
const columnsFor = (db: Database, key: ResolvedKey) => ({
  id: checkIns.id, reference: checkIns.reference, status: checkIns.status, rowid: named<number>(rowid, 'check_in_rowid'),
  branchId: checkIns.branchId, branchZh: named(branch.nameZh, 'branch_zh'), branchEn: named(branch.nameEn, 'branch_en'),
  committeeId: named(branch.committeeId, 'branch_committee'),
  memberId: checkIns.memberId, memberName: named<string>(members.name, 'member_name'), mobile: members.mobile,
  hostBranchId: members.hostBranchId,
  memberInScope: named<number>(sql`case when ${memberScope(db, key)} then 1 else 0 end`, 'member_in_scope'),
  mobileVerified: checkIns.mobileVerified, matchedMember: checkIns.matchedMember,
  acceptedAt: checkIns.acceptedAt, releasedAt: checkIns.releasedAt, decidedByKeyId: checkIns.decidedByKeyId,
  submittedName: checkIns.submittedName, nameMismatch: checkIns.nameMismatch,
  homeUnitId: checkIns.submittedHomeUnitId, unitZh: named(unit.nameZh, 'unit_zh'), unitEn: named(unit.nameEn, 'unit_en'),
  currentCity: checkIns.currentCity, category: checkIns.category, employer: checkIns.employer, needs: checkIns.needs,
  consentVersion: checkIns.consentVersion, consentedAt: checkIns.consentedAt,
  previousBranchId: checkIns.previousBranchId, previousZh: named(previous.nameZh, 'previous_zh'), previousEn: named(previous.nameEn, 'previous_en'),
  createdAt: checkIns.createdAt, decidedAt: checkIns.decidedAt, rejectReason: checkIns.rejectReason,
});

/** What a check-in row is read with, over check_ins itself or a list page's keys joined to it. */
const withCheckInJoins = <T extends SQLiteSelect>(q: T) => q
  .innerJoin(members, eq(members.id, checkIns.memberId))
  .innerJoin(branch, eq(branch.id, checkIns.branchId))
  .leftJoin(unit, eq(unit.id, checkIns.submittedHomeUnitId))
  .leftJoin(previous, eq(previous.id, checkIns.previousBranchId));

const selectCheckIns = (db: Database, key: ResolvedKey, where: SQL) =>
  withCheckInJoins(db.select(columnsFor(db, key)).from(checkIns).$dynamic()).where(where);
export type CheckInRow = Awaited<ReturnType<typeof selectCheckIns>>[number];

const text = (zh: string | null, en: string | null) => ({ zh: zh ?? '', en: en ?? '' });

/**
 * An unverified check-in that would move a member hosted elsewhere now, or take one who was on the
 * roster before it, needs both sides: the receiving one, and one that already has the member in
 * scope. Judged on the member as they are now (`hostBranchId`), not as they were when it was sent.
 */
export const needsRelease = (r: Pick<CheckInRow, 'mobileVerified' | 'matchedMember' | 'hostBranchId' | 'branchId'>) =>
  !r.mobileVerified && r.hostBranchId !== r.branchId && (Boolean(r.matchedMember) || r.hostBranchId !== null);

/** The staff view. The roster's record (name, whether the submitted name differs) only for a caller who already sees the member. */
export function toCheckIn(r: CheckInRow): CheckIn {
  const inScope = r.memberInScope === 1;
  return {
    id: r.id, reference: r.reference, status: r.status,
    branch: { id: r.branchId, name: text(r.branchZh, r.branchEn) },
    member: inScope ? { id: r.memberId, name: r.memberName, mobile: r.mobile } : null,
    mobile: r.mobile, mobileVerified: Boolean(r.mobileVerified), matchesMember: Boolean(r.matchedMember),
    submittedName: r.submittedName, nameMismatch: inScope ? Boolean(r.nameMismatch) : null,
    homeUnit: { id: r.homeUnitId ?? '', name: text(r.unitZh, r.unitEn) },
    decision: { needsRelease: r.status === 'pending' && needsRelease(r), acceptedAt: r.acceptedAt, releasedAt: r.releasedAt },
    currentCity: r.currentCity, category: r.category, employer: r.employer, needs: r.needs,
    consentVersion: r.consentVersion, consentedAt: r.consentedAt,
    previousBranch: r.previousBranchId === null ? null : { id: r.previousBranchId, name: text(r.previousZh, r.previousEn) },
    createdAt: r.createdAt, decidedAt: r.decidedAt, rejectReason: r.rejectReason,
  };
}

/** What the queue's search `q` looks for: a reference, a whole mobile number, or else the start of a submitted name. */
export function searchTerm(q: string): { by: 'reference' | 'mobile' | 'name'; value: string } {
  // Full-width letters and digits, as Chinese keyboards type them, count as their ASCII selves.
  const upper = q.normalize('NFKC').toUpperCase();
  if (REFERENCE_PATTERN.test(upper)) return { by: 'reference', value: upper };
  const mobile = normaliseMobile(q);
  return mobile ? { by: 'mobile', value: mobile } : { by: 'name', value: q };
}

/** The search as a condition that leads with its own index (tenant first), so a search reads its matches, not the scope. */
function searchCondition(tenantId: string, q: string): SQL {
  const { by, value } = searchTerm(q);
  const tenant = eq(checkIns.tenantId, tenantId);
  if (by === 'reference') return and(tenant, eq(checkIns.reference, value))!;
  if (by === 'mobile') return and(tenant, sql`${checkIns.memberId} = (select id from members where tenant_id = ${tenantId} and mobile = ${value})`)!;
  // A prefix as a range (text compares by code point; U+10FFFF sorts after every character).
  return and(tenant, gte(checkIns.submittedName, value), lt(checkIns.submittedName, `${value}\u{10FFFF}`))!;
}

/**
 * `limit` rows of a list page, newest first: the key's scope's one index, or a page of each of its
 * arms merged (newest-first.ts); a search walks its own index and keeps what is in scope.
 */
function listPage(db: Database, key: ResolvedKey, q: CheckInQueryParams, limit: number) {
  const filters: SQL[] = [];
  // A literal, not a parameter: SQLite uses the partial indexes of pending check-ins only for `status = 'pending'` as written.
  if (q.status) filters.push(sql`${checkIns.status} = ${sql.raw(`'${checkInStatuses.find((s) => s === q.status)}'`)}`);
  if (q.branch) filters.push(eq(checkIns.branchId, q.branch));
  if (q.from !== undefined) filters.push(gte(checkIns.createdAt, q.from));
  if (q.to !== undefined) filters.push(lt(checkIns.createdAt, q.to));
  if (q.cursor) filters.push(olderThan(checkIns, ...decodeCursor(q.cursor, ['number', 'number'])));
  if (q.q !== undefined) {
    // Its matches are few and sorted once: an order an index could give would tempt SQLite to walk the tenant in it.
    return selectCheckIns(db, key, and(searchCondition(key.tenantId, q.q), checkInScopeFilter(key), ...filters)!)
      .orderBy(sql`+${checkIns.createdAt} desc`, desc(rowid)).limit(limit);
  }
  const arms = checkInScopeArms(key);
  // One arm: its index, directly (no page keys to read first).
  if (arms.length < 2) return selectCheckIns(db, key, and(arms[0] ?? sql`0`, ...filters)!).orderBy(desc(checkIns.createdAt), desc(rowid)).limit(limit);
  return withCheckInJoins(db.select(columnsFor(db, key)).from(newestFirstKeys(checkIns, arms, filters, limit))
    .innerJoin(checkIns, onPageKey(checkIns)).$dynamic())
    .orderBy(...pageOrder);
}

/** A page, newest first, plus one row to know if more follow (exported for the query-plan test). */
export const listPageQuery = (db: Database, key: ResolvedKey, q: CheckInQueryParams) => listPage(db, key, q, q.limit + 1);

/** One page and its `check_in.list` audit entry (naming the ids returned), in one batch. */
export async function listCheckIns(c: Context<AppEnv>, q: CheckInQueryParams) {
  const db = database(c.env.DB);
  const shown = listPage(db, c.var.key, q, q.limit).as('shown');
  const pageIds = db.select({ id: shown.id }).from(shown);
  // The audit names what kind of search ran, not the number or name searched for.
  const filters = q.q === undefined ? q : { ...q, q: searchTerm(q.q).by };
  const rows = await auditedList(c, listPageQuery(db, c.var.key, q), pageIds, 'check_in.list', 'check_in', filters);
  const { page, nextCursor } = pageFrom(rows, q.limit, (last) => encodeCursor([last.createdAt, last.rowid]));
  return { data: page.map(toCheckIn), nextCursor };
}

/** One check-in by id within the key's scope (exported for the rows-read test). */
export const checkInByIdQuery = (db: Database, key: ResolvedKey, id: string) =>
  selectCheckIns(db, key, and(checkInScope(db, key), eq(checkIns.id, id))!).limit(1);

/** One check-in in scope, or undefined (404 either way); the attempt is audited with whether it found one. */
export async function getCheckIn(c: Context<AppEnv>, id: string): Promise<{ row: CheckInRow; notifications: NotificationSummary[] } | undefined> {
  const db = database(c.env.DB);
  const where = and(checkInScope(db, c.var.key), eq(checkIns.id, id))!;
  const [rows, told] = await db.batch([
    checkInByIdQuery(db, c.var.key, id),
    notificationSummaries(db, c.var.key.tenantId, id, exists(db.select({ one: sql`1` }).from(checkIns).where(where))),
    auditEntry(c, {
      action: 'check_in.read', subjectType: 'check_in', subjectId: id,
      detail: sql`json_object('found', json(case when ${exists(db.select({ one: sql`1` }).from(checkIns).where(where))} then 'true' else 'false' end))`,
    }),
  ]);
  return rows[0] && { row: rows[0], notifications: told };
}

/** A check-in in scope without auditing a read: for a decision, which audits itself. */
export async function findForDecision(db: Database, key: ResolvedKey, id: string) {
  const [row] = await checkInByIdQuery(db, key, id);
  return row;
}

/** Re-reads a check-in after a change (already authorised), as `key` sees it. */
export async function reload(db: Database, key: ResolvedKey, id: string) {
  const [row] = await selectCheckIns(db, key, and(eq(checkIns.tenantId, key.tenantId), eq(checkIns.id, id))!).limit(1);
  return row!;
}

/**
 * The public receipt, when the reference and the mobile (its last four digits, or a proof of the
 * whole number) both match; else undefined. One D1 batch: the check-in, and the requests its
 * needs made with their status now.
 */
export async function findReceipt(
  db: Database, env: AppEnv['Bindings'], tenantId: string, q: CheckInStatusQueryParams,
): Promise<CheckInReceipt | undefined> {
  const byReference = and(eq(checkIns.tenantId, tenantId), eq(checkIns.reference, q.reference.trim().toUpperCase()))!;
  // With a proof, the number is compared after reading (the proof holds an HMAC of it, not the digits).
  const match = q.mobileLast4 === undefined ? byReference : and(byReference, sql`substr(${members.mobile}, -4) = ${q.mobileLast4}`)!;
  const [[r], requests] = await db.batch([
    db.select({
      id: checkIns.id, reference: checkIns.reference, status: checkIns.status, branchId: checkIns.branchId, zh: branches.nameZh, en: branches.nameEn,
      createdAt: checkIns.createdAt, decidedAt: checkIns.decidedAt, rejectReason: checkIns.rejectReason, mobile: members.mobile,
    }).from(checkIns)
      .innerJoin(members, eq(members.id, checkIns.memberId))
      .innerJoin(branches, eq(branches.id, checkIns.branchId))
      .where(match)
      .limit(1),
    checkInRequestsQuery(db, match),
  ]);
  if (!r) return undefined;
  if (q.mobileLast4 === undefined && !(await provesMobile(env, q.mobileProof, tenantId, r.mobile))) return undefined;
  return {
    id: r.id, reference: r.reference, status: r.status, branch: { id: r.branchId, name: { zh: r.zh, en: r.en } },
    createdAt: r.createdAt, decidedAt: r.decidedAt, rejectReason: r.rejectReason, serviceRequests: toCheckInRequests(requests),
  };
}
