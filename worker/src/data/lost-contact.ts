// Lost-contact cases of the members in the caller's scope (access/member-scope.ts decides which),
// and what staff record on them: contact attempts (one that reaches the member closes the case
// and writes the contact to the roster), the assignee, a due date, a snooze. Every read and
// change of a case is audited with the member as its subject, in the same batch.
import { and, asc, eq, gt, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Context } from 'hono';
import {
  branches, contactAttempts, FOUND_OUTCOMES, homeUnits, lostContactCases, members, staffUsers,
  type ContactAttempt, type ContactAttemptCreate, type LostContactCase, type LostContactQueryParams, type LostContactUpdate,
} from '../../../schema/index.ts';
import { auditedList, auditEntry } from '../access/audit.ts';
import { memberScope } from '../access/member-scope.ts';
import { database, named } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { HttpError } from '../errors.ts';
import { newId } from '../lib/crypto.ts';
import { pageFrom } from '../lib/cursor.ts';

const SNOOZE_MAX_MS = 90 * 24 * 60 * 60 * 1000;

const statusWhere = (status: LostContactQueryParams['status'], now: number): SQL => status === 'closed'
  ? isNotNull(lostContactCases.closedAt)
  : status === 'overdue'
    ? and(isNull(lostContactCases.closedAt), lt(lostContactCases.dueAt, now),
      or(isNull(lostContactCases.snoozedUntil), lt(lostContactCases.snoozedUntil, now)))!
    : isNull(lostContactCases.closedAt);

export async function listCases(c: Context<AppEnv>, q: LostContactQueryParams) {
  const db = database(c.env.DB);
  const k = c.var.key;
  const now = Date.now();
  const where: (SQL | undefined)[] = [eq(lostContactCases.tenantId, k.tenantId), statusWhere(q.status, now), memberScope(db, k)];
  if (q.cursor) {
    const [due, id] = q.cursor.split(':') as [string, string];
    where.push(or(gt(lostContactCases.dueAt, Number(due)), and(eq(lostContactCases.dueAt, Number(due)), gt(lostContactCases.id, id))));
  }
  const hostBranch = alias(branches, 'host_branch');
  const order = [asc(lostContactCases.dueAt), asc(lostContactCases.id)];
  // Repeated column names (id, name_zh) get names of their own: see `named`.
  const read = db.select({
    id: named<string>(lostContactCases.id, 'case_id'), openedAt: lostContactCases.openedAt, dueAt: lostContactCases.dueAt, snoozedUntil: lostContactCases.snoozedUntil,
    assigneeUserId: lostContactCases.assigneeUserId, lastAttemptAt: lostContactCases.lastAttemptAt,
    closedAt: lostContactCases.closedAt, closedReason: lostContactCases.closedReason,
    memberId: named<string>(members.id, 'member_id'), name: members.name, mobile: members.mobile, homeUnitId: members.homeUnitId, hostBranchId: members.hostBranchId,
    moveDistance: members.moveDistance, hasActivityCard: members.hasActivityCard, lastCheckInAt: members.lastCheckInAt, lastContactAt: members.lastContactAt,
    unitZh: named<string>(homeUnits.nameZh, 'unit_zh'), unitEn: named<string>(homeUnits.nameEn, 'unit_en'),
    branchZh: named<string | null>(hostBranch.nameZh, 'branch_zh'), branchEn: named<string | null>(hostBranch.nameEn, 'branch_en'),
    assigneeName: named<string | null>(staffUsers.name, 'assignee_name'),
    attempts: sql<number>`(select count(*) from ${contactAttempts} where ${contactAttempts.caseId} = ${lostContactCases.id})`,
  }).from(lostContactCases)
    .innerJoin(members, eq(members.id, lostContactCases.memberId))
    .innerJoin(homeUnits, eq(homeUnits.id, members.homeUnitId))
    .leftJoin(hostBranch, eq(hostBranch.id, members.hostBranchId))
    .leftJoin(staffUsers, eq(staffUsers.id, lostContactCases.assigneeUserId))
    .where(and(...where)).orderBy(...order).limit(q.limit + 1);
  const shown = db.select({ id: members.id }).from(lostContactCases).innerJoin(members, eq(members.id, lostContactCases.memberId))
    .where(and(...where)).orderBy(...order).limit(q.limit).as('shown');
  const rows = await auditedList(c, read, db.select({ id: shown.id }).from(shown), 'lost_contact.list', 'member', q);
  const { page, nextCursor } = pageFrom(rows, q.limit, (last) => `${last.dueAt}:${last.id}`);
  return { data: page.map((r): LostContactCase => toCase(r, now)), nextCursor };
}

type Row = {
  id: string; openedAt: number; dueAt: number; snoozedUntil: number | null; assigneeUserId: string | null; lastAttemptAt: number | null;
  closedAt: number | null; closedReason: 'found' | 'closed' | null; memberId: string; name: string; mobile: string; homeUnitId: string;
  hostBranchId: string | null; moveDistance: LostContactCase['member']['moveDistance']; hasActivityCard: boolean;
  lastCheckInAt: number | null; lastContactAt: number | null; unitZh: string; unitEn: string;
  branchZh: string | null; branchEn: string | null; assigneeName: string | null; attempts: number;
};

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
    attempts: r.attempts, lastAttemptAt: r.lastAttemptAt, closedAt: r.closedAt, closedReason: r.closedReason,
  };
}

