// Creating a check-in, exactly once. After the checks, ONE batch does everything: it records the
// response under the Idempotency-Key, upserts the member by mobile, inserts the check-in and its
// service requests, and audits it. D1 runs a batch as one transaction, so either all of it
// happened (and a retry replays the stored response) or none of it did.
// Nothing of one submission is shown to another sender: only a sender who proved the mobile by
// SMS code gets back the receipt of a pending check-in already there; anyone else's submission
// is a check-in of its own, which cannot change the roster without both sides (check-in-decisions.ts).
import { and, eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Context } from 'hono';
import type { z } from '@hono/zod-openapi';
import {
  branches, CHECK_IN_CONSENT, checkIns, homeUnits, serviceRequests,
  type CheckInCreate, type CheckInReceipt, type CheckInServiceRequest, type ServiceCategory,
} from '../../../schema/index.ts';
import { auditEntry } from '../access/audit.ts';
import { reportedOnCheckIn } from '../campaigns/funnel-hooks.ts';
import { database, errorMessages } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { HttpError, notFound } from '../errors.ts';
import { newId } from '../lib/crypto.ts';
import { referenceCode } from '../lib/reference.ts';
import { respondOnce, storeResponse } from '../middleware/idempotency.ts';
import { limitPerPhone } from '../middleware/rate-limit.ts';
import { senderVerified } from '../verification/mobile-proof.ts';
import { checkInCopies, insertMemberIfNew, memberIdByMobile, requestCopies } from './scope-copies.ts';
import { routerFor, type Router, type Routing } from './service-request-routing.ts';
import { checkInRequestsQuery, toCheckInRequests } from './service-requests.ts';

type Submission = z.output<typeof CheckInCreate>;
type Branch = { id: string; nameZh: string; nameEn: string; cityId: string; committeeId: string | null };
type Pending = { id: string; reference: string; createdAt: number; serviceRequests: CheckInServiceRequest[] };
/** A need to file with the check-in: its reference is made before the batch, so that the receipt (and its replay) names it. */
type Need = Routing & { category: ServiceCategory; reference: string };

const json = (receipt: CheckInReceipt) => JSON.stringify(receipt);

/**
 * The branch, whether the home unit is the tenant's, and (for a verified sender only) this
 * member's verified pending check-in there with its requests.
 */
async function lookUp(c: Context<AppEnv>, s: Submission, verified: boolean): Promise<{ branch: Branch | undefined; unitKnown: boolean; pending: Pending | undefined }> {
  const db = database(c.env.DB);
  const tenantId = c.var.key.tenantId;
  // An unverified sender is never shown another submission: for them the lookup matches nothing.
  const pendingHere = verified
    ? and(eq(checkIns.tenantId, tenantId), eq(checkIns.memberId, memberIdByMobile(tenantId, s.mobile)),
      eq(checkIns.branchId, s.branchId), eq(checkIns.status, 'pending'), eq(checkIns.mobileVerified, true))!
    : sql`0`;
  const [branchRows, unitRows, pendingRows, requestRows] = await db.batch([
    db.select({ id: branches.id, nameZh: branches.nameZh, nameEn: branches.nameEn, cityId: branches.cityId, committeeId: branches.committeeId })
      .from(branches).where(and(eq(branches.tenantId, tenantId), eq(branches.id, s.branchId))).limit(1),
    db.select({ id: homeUnits.id }).from(homeUnits).where(and(eq(homeUnits.tenantId, tenantId), eq(homeUnits.id, s.homeUnitId))).limit(1),
    db.select({ id: checkIns.id, reference: checkIns.reference, createdAt: checkIns.createdAt }).from(checkIns).where(pendingHere).limit(1),
    // Empty unless there is a pending check-in (one per member and branch) with needs.
    checkInRequestsQuery(db, pendingHere),
  ]);
  const pending = pendingRows[0] && { ...pendingRows[0], serviceRequests: toCheckInRequests(requestRows) };
  return { branch: branchRows[0] as Branch | undefined, unitKnown: unitRows.length > 0, pending };
}

const receiptFor = (branch: Branch, { id, reference, createdAt, serviceRequests }: Pending): CheckInReceipt => ({
  id, reference, status: 'pending', branch: { id: branch.id, name: { zh: branch.nameZh, en: branch.nameEn } },
  createdAt, decidedAt: null, rejectReason: null, serviceRequests,
});

