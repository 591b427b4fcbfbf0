// Lost-contact cases of the members in the caller's scope (access/lost-contact-scope.ts decides
// which, on the cases' own scope copies), as a page most urgent first, and one case in scope.
// Every read is audited with the member as its subject, in the same batch.
import { and, asc, eq, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Context } from 'hono';
import {
  branches, campaigns, contactAttempts, homeUnits, lostContactCases, members, staffUsers,
  type LostContactCase, type LostContactQueryParams,
} from '../../../schema/index.ts';
import { auditedList } from '../access/audit.ts';
import { lostContactScope } from '../access/lost-contact-scope.ts';
import { database, named, type Database } from '../db.ts';
import type { AppEnv, ResolvedKey } from '../env.ts';
import { HttpError } from '../errors.ts';
import { pageFrom } from '../lib/cursor.ts';

const statusWhere = (status: LostContactQueryParams['status'], now: number): SQL => status === 'closed'
  ? isNotNull(lostContactCases.closedAt)
  : status === 'overdue'
    ? and(isNull(lostContactCases.closedAt), lt(lostContactCases.dueAt, now),
      or(isNull(lostContactCases.snoozedUntil), lt(lostContactCases.snoozedUntil, now)))!
    : isNull(lostContactCases.closedAt);

const hostBranch = alias(branches, 'host_branch');

/**
 * The conditions of a page: scope, status and cursor, all on the case, so that the scope's
 * partial index (open or closed, in due order) gives the page in order; the joins are per row.
 */
function pageWhere(key: ResolvedKey, q: LostContactQueryParams, now: number): SQL {
  const where: SQL[] = [lostContactScope(key), statusWhere(q.status, now)];
  if (q.cursor) {
    const [due, id] = q.cursor.split(':') as [string, string];
    // A row value, for one range on (due_at, id) of the index; the plain bound on due_at too, or
    // with the overdue list's upper bound SQLite seeks from the first case due, not the cursor.
    where.push(sql`${lostContactCases.dueAt} >= ${Number(due)}`, sql`(${lostContactCases.dueAt}, ${lostContactCases.id}) > (${Number(due)}, ${id})`);
  }
  return and(...where)!;
}

/** A page plus one row to know if more follow (exported for the rows-read test). */
export function listPageQuery(db: Database, key: ResolvedKey, q: LostContactQueryParams, now: number) {
  // Repeated column names (id, name_zh) get names of their own: see `named`.
  return db.select({
    id: named<string>(lostContactCases.id, 'case_id'), openedAt: lostContactCases.openedAt, dueAt: lostContactCases.dueAt, snoozedUntil: lostContactCases.snoozedUntil,
    assigneeUserId: lostContactCases.assigneeUserId, lastAttemptAt: lostContactCases.lastAttemptAt,
    closedAt: lostContactCases.closedAt, closedReason: lostContactCases.closedReason, closedNote: lostContactCases.closedNote,
    memberId: named<string>(members.id, 'member_id'), name: members.name, mobile: members.mobile, homeUnitId: members.homeUnitId, hostBranchId: members.hostBranchId,
    moveDistance: members.moveDistance, hasActivityCard: members.hasActivityCard, lastCheckInAt: members.lastCheckInAt, lastContactAt: members.lastContactAt,
    unitZh: named<string>(homeUnits.nameZh, 'unit_zh'), unitEn: named<string>(homeUnits.nameEn, 'unit_en'),
    branchZh: named<string | null>(hostBranch.nameZh, 'branch_zh'), branchEn: named<string | null>(hostBranch.nameEn, 'branch_en'),
    assigneeName: named<string | null>(staffUsers.name, 'assignee_name'),
    campaignId: lostContactCases.campaignId, campaignZh: named<string | null>(campaigns.titleZh, 'campaign_zh'), campaignEn: campaigns.titleEn,
    attempts: sql<number>`(select count(*) from ${contactAttempts} where ${contactAttempts.caseId} = ${lostContactCases.id})`,
  }).from(lostContactCases)
    .innerJoin(members, eq(members.id, lostContactCases.memberId))
    .innerJoin(homeUnits, eq(homeUnits.id, members.homeUnitId))
    .leftJoin(hostBranch, eq(hostBranch.id, members.hostBranchId))
    .leftJoin(staffUsers, eq(staffUsers.id, lostContactCases.assigneeUserId))
    .leftJoin(campaigns, eq(campaigns.id, lostContactCases.campaignId))
    .where(pageWhere(key, q, now)).orderBy(asc(lostContactCases.dueAt), asc(lostContactCases.id)).limit(q.limit + 1);
}

export async function listCases(c: Context<AppEnv>, q: LostContactQueryParams) {
  const db = database(c.env.DB);
  const now = Date.now();
  const shown = db.select({ id: sql<string>`${lostContactCases.memberId}`.as('id') }).from(lostContactCases).where(pageWhere(c.var.key, q, now))
    .orderBy(asc(lostContactCases.dueAt), asc(lostContactCases.id)).limit(q.limit).as('shown');
  const rows = await auditedList(c, listPageQuery(db, c.var.key, q, now), db.select({ id: shown.id }).from(shown), 'lost_contact.list', 'member', q);
  const { page, nextCursor } = pageFrom(rows, q.limit, (last) => `${last.dueAt}:${last.id}`);
  return { data: page.map((r): LostContactCase => toCase(r, now)), nextCursor };
}

type Row = Awaited<ReturnType<typeof listPageQuery>>[number];

function toCase(r: Row, now: number): LostContactCase {
  return {
    id: r.id,
    member: {
      id: r.memberId, name: r.name, mobile: r.mobile, homeUnit: { id: r.homeUnitId, name: { zh: r.unitZh, en: r.unitEn } },
      hostBranch: r.hostBranchId ? { id: r.hostBranchId, name: { zh: r.branchZh ?? '', en: r.branchEn ?? '' } } : null,
      moveDistance: r.moveDistance, hasActivityCard: r.hasActivityCard, lastCheckInAt: r.lastCheckInAt, lastContactAt: r.lastContactAt,
    },
    openedAt: r.openedAt, dueAt: r.dueAt, snoozedUntil: r.snoozedUntil,
    overdue: r.closedAt === null && r.dueAt < now && (r.snoozedUntil === null || r.snoozedUntil < now),
    assignee: r.assigneeUserId ? { id: r.assigneeUserId, name: r.assigneeName ?? '' } : null,
    attempts: r.attempts, lastAttemptAt: r.lastAttemptAt, closedAt: r.closedAt, closedReason: r.closedReason, closedNote: r.closedNote,
    campaign: r.campaignId ? { id: r.campaignId, title: { zh: r.campaignZh ?? '', en: r.campaignEn } } : null,
  };
}

/** The case, if its member is in the caller's scope (else 404, as for a case that does not exist). */
export async function caseInScope(c: Context<AppEnv>, id: string) {
  const [row] = await database(c.env.DB).select().from(lostContactCases)
    .where(and(eq(lostContactCases.id, id), lostContactScope(c.var.key))).limit(1);
  if (!row) throw new HttpError(404, 'not_found', 'No such lost-contact case in your scope.');
  return row;
}
