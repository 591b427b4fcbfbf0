// Confirming, rejecting or returning (for the member to correct and send again) a pending
// check-in. Confirming moves the member to the branch; a verified check-in (the sender proved
// the mobile by SMS code) also takes its city, category and employer into the roster. If they
// were hosted elsewhere, that is a handover, recorded on the check-in (previous_branch_id, which
// keeps it visible to the old branch) and in the audit log, in the same batch as the change.
//
// Trust follows verification: an unverified check-in that would move a member already on the
// roster needs two sides (`needsRelease`): the receiving side (the branch, its committee) and a
// side that already has the member in scope (their host branch or committee, or the home side).
// Otherwise a secretary could send the form for anyone's number and confirm it themselves.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Context } from 'hono';
import { auditLog, checkIns, members, type CheckIn } from '../../../schema/index.ts';
import { auditEntry, auditSelect } from '../access/audit.ts';
import { confirmedOnCheckIn, unreportedOnCheckIn } from '../campaigns/funnel-hooks.ts';
import { mayDecide } from '../access/check-in-scope.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { HttpError, notFound } from '../errors.ts';
import { findForDecision, needsRelease, reload, toCheckIn } from './check-ins.ts';
import { closeFoundOnCheckIn } from './lost-contact-changes.ts';
import { enqueueWritten, notifyStatements } from '../notify/events.ts';
import { branchLeft, moveHost } from './scope-copies.ts';

/** `return`: back to the member to correct and send again, with what to correct; else like `reject`. */
export type Decision = { kind: 'confirm' } | { kind: 'reject' | 'return'; reason: string };
const statusAfter = { confirm: 'confirmed', reject: 'rejected', return: 'returned' } as const;

export async function decide(c: Context<AppEnv>, id: string, decision: Decision): Promise<CheckIn> {
  const db = database(c.env.DB);
  const key = c.var.key;
  const t = key.tenantId;
  const row = await findForDecision(db, key, id);
  if (!row) throw notFound('The check-in');
  const twoSided = needsRelease(row);
  const receiving = mayDecide(key, { branchId: row.branchId, committeeId: row.committeeId });
  // A side that already has the member: only counts where both sides are needed.
  const releasing = twoSided && row.memberInScope === 1;
  if (!receiving && !releasing) {
    throw new HttpError(403, 'forbidden', twoSided
      ? "Only the receiving branch's side, and a side that already has this member (their branch or committee, or the home side), decide this check-in."
      : "Only the branch's secretary, its committee's secretary or the home admin decide a check-in.");
  }
  if (row.status !== 'pending') {
    // The same caller asking the same again (a retry after a lost answer) gets its decision back.
    if (row.decidedByKeyId === key.id && row.status === statusAfter[decision.kind]) return toCheckIn(row);
    throw new HttpError(409, 'conflict', `The check-in is already ${row.status}.`);
  }
  const now = Date.now();
  const stillPending = and(eq(checkIns.tenantId, t), eq(checkIns.id, id), eq(checkIns.status, 'pending'))!;
  const decided = { decidedAt: now, decidedByKeyId: key.id };

  if (decision.kind !== 'confirm') {
    const decidedByUs = sql`exists (select 1 from check_ins where id = ${id} and status = ${statusAfter[decision.kind]}
      and decided_at = ${now} and decided_by_key_id = ${key.id})`;
    const results = await db.batch([
      db.update(checkIns).set({ status: statusAfter[decision.kind], rejectReason: decision.reason, ...decided }).where(stillPending),
      // Not accepted: the letters from home it reported are not reported any more (campaigns/funnel-hooks.ts).
      ...unreportedOnCheckIn(db, { tenantId: t, memberId: row.memberId, checkInId: id, now, when: decidedByUs }),
      // Only if this call decided it: one that lost the race answers 409 and leaves no entry.
      db.insert(auditLog).select(sql`${auditSelect(c, {
        at: now, action: `check_in.${decision.kind}`, subjectType: 'check_in', subjectId: id,
        detail: JSON.stringify({ member: row.memberId, branch: row.branchId, reason: decision.reason }),
      })} where ${decidedByUs}`),
      ...notifyStatements(c.env, { tenantId: t, event: `check_in.${statusAfter[decision.kind]}`, subjectId: id, now }),
    ]);
    if ((results[0] as D1Result).meta.changes === 0) throw new HttpError(409, 'conflict', 'The check-in was decided by someone else just now.');
    await enqueueWritten(c.env, results);
    return toCheckIn(await reload(db, key, id));
  }

  if (twoSided && ((receiving && !releasing && row.acceptedAt !== null) || (releasing && !receiving && row.releasedAt !== null))) {
    throw new HttpError(409, 'conflict', 'Your side has already agreed; the check-in waits for the other side.');
  }
  const sides = receiving && releasing ? 'both' : receiving ? 'receiving' : 'releasing';
  const work = confirmation(c, row, sides, now, stillPending, decided);
  // Told only once it is confirmed (one side agreeing writes nothing: the row is not confirmed yet).
  const results = await db.batch([...work, ...notifyStatements(c.env, { tenantId: t, event: 'check_in.confirmed', subjectId: id, now })]);
  if ((results[0] as D1Result).meta.changes === 0) throw new HttpError(409, 'conflict', 'The check-in was decided by someone else just now.');
  await enqueueWritten(c.env, results);
  return toCheckIn(await reload(db, key, id));
}

