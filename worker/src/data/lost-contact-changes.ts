// What staff record on a lost-contact case: contact attempts (one that reaches the member closes
// the case and writes the contact to the roster), the assignee (someone whose grants cover the
// member), a due date, a snooze, closing by hand with a reason, and reopening. Every change is
// audited with the member as its subject, in the same batch.
import { and, asc, eq, isNotNull, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Context } from 'hono';
import {
  contactAttempts, FOUND_OUTCOMES, lostContactCases, members, staffGrants, staffUsers,
  type AssignableStaff, type ContactAttempt, type ContactAttemptCreate, type LostContactClose, type LostContactReopen, type LostContactUpdate, type Role,
} from '../../../schema/index.ts';
import { auditEntry } from '../access/audit.ts';
import { database, type Database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { HttpError } from '../errors.ts';
import { newId } from '../lib/crypto.ts';
import { FOLLOW_UP_DAYS } from '../jobs/lost-contact.ts';
import { caseInScope } from './lost-contact.ts';

const SNOOZE_MAX_MS = 90 * 24 * 60 * 60 * 1000;
const closedConflict = () => new HttpError(409, 'conflict', 'The case is closed.');
const invalid = (path: string, message: string) => new HttpError(400, 'validation_failed', 'Some parameters are invalid.', [{ path, message }]);
const openCase = (id: string) => and(eq(lostContactCases.id, id), isNull(lostContactCases.closedAt))!;

/**
 * Records one attempt. One that finds the member (reached, relayed) closes the case and sets the
 * member's last contact, so the next daily run does not open it again. On a closed case: 409.
 */
export async function recordAttempt(c: Context<AppEnv>, caseId: string, a: ContactAttemptCreate): Promise<ContactAttempt> {
  const found = await caseInScope(c, caseId);
  if (found.closedAt !== null) throw closedConflict();
  const db = database(c.env.DB);
  const k = c.var.key;
  const at = Date.now();
  const attempt = { id: newId('ca'), tenantId: k.tenantId, memberId: found.memberId, note: a.note ?? null, userId: k.userId ?? null };
  const fellow = a.fellowMemberId === undefined ? null : await fellowOf(db, found, a.fellowMemberId);
  const isFound = FOUND_OUTCOMES.includes(a.outcome);
  const [updated] = await db.batch([
    db.update(lostContactCases).set({ lastAttemptAt: at, ...(isFound ? { closedAt: at, closedReason: 'found' as const } : {}) }).where(openCase(caseId))
      .returning({ id: lostContactCases.id }),
    db.insert(contactAttempts).select(sql`select ${attempt.id}, ${attempt.tenantId}, ${caseId}, ${attempt.memberId}, ${at}, ${a.channel}, ${a.outcome},
      ${attempt.note}, ${fellow?.id ?? null}, ${k.id}, ${attempt.userId} where changes() > 0`),
    ...(isFound ? [db.update(members).set({ lastContactAt: at }).where(and(eq(members.id, found.memberId), sql`changes() > 0`))] : []),
    auditEntry(c, { action: 'lost_contact.attempt', subjectType: 'member', subjectId: found.memberId,
      detail: { case: caseId, channel: a.channel, outcome: a.outcome, ...(fellow ? { fellow: fellow.id } : {}) } }),
  ]);
  // Closed by someone else between the read and the batch: nothing was recorded.
  if (!updated.length) throw closedConflict();
  return { id: attempt.id, at, channel: a.channel, outcome: a.outcome, note: attempt.note, byUserId: attempt.userId, fellow };
}

/** The fellow asked: a member of the lost member's village (not the member), else a 400 that names no one. */
async function fellowOf(db: Database, found: { tenantId: string; memberId: string }, fellowId: string) {
  const [row] = await db.select({ id: members.id, name: members.name }).from(members).where(and(
    eq(members.tenantId, found.tenantId), eq(members.id, fellowId), ne(members.id, found.memberId),
    sql`${members.homeUnitId} = (select home_unit_id from members where id = ${found.memberId})`,
  )).limit(1);
  if (!row) throw invalid('fellowMemberId', 'Not a member of the same village as the lost member.');
  return row;
}

export async function listAttempts(c: Context<AppEnv>, caseId: string): Promise<ContactAttempt[]> {
  const found = await caseInScope(c, caseId);
  const db = database(c.env.DB);
  const [rows] = await db.batch([
    db.select({ a: contactAttempts, fellowName: members.name }).from(contactAttempts).leftJoin(members, eq(members.id, contactAttempts.fellowMemberId))
      .where(eq(contactAttempts.caseId, caseId)).orderBy(asc(contactAttempts.at)),
    auditEntry(c, { action: 'lost_contact.read', subjectType: 'member', subjectId: found.memberId, detail: { case: caseId } }),
  ]);
  return rows.map(({ a: r, fellowName }) => ({
    id: r.id, at: r.at, channel: r.channel, outcome: r.outcome, note: r.note, byUserId: r.userId,
    fellow: r.fellowMemberId ? { id: r.fellowMemberId, name: fellowName ?? '' } : null,
  }));
}

type CaseCopies = { tenantId: string; homeUnitId: string | null; homeTownId: string | null; memberBranchId: string | null; memberCommitteeId: string | null };

/**
 * Active staff users with a live grant that sees the case's member: a home admin, or the staff of
 * its town, village, committee or branch (the case's scope copies are the member's). Partners and
 * station managers see no members, so no grant of theirs counts. `only` narrows it to one user.
 * Each arm seeks staff_grants_node (tenant, role, node); exported for the query-plan test.
 */
export function assignable(db: Database, c: CaseCopies, only?: string) {
  const g = staffGrants;
  const covers = ([role, node]: [Role, string | null]) => (node === null ? [] : [and(eq(g.role, role), eq(g.scopeNodeId, node))!]);
  const arms: SQL[] = [eq(g.role, 'home_admin'), ...([
    ['town_staff', c.homeTownId], ['village_staff', c.homeUnitId], ['committee_secretary', c.memberCommitteeId], ['branch_secretary', c.memberBranchId],
  ] as [Role, string | null][]).flatMap(covers)];
  return db.select({ id: staffUsers.id, name: staffUsers.name, roles: sql<string>`json_group_array(distinct ${g.role})` })
    .from(g).innerJoin(staffUsers, eq(staffUsers.id, g.userId))
    .where(and(eq(g.tenantId, c.tenantId), eq(staffUsers.tenantId, c.tenantId), isNull(g.revokedAt), isNull(staffUsers.deactivatedAt),
      or(...arms), only === undefined ? undefined : eq(staffUsers.id, only)))
    .groupBy(staffUsers.id).orderBy(asc(staffUsers.name), asc(staffUsers.id));
}

/** Whom the case may be assigned to (the picker's list), audited as a read of the member. */
export async function assignableStaff(c: Context<AppEnv>, caseId: string): Promise<AssignableStaff[]> {
  const found = await caseInScope(c, caseId);
  const db = database(c.env.DB);
  const [rows] = await db.batch([
    assignable(db, found),
    auditEntry(c, { action: 'lost_contact.assignees', subjectType: 'member', subjectId: found.memberId, detail: { case: caseId } }),
  ]);
  return rows.map((r) => ({ id: r.id, name: r.name, roles: JSON.parse(r.roles) as Role[] }));
}

/** Assigns, snoozes or reschedules an open case. The assignee must see the member. */
export async function updateCase(c: Context<AppEnv>, caseId: string, u: LostContactUpdate): Promise<void> {
  const found = await caseInScope(c, caseId);
  if (found.closedAt !== null) throw closedConflict();
  const db = database(c.env.DB);
  const now = Date.now();
  if (u.snoozedUntil != null && (u.snoozedUntil <= now || u.snoozedUntil > now + SNOOZE_MAX_MS)) {
    throw invalid('snoozedUntil', 'Between now and 90 days ahead.');
  }
  if (u.assigneeUserId !== undefined && !(await assignable(db, found, u.assigneeUserId)).length) {
    throw invalid('assigneeUserId', 'No active staff user of this organisation whose grants cover this member.');
  }
  const [updated] = await db.batch([
    db.update(lostContactCases).set(u).where(openCase(caseId)).returning({ id: lostContactCases.id }),
    auditEntry(c, { action: 'lost_contact.update', subjectType: 'member', subjectId: found.memberId, detail: { case: caseId, ...u } }),
  ]);
  // Closed by someone else since it was read: nothing changed, and the caller is told.
  if (!updated.length) throw closedConflict();
}

/** Closes an open case by hand, with its reason (the member died, left the party, is a duplicate…). */
export async function closeCase(c: Context<AppEnv>, caseId: string, body: LostContactClose): Promise<void> {
  const found = await caseInScope(c, caseId);
  if (found.closedAt !== null) throw closedConflict();
  const db = database(c.env.DB);
  const [updated] = await db.batch([
    db.update(lostContactCases).set({ closedAt: Date.now(), closedReason: body.reason, closedNote: body.note || null })
      .where(openCase(caseId)).returning({ id: lostContactCases.id }),
    auditEntry(c, { action: 'lost_contact.close', subjectType: 'member', subjectId: found.memberId, detail: { case: caseId, reason: body.reason, note: body.note ?? null } }),
  ]);
  if (!updated.length) throw closedConflict();
}

/**
 * Reopens a closed case as if opened now: due in two weeks, unsnoozed. Opened now, so that a
 * contact recorded before (a found case reopened) does not close it again on the next run.
 * 409 if it is open, or the member has another open case (the daily job opened one since).
 */
export async function reopenCase(c: Context<AppEnv>, caseId: string, body: LostContactReopen): Promise<void> {
  const found = await caseInScope(c, caseId);
  if (found.closedAt === null) throw new HttpError(409, 'conflict', 'The case is open.');
  const db = database(c.env.DB);
  const now = Date.now();
  const another = sql`exists (select 1 from lost_contact_cases o where o.tenant_id = ${found.tenantId} and o.member_id = ${found.memberId} and o.closed_at is null)`;
  const [updated] = await db.batch([
    db.update(lostContactCases).set({
      closedAt: null, closedReason: null, closedNote: body.note || null, openedAt: now, dueAt: now + FOLLOW_UP_DAYS * 86_400_000, snoozedUntil: null,
    }).where(and(eq(lostContactCases.id, caseId), isNotNull(lostContactCases.closedAt), sql`not ${another}`)).returning({ id: lostContactCases.id }),
    auditEntry(c, { action: 'lost_contact.reopen', subjectType: 'member', subjectId: found.memberId, detail: { case: caseId, note: body.note ?? null } }),
  ]);
  if (!updated.length) throw new HttpError(409, 'conflict', 'The member has another open case, or this one was reopened meanwhile.');
}

/** A confirmed check-in finds the member: their open case closes as found, in the confirmation's batch, where `when` holds. */
export const closeFoundOnCheckIn = (db: Database, o: { tenantId: string; memberId: string; at: number; when: SQL }): BatchItem<'sqlite'> =>
  db.update(lostContactCases).set({ closedAt: o.at, closedReason: 'found' })
    .where(and(eq(lostContactCases.tenantId, o.tenantId), eq(lostContactCases.memberId, o.memberId), isNull(lostContactCases.closedAt), o.when));