/** The case, if its member is in the caller's scope (else 404, as for a case that does not exist). */
async function caseInScope(c: Context<AppEnv>, id: string) {
  const db = database(c.env.DB);
  const [row] = await db.select({ c: lostContactCases }).from(lostContactCases)
    .innerJoin(members, eq(members.id, lostContactCases.memberId))
    .where(and(eq(lostContactCases.tenantId, c.var.key.tenantId), eq(lostContactCases.id, id), memberScope(db, c.var.key))).limit(1);
  if (!row) throw new HttpError(404, 'not_found', 'No such lost-contact case in your scope.');
  return row.c;
}

/**
 * Records one attempt. One that finds the member (reached, relayed) closes the case and sets the
 * member's last contact, so the next daily run does not open it again. On a closed case: 409.
 */
export async function recordAttempt(c: Context<AppEnv>, caseId: string, a: ContactAttemptCreate): Promise<ContactAttempt> {
  const found = await caseInScope(c, caseId);
  if (found.closedAt !== null) throw new HttpError(409, 'conflict', 'The case is closed.');
  const db = database(c.env.DB);
  const k = c.var.key;
  const at = Date.now();
  const attempt = { id: newId('ca'), tenantId: k.tenantId, caseId, memberId: found.memberId, at, channel: a.channel, outcome: a.outcome, note: a.note ?? null, keyId: k.id, userId: k.userId ?? null };
  const isFound = FOUND_OUTCOMES.includes(a.outcome);
  const open = and(eq(lostContactCases.id, caseId), isNull(lostContactCases.closedAt));
  const [updated] = await db.batch([
    db.update(lostContactCases).set({ lastAttemptAt: at, ...(isFound ? { closedAt: at, closedReason: 'found' as const } : {}) }).where(open).returning({ id: lostContactCases.id }),
    db.insert(contactAttempts).select(sql`select ${attempt.id}, ${attempt.tenantId}, ${caseId}, ${attempt.memberId}, ${at}, ${a.channel}, ${a.outcome},
      ${attempt.note}, ${attempt.keyId}, ${attempt.userId} where changes() > 0`),
    ...(isFound ? [db.update(members).set({ lastContactAt: at }).where(and(eq(members.id, found.memberId), sql`changes() > 0`))] : []),
    auditEntry(c, { action: 'lost_contact.attempt', subjectType: 'member', subjectId: found.memberId, detail: { case: caseId, channel: a.channel, outcome: a.outcome } }),
  ]);
  // Closed by someone else between the read and the batch: nothing was recorded.
  if (!updated.length) throw new HttpError(409, 'conflict', 'The case is closed.');
  return { id: attempt.id, at, channel: a.channel, outcome: a.outcome, note: attempt.note, byUserId: attempt.userId };
}

export async function listAttempts(c: Context<AppEnv>, caseId: string): Promise<ContactAttempt[]> {
  const found = await caseInScope(c, caseId);
  const db = database(c.env.DB);
  const [rows] = await db.batch([
    db.select().from(contactAttempts).where(eq(contactAttempts.caseId, caseId)).orderBy(asc(contactAttempts.at)),
    auditEntry(c, { action: 'lost_contact.read', subjectType: 'member', subjectId: found.memberId, detail: { case: caseId } }),
  ]);
  return rows.map((r) => ({ id: r.id, at: r.at, channel: r.channel, outcome: r.outcome, note: r.note, byUserId: r.userId }));
}

/** Assigns, snoozes or reschedules an open case. */
export async function updateCase(c: Context<AppEnv>, caseId: string, u: LostContactUpdate): Promise<void> {
  const found = await caseInScope(c, caseId);
  if (found.closedAt !== null) throw new HttpError(409, 'conflict', 'The case is closed.');
  const db = database(c.env.DB);
  const now = Date.now();
  if (u.snoozedUntil != null && (u.snoozedUntil <= now || u.snoozedUntil > now + SNOOZE_MAX_MS)) {
    throw new HttpError(400, 'validation_failed', 'Some parameters are invalid.', [{ path: 'snoozedUntil', message: 'Between now and 90 days ahead.' }]);
  }
  if (u.assigneeUserId !== undefined) {
    const [user] = await db.select({ id: staffUsers.id }).from(staffUsers)
      .where(and(eq(staffUsers.id, u.assigneeUserId), eq(staffUsers.tenantId, c.var.key.tenantId), isNull(staffUsers.deactivatedAt))).limit(1);
    if (!user) throw new HttpError(400, 'validation_failed', 'Some parameters are invalid.', [{ path: 'assigneeUserId', message: 'No active staff user of this organisation.' }]);
  }
  await db.batch([
    db.update(lostContactCases).set(u).where(and(eq(lostContactCases.id, caseId), isNull(lostContactCases.closedAt))),
    auditEntry(c, { action: 'lost_contact.update', subjectType: 'member', subjectId: found.memberId, detail: { case: caseId, ...u } }),
  ]);
}