type Row = NonNullable<Awaited<ReturnType<typeof findForDecision>>>;

/**
 * The batch of a confirming call: record this side's agreement, then confirm if every side
 * needed has agreed (decided in SQL, so two sides agreeing at once still confirm exactly once),
 * then everything a confirmation changes, each only if this call confirmed it.
 */
function confirmation(
  c: Context<AppEnv>, row: Row, sides: 'both' | 'receiving' | 'releasing', now: number, stillPending: SQL,
  decided: { decidedAt: number; decidedByKeyId: string },
): [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] {
  const db = database(c.env.DB);
  const key = c.var.key;
  const t = key.tenantId;
  const id = row.id;
  const accepts = sides !== 'releasing';
  const releases = sides !== 'receiving';
  const confirmedByUs = sql`exists (select 1 from check_ins where id = ${id} and status = 'confirmed' and decided_at = ${now} and decided_by_key_id = ${key.id})`;
  const fromCheckIn = (column: string) => sql`(select ${sql.identifier(column)} from check_ins where id = ${id})`;
  // needsRelease, on the member as they are when this batch runs (they may have moved since the read).
  const hostNow = sql`(select host_branch_id from members where id = ${row.memberId})`;
  const allAgreed = sql`accepted_at is not null and (mobile_verified = 1 or released_at is not null
    or ${hostNow} is ${row.branchId} or (matched_member = 0 and ${hostNow} is null))`;
  const work: [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] = [
    db.update(checkIns).set({
      ...(accepts ? { acceptedAt: sql`coalesce(${checkIns.acceptedAt}, ${now})`, acceptedByKeyId: sql`coalesce(${checkIns.acceptedByKeyId}, ${key.id})` } : {}),
      ...(releases ? { releasedAt: sql`coalesce(${checkIns.releasedAt}, ${now})`, releasedByKeyId: sql`coalesce(${checkIns.releasedByKeyId}, ${key.id})` } : {}),
    }).where(stillPending),
    db.update(checkIns).set({
      status: 'confirmed', ...decided, ...branchLeft(row.memberId, row.branchId),
    }).where(and(stillPending, allAgreed)),
    // The member moves to the branch, with every copy of where they are (scope-copies.ts): the
    // branches' counts, the member, all their check-ins and requests. Only a verified check-in's
    // city, category and employer become the roster's.
    ...moveHost(db, {
      tenantId: t, memberId: row.memberId, branchId: row.branchId, when: confirmedByUs,
      roster: {
        ...(row.mobileVerified ? { currentCity: fromCheckIn('current_city'), category: fromCheckIn('category'), employer: fromCheckIn('employer') } : {}),
        lastCheckInAt: sql`max(coalesce(${members.lastCheckInAt}, 0), ${fromCheckIn('created_at')})`,
        ...(row.mobileVerified ? { mobileVerifiedAt: sql`coalesce(${members.mobileVerifiedAt}, ${fromCheckIn('created_at')})` } : {}),
      },
    }),
    // Heard of: an open lost-contact case of theirs closes as found now, not at the next daily run.
    closeFoundOnCheckIn(db, { tenantId: t, memberId: row.memberId, at: now, when: confirmedByUs }),
    // Their reported letters from home are confirmed (campaigns/funnel-hooks.ts).
    ...confirmedOnCheckIn(db, { tenantId: t, memberId: row.memberId, checkInId: id, now, when: confirmedByUs }),
    // A release given for the member's other pending check-ins was given by the side they have
    // just left (or before this move): void, so the side that has them now must agree afresh.
    db.update(checkIns).set({ releasedAt: null, releasedByKeyId: null })
      .where(and(eq(checkIns.tenantId, t), eq(checkIns.memberId, row.memberId), eq(checkIns.status, 'pending'), confirmedByUs)),
    auditEntry(c, {
      action: 'check_in.confirm', subjectType: 'check_in', subjectId: id,
      detail: sql`json_object('member', ${row.memberId}, 'branch', ${row.branchId}, 'sides', ${sides},
        'mobileVerified', json(${row.mobileVerified ? 'true' : 'false'}), 'confirmed', json(case when ${confirmedByUs} then 'true' else 'false' end))`,
    }),
  ];
  if (row.hostBranchId !== null && row.hostBranchId !== row.branchId) {
    work.push(auditEntry(c, {
      action: 'member.handover', subjectType: 'member', subjectId: row.memberId,
      detail: sql`json_object('from', ${row.hostBranchId}, 'to', ${row.branchId}, 'checkIn', ${id},
        'completed', json(case when ${confirmedByUs} then 'true' else 'false' end))`,
    }));
  }
  return work;
}
