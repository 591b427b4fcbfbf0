// Confirming or rejecting a pending check-in. Confirming moves the member to the branch and takes
// the check-in's city, category and employer into the roster. If they were hosted elsewhere, that
// is a handover, recorded on the check-in (previous_branch_id, which keeps it visible to the old
// branch) and in the audit log, in the same batch as the change.
import { and, eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Context } from 'hono';
import { branches, checkIns, members, serviceRequests, type CheckIn } from '../../../schema/index.ts';
import { auditEntry } from '../access/audit.ts';
import { mayDecide } from '../access/check-in-scope.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { HttpError, notFound } from '../errors.ts';
import { findForDecision, reload, toCheckIn } from './check-ins.ts';

export type Decision = { kind: 'confirm' } | { kind: 'reject'; reason: string };

export async function decide(c: Context<AppEnv>, id: string, decision: Decision): Promise<CheckIn> {
  const db = database(c.env.DB);
  const key = c.var.key;
  const t = key.tenantId;
  const row = await findForDecision(db, key, id);
  if (!row) throw notFound('The check-in');
  if (!mayDecide(key, { branchId: row.branchId, committeeId: row.committeeId })) {
    throw new HttpError(403, 'forbidden', "Only the branch's secretary, its committee's secretary or the home admin decide a check-in.");
  }
  if (row.status !== 'pending') throw new HttpError(409, 'conflict', `The check-in is already ${row.status}.`);
  const now = Date.now();
  const stillPending = and(eq(checkIns.tenantId, t), eq(checkIns.id, id), eq(checkIns.status, 'pending'));
  const decided = { decidedAt: now, decidedByKeyId: key.id };
  let work: [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]];
  if (decision.kind === 'reject') {
    work = [
      db.update(checkIns).set({ status: 'rejected', rejectReason: decision.reason, ...decided }).where(stillPending),
      auditEntry(c, { action: 'check_in.reject', subjectType: 'check_in', subjectId: id, detail: { member: row.memberId, branch: row.branchId, reason: decision.reason } }),
    ];
  } else {
    // The later statements act only if this one confirmed it (a concurrent decision changes nothing).
    const confirmedByUs = sql`exists (select 1 from check_ins where id = ${id} and status = 'confirmed' and decided_at = ${now} and decided_by_key_id = ${key.id})`;
    const committeeOfBranch = sql`(select committee_id from branches where id = ${row.branchId})`;
    const movesBranch = sql`(select host_branch_id from members where id = ${row.memberId}) is not ${row.branchId}`;
    work = [
      db.update(checkIns).set({
        status: 'confirmed', ...decided,
        previousBranchId: sql`(select host_branch_id from members where id = ${row.memberId} and host_branch_id <> ${row.branchId})`,
        previousCommitteeId: sql`(select host_committee_id from members where id = ${row.memberId} and host_branch_id <> ${row.branchId})`,
      }).where(stillPending),
      // The branches' public member counts follow the member (before the member row moves).
      db.update(branches).set({ memberCount: sql`${branches.memberCount} + 1` })
        .where(and(eq(branches.tenantId, t), eq(branches.id, row.branchId), confirmedByUs, movesBranch)),
      db.update(branches).set({ memberCount: sql`max(${branches.memberCount} - 1, 0)` })
        .where(and(eq(branches.tenantId, t), confirmedByUs,
          sql`${branches.id} = (select previous_branch_id from check_ins where id = ${id})`)),
      // The confirmed check-in's city, category and employer become the roster's (a form alone never changes them).
      db.update(members).set({
        hostBranchId: row.branchId, hostCommitteeId: committeeOfBranch,
        currentCity: sql`(select current_city from check_ins where id = ${id})`,
        category: sql`(select category from check_ins where id = ${id})`,
        employer: sql`(select employer from check_ins where id = ${id})`,
        lastCheckInAt: sql`max(coalesce(${members.lastCheckInAt}, 0), (select created_at from check_ins where id = ${id}))`,
      }).where(and(eq(members.tenantId, t), eq(members.id, row.memberId), confirmedByUs)),
      // The member's check-ins and requests carry where the member is hosted now (their scopes' copies).
      db.update(checkIns).set({ memberBranchId: row.branchId, memberCommitteeId: committeeOfBranch })
        .where(and(eq(checkIns.tenantId, t), eq(checkIns.memberId, row.memberId), confirmedByUs)),
      db.update(serviceRequests).set({ memberBranchId: row.branchId })
        .where(and(eq(serviceRequests.tenantId, t), eq(serviceRequests.memberId, row.memberId), confirmedByUs)),
      auditEntry(c, { action: 'check_in.confirm', subjectType: 'check_in', subjectId: id, detail: { member: row.memberId, branch: row.branchId } }),
    ];
    if (row.hostBranchId !== null && row.hostBranchId !== row.branchId) {
      work.push(auditEntry(c, {
        action: 'member.handover', subjectType: 'member', subjectId: row.memberId,
        detail: { from: row.hostBranchId, to: row.branchId, checkIn: id },
      }));
    }
  }
  const [updated] = await db.batch(work);
  if ((updated as D1Result).meta.changes === 0) throw new HttpError(409, 'conflict', 'The check-in was decided by someone else just now.');
  return toCheckIn(await reload(db, t, id));
}
