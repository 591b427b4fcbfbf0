// Filing a service request, exactly once, like a check-in (check-in-create.ts): after the checks,
// ONE batch stores the response under the Idempotency-Key, adds the member if the mobile is new,
// inserts the routed request and its audit entry. Either all of it happened or none.
//
// The form is unverified (a publishable key): knowing a mobile proves nothing. So filing never
// changes a known member's roster (name, home unit, current city, category; what was submitted
// is in the request's audit entry), a different name is flagged (`name_mismatch`), and a request
// whose name does not match the roster is not shared with a partner: sharing the member's data
// needs the member. The receipt does not say so (it would tell anyone whether a name matches a
// mobile); staff see it on the request and in its history.
import { and, eq, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import type { z } from '@hono/zod-openapi';
import {
  homeUnits, partners, SERVICE_REQUEST_CONSENT, SERVICE_REQUEST_SHARE_CONSENT, serviceRequests,
  type ServiceRequestCreate, type ServiceRequestReceipt,
} from '../../../schema/index.ts';
import { auditEntry } from '../access/audit.ts';
import { database, errorMessages } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { HttpError } from '../errors.ts';
import { newId } from '../lib/crypto.ts';
import { referenceCode } from '../lib/reference.ts';
import { respondOnce, storeResponse } from '../middleware/idempotency.ts';
import { limitPerPhone } from '../middleware/rate-limit.ts';
import { senderVerified } from '../verification/mobile-proof.ts';
import { insertMemberIfNew, memberIdByMobile, requestCopies } from './scope-copies.ts';
import { routerFor, type Routing } from './service-request-routing.ts';

type Submission = z.output<typeof ServiceRequestCreate>;

const invalid = (path: string, message: string, text = 'Some parameters are invalid.') =>
  new HttpError(400, 'validation_failed', text, [{ path, message }]);

function checkConsents(s: Submission) {
  const outdated = 'The consent text has changed since this form was loaded: reload it and agree to the current text.';
  if (s.consent.version !== SERVICE_REQUEST_CONSENT.version) {
    throw invalid('consent.version', `Expected ${SERVICE_REQUEST_CONSENT.version}.`, outdated);
  }
  if (s.shareWith && s.shareWith.consent.version !== SERVICE_REQUEST_SHARE_CONSENT.version) {
    throw invalid('shareWith.consent.version', `Expected ${SERVICE_REQUEST_SHARE_CONSENT.version}.`, outdated);
  }
}

/** Whether the home unit, and the partner shared with, are this tenant's. */
async function lookUp(c: Context<AppEnv>, s: Submission) {
  const db = database(c.env.DB);
  const t = c.var.key.tenantId;
  const [units, partnerRows] = await db.batch([
    db.select({ id: homeUnits.id }).from(homeUnits).where(and(eq(homeUnits.tenantId, t), eq(homeUnits.id, s.homeUnitId))).limit(1),
    db.select({ id: partners.id }).from(partners).where(and(eq(partners.tenantId, t), eq(partners.id, s.shareWith?.partnerId ?? ''))).limit(1),
  ]);
  if (!units.length) throw invalid('homeUnitId', 'Not a town or village of this organisation.');
  if (s.shareWith && !partnerRows.length) throw invalid('shareWith.partnerId', 'Not a partner of this organisation.');
}

function statements(c: Context<AppEnv>, s: Submission, verified: boolean, routing: Routing, id: string, reference: string, now: number, body: string) {
  const db = database(c.env.DB);
  const key = c.var.key;
  const t = key.tenantId;
  const memberId = memberIdByMobile(t, s.mobile);
  /**
   * The share, if the request may be shared: the consent is the member's only if the sender proved the
   * number. Decided without looking at the roster, so that sharing tells the partner nothing of it.
   */
  const shared = s.shareWith && verified ? s.shareWith : null;
  // The same for consent to be texted: else a staff or partner key could sign a stranger's phone up.
  const notify = s.notify && verified;
  const submitted = { homeUnitId: s.homeUnitId, currentCity: s.currentCity, memberCategory: s.memberCategory };
  return [
    storeResponse(c, 201, body),
    // A new mobile becomes a member as submitted; a known one's roster is never changed from here.
    // Scope copies: scope-copies.ts.
    ...insertMemberIfNew(db, {
      id: newId('mb'), tenantId: t, name: s.name, mobile: s.mobile,
      homeUnitId: s.homeUnitId, currentCity: s.currentCity, category: s.memberCategory,
    }),
    db.insert(serviceRequests).values({
      id, tenantId: t, memberId, category: s.category, reference,
      cityId: routing.cityId, committeeId: routing.committeeId, stationId: routing.stationId,
      description: s.description, submittedName: s.name,
      // Whether the name given is not the roster's (after the insert above, a new member's always is).
      nameMismatch: sql`(select name <> ${s.name} from members where tenant_id = ${t} and mobile = ${s.mobile})`,
      consentVersion: s.consent.version,
      sharedWithPartnerId: shared?.partnerId ?? null, shareConsentVersion: shared?.consent.version ?? null,
      sharedAt: shared ? now : null, createdByKeyId: key.id, createdAt: now, updatedAt: now, notify,
      ...requestCopies(t, s.mobile),
    }),
    auditEntry(c, {
      action: 'service_request.create', subjectType: 'service_request', subjectId: id,
      detail: sql`json_object('member', ${memberId}, 'category', ${s.category}, 'routedTo', ${routing.routedTo.id},
        'sharedWith', ${shared?.partnerId ?? null},
        'shareWithheld', ${s.shareWith && !verified ? s.shareWith.partnerId : null},
        'notifyWithheld', json(${s.notify && !verified ? 'true' : 'false'}),
        'submitted', json(${JSON.stringify(submitted)}))`,
    }),
  ] as const;
}

const referenceTaken = (err: unknown) => /UNIQUE constraint failed: service_requests\.tenant_id, service_requests\.reference/.test(errorMessages(err));

/** Answers 201 with the receipt, or the stored response to a retry with the same Idempotency-Key. */
export async function createServiceRequest(c: Context<AppEnv>, s: Submission): Promise<Response> {
  checkConsents(s);
  const verified = await senderVerified(c, s.mobile, s.mobileProof);
  const db = database(c.env.DB);
  // In parallel, but the answer is deterministic: an unknown place (404) before a bad field (400).
  const [routed, checked] = await Promise.allSettled([routerFor(db, c.var.key.tenantId, { cityId: s.cityId, stationId: s.stationId }), lookUp(c, s)]);
  if (routed.status === 'rejected') throw routed.reason;
  if (checked.status === 'rejected') throw checked.reason;
  // Counted once the request is known to be good: a refused one uses up nobody's allowance.
  await limitPerPhone(c, s.mobile, verified);
  const routing = routed.value(s.category);
  for (let attempt = 1; ; attempt++) {
    const now = Date.now();
    const id = newId('sr');
    const reference = referenceCode('SR');
    const receipt: ServiceRequestReceipt = { id, reference, category: s.category, status: 'open', routedTo: routing.routedTo, resolution: null, createdAt: now, updatedAt: now };
    const body = JSON.stringify(receipt);
    try {
      return await respondOnce(c, 201, body, () => db.batch([...statements(c, s, verified, routing, id, reference, now, body)]));
    } catch (err) {
      // 40 random bits: a clash is rare, and the batch rolled back, so try a new code.
      if (attempt < 3 && referenceTaken(err)) continue;
      throw err;
    }
  }
}