/** The statements of one check-in (see the top of this file). */
function statements(
  c: Context<AppEnv>, s: Submission, verified: boolean, branch: Branch, needs: Need[], checkInId: string, reference: string, now: number, body: string,
): BatchItem<'sqlite'>[] {
  const db = database(c.env.DB);
  const key = c.var.key;
  const t = key.tenantId;
  const memberId = memberIdByMobile(t, s.mobile);
  const employer = s.employer || null;
  const newMemberId = newId('mb');
  // Consent to be texted is the number's owner's only if the sender proved the number: else anyone
  // with a staff or partner key could sign a stranger's phone up for messages.
  const notify = s.notify && verified;
  const work: BatchItem<'sqlite'>[] = [
    storeResponse(c, 201, body),
    // A new member gets everything. A known one is not touched here: what changes with a move
    // (city, category, employer) reaches the roster when the check-in is confirmed, and only if
    // the sender verified the mobile (check-in-decisions.ts). Scope copies: scope-copies.ts.
    ...insertMemberIfNew(db, {
      id: newMemberId, tenantId: t, name: s.name, mobile: s.mobile, homeUnitId: s.homeUnitId,
      currentCity: s.currentCity, category: s.category, employer, lastCheckInAt: now,
    }),
    db.insert(checkIns).values({
      id: checkInId, tenantId: t, memberId, branchId: branch.id, reference,
      submittedName: s.name,
      nameMismatch: sql`(select name <> ${s.name} from members where tenant_id = ${t} and mobile = ${s.mobile})`,
      currentCity: s.currentCity, category: s.category, employer, needs: s.needs,
      consentVersion: s.consent.version, consentedAt: now, createdByKeyId: key.id, createdAt: now,
      ...checkInCopies(t, s.mobile, branch),
      mobileVerified: verified, submittedHomeUnitId: s.homeUnitId, notify,
      matchedMember: sql`(${memberId} <> ${newMemberId})`,
    }),
    // Each need, routed in the branch's city (service-request-routing.ts).
    ...needs.map(({ category, reference, cityId, committeeId, stationId }) => db.insert(serviceRequests).values({
      id: newId('sr'), tenantId: t, memberId, category, checkInId, cityId, committeeId, stationId,
      reference, consentVersion: s.consent.version, createdByKeyId: key.id, createdAt: now, updatedAt: now, notify,
      ...requestCopies(t, s.mobile, { branchId: branch.id }),
    })),
  ];
  // The member's open letters from home are reported, if the sender proved the mobile (campaigns/funnel-hooks.ts).
  work.push(...reportedOnCheckIn(db, { tenantId: t, mobile: s.mobile, checkInId, now, verified }));
  // Every check-in, the form's too: it creates or touches personal data.
  work.push(auditEntry(c, {
    action: 'check_in.create', subjectType: 'check_in', subjectId: checkInId,
    detail: sql`json_object('member', ${memberId}, 'branch', ${branch.id}, 'needs', json(${JSON.stringify(s.needs)}),
      'mobileVerified', json(${verified ? 'true' : 'false'}), 'notifyWithheld', json(${s.notify && !verified ? 'true' : 'false'}), 'newMember', json(case when ${memberId} = ${newMemberId} then 'true' else 'false' end))`,
  }));
  return work;
}

const referenceTaken = (err: unknown) => /UNIQUE constraint failed: (check_ins|service_requests)\.tenant_id, \w+\.reference/.test(errorMessages(err));
/** Another verified submission (another idempotency key) created this member's pending check-in there first. */
const pendingTaken = (err: unknown) => /UNIQUE constraint failed: check_ins\.tenant_id, check_ins\.member_id, check_ins\.branch_id/.test(errorMessages(err));

/**
 * For a verified sender: the receipt of their pending check-in already there, answered 201 like a new
 * one. It answers their open letters too (campaigns/funnel-hooks.ts): one pending since before a
 * letter did not report it, and the member sending the form again is answering that letter.
 */
function samePending(c: Context<AppEnv>, s: Submission, branch: Branch, pending: Pending) {
  const body = json(receiptFor(branch, pending));
  const db = database(c.env.DB);
  const reported = reportedOnCheckIn(db, { tenantId: c.var.key.tenantId, mobile: s.mobile, checkInId: pending.id, now: Date.now(), verified: true });
  return respondOnce(c, 201, body, () => db.batch([storeResponse(c, 201, body), ...reported]));
}

/** Answers 201 with a new check-in's receipt (or the pending one's), or the stored response to a retry. */
export async function createCheckIn(c: Context<AppEnv>, s: Submission): Promise<Response> {
  if (s.consent.version !== CHECK_IN_CONSENT.version) {
    throw new HttpError(400, 'validation_failed',
      'The consent text has changed since this form was loaded: reload the form and agree to the current text.',
      [{ path: 'consent.version', message: `Expected ${CHECK_IN_CONSENT.version}.` }]);
  }
  const verified = await senderVerified(c, s.mobile, s.mobileProof);
  const { branch, unitKnown, pending } = await lookUp(c, s, verified);
  if (!branch) throw notFound('The branch');
  if (!unitKnown) {
    throw new HttpError(400, 'validation_failed', 'Some parameters are invalid.', [{ path: 'homeUnitId', message: 'Not a town or village of this organisation.' }]);
  }
  // Counted once the submission is known to be good: a refused one uses up nobody's allowance.
  await limitPerPhone(c, s.mobile, verified);
  const db = database(c.env.DB);
  if (pending) return samePending(c, s, branch, pending);
  // Routing costs a D1 round trip: only when there are needs to route.
  const route = s.needs.length ? await routerFor(db, c.var.key.tenantId, { cityId: branch.cityId, committeeId: branch.committeeId }) : undefined;
  for (let attempt = 1; ; attempt++) {
    const now = Date.now();
    const reference = referenceCode('GK');
    const needs: Need[] = s.needs.map((category) => ({ ...route!(category), category, reference: referenceCode('SR') }));
    const checkInId = newId('ci');
    const body = json(receiptFor(branch, { id: checkInId, reference, createdAt: now,
      serviceRequests: needs.map((n) => ({ reference: n.reference, category: n.category, status: 'open', routedTo: n.routedTo, resolution: null })) }));
    const [first, ...rest] = statements(c, s, verified, branch, needs, checkInId, reference, now, body);
    try {
      return await respondOnce(c, 201, body, () => db.batch([first!, ...rest]));
    } catch (err) {
      // 40 random bits: a clash is rare, and the batch rolled back, so try new codes.
      if (attempt < 3 && referenceTaken(err)) continue;
      if (verified && pendingTaken(err)) {
        const { pending: winner } = await lookUp(c, s, verified);
        if (winner) return samePending(c, s, branch, winner);
      }
      throw err;
    }
  }
}
