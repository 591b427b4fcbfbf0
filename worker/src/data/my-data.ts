// A member's own data (PIPL arts. 44-47), after they proved the mobile by SMS code: what is held
// about the mobile, withdrawing consents, and asking for a correction or erasure. The proof is
// checked before anything is read; a mobile without one is refused with the same 403 whatever
// the roster holds, so the route reveals nothing about who is on it.
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Context } from 'hono';
import {
  branches, campaignLetters, campaigns, checkIns, DATA_REQUEST_DUE_DAYS, dataRequests, homeUnits, members, notifications, partnerConsents, partners, serviceRequests, smsOutbox,
  type DataRequest, type MyData,
} from '../../../schema/index.ts';
import { auditEntry } from '../access/audit.ts';
import { database, named, type Database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { HttpError, notFound } from '../errors.ts';
import { newId } from '../lib/crypto.ts';
import { mobileHash, provesMobile } from '../verification/mobile-proof.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
type Auth = { mobile: string; mobileProof: string };

/** The mobile's HMAC, once the proof is checked; a 403 without a live proof for this very number. */
export async function provenMobile(c: Context<AppEnv>, a: Auth): Promise<string> {
  if (!(await provesMobile(c.env, a.mobileProof, c.var.key.tenantId, a.mobile))) {
    throw new HttpError(403, 'mobile_unverified', 'Verify this mobile number with an SMS code first (or again: the proof has expired).');
  }
  return mobileHash(c.env, c.var.key.tenantId, a.mobile);
}

export const toDataRequest = (r: typeof dataRequests.$inferSelect): DataRequest => ({
  id: r.id, kind: r.kind, status: r.status, field: r.field, text: r.text, createdAt: r.createdAt, dueAt: r.dueAt,
  handledAt: r.handledAt, outcome: r.outcome,
});

const branch = alias(branches, 'branch');
const requestPartner = alias(partners, 'request_partner');

/** The reads of a copy, each seeking an index by the number or the member (exported for the query-plan test). */
export function myDataReads(db: Database, t: string, mobile: string) {
  const memberId = sql`(select id from ${members} where ${members.tenantId} = ${t} and ${members.mobile} = ${mobile})`;
  return [
    db.select({
      id: members.id, name: members.name, mobile: members.mobile, homeUnitId: members.homeUnitId, unitZh: named<string>(homeUnits.nameZh, 'unit_zh'),
      unitEn: named<string>(homeUnits.nameEn, 'unit_en'), currentCity: members.currentCity, category: members.category, employer: members.employer,
      hostBranchId: members.hostBranchId, branchZh: named<string | null>(branch.nameZh, 'branch_zh'), branchEn: named<string | null>(branch.nameEn, 'branch_en'),
      lastCheckInAt: members.lastCheckInAt, mobileVerifiedAt: members.mobileVerifiedAt, createdAt: members.createdAt,
    }).from(members).innerJoin(homeUnits, eq(homeUnits.id, members.homeUnitId)).leftJoin(branch, eq(branch.id, members.hostBranchId))
      .where(and(eq(members.tenantId, t), eq(members.mobile, mobile))),
    db.select({
      reference: checkIns.reference, status: checkIns.status, branchId: checkIns.branchId, zh: branches.nameZh, en: branches.nameEn,
      submittedName: checkIns.submittedName, currentCity: checkIns.currentCity, category: checkIns.category, employer: checkIns.employer,
      needs: checkIns.needs, consentVersion: checkIns.consentVersion, consentedAt: checkIns.consentedAt, consentWithdrawnAt: checkIns.consentWithdrawnAt,
      rejectReason: checkIns.rejectReason, createdAt: checkIns.createdAt, decidedAt: checkIns.decidedAt,
    }).from(checkIns).innerJoin(branches, eq(branches.id, checkIns.branchId))
      .where(and(eq(checkIns.tenantId, t), sql`${checkIns.memberId} = ${memberId}`)).orderBy(desc(checkIns.createdAt)),
    db.select({
      reference: serviceRequests.reference, category: serviceRequests.category, status: serviceRequests.status, description: serviceRequests.description,
      partnerId: serviceRequests.sharedWithPartnerId, partnerZh: named<string | null>(requestPartner.nameZh, 'partner_zh'),
      partnerEn: named<string | null>(requestPartner.nameEn, 'partner_en'), createdAt: serviceRequests.createdAt,
      resolution: serviceRequests.resolution, closeReason: serviceRequests.closeReason,
    }).from(serviceRequests).leftJoin(requestPartner, eq(requestPartner.id, serviceRequests.sharedWithPartnerId))
      .where(and(eq(serviceRequests.tenantId, t), sql`${serviceRequests.memberId} = ${memberId}`)).orderBy(desc(serviceRequests.createdAt)),
    db.select({
      partnerId: partnerConsents.partnerId, zh: partners.nameZh, en: partners.nameEn, consentVersion: partnerConsents.consentVersion,
      grantedAt: partnerConsents.grantedAt, withdrawnAt: partnerConsents.withdrawnAt,
    }).from(partnerConsents).innerJoin(partners, eq(partners.id, partnerConsents.partnerId))
      .where(and(eq(partnerConsents.tenantId, t), sql`${partnerConsents.memberId} = ${memberId}`)),
    db.select({ template: smsOutbox.template, text: smsOutbox.text, createdAt: smsOutbox.createdAt }).from(smsOutbox)
      .where(and(eq(smsOutbox.tenantId, t), eq(smsOutbox.mobile, mobile))).orderBy(desc(smsOutbox.id)),
    db.select({
      campaignId: campaigns.id, titleZh: campaigns.titleZh, titleEn: campaigns.titleEn, code: campaignLetters.code, createdAt: campaignLetters.createdAt,
      smsSentAt: campaignLetters.smsSentAt, openedAt: campaignLetters.openedAt, reportedAt: campaignLetters.reportedAt, confirmedAt: campaignLetters.confirmedAt,
    }).from(campaignLetters).innerJoin(campaigns, eq(campaigns.id, campaignLetters.campaignId))
      .where(sql`${campaignLetters.memberId} = ${memberId}`).orderBy(desc(campaignLetters.createdAt)),
  ] as const;
}

/** Everything held about the mobile, in one D1 batch; the copy is recorded as a request done at once. */
export async function exportMyData(c: Context<AppEnv>, a: Auth): Promise<MyData> {
  const hash = await provenMobile(c, a);
  const db = database(c.env.DB);
  const t = c.var.key.tenantId;
  const now = Date.now();
  const memberId = sql`(select id from ${members} where ${members.tenantId} = ${t} and ${members.mobile} = ${a.mobile})`;
  const requestId = newId('dr');
  const [found, visits, requests, consents, messages, letters] = await db.batch([
    ...myDataReads(db, t, a.mobile),
    db.insert(dataRequests).values({
      id: requestId, tenantId: t, kind: 'export', status: 'done', mobileHash: hash, memberId, createdAt: now,
      dueAt: now + DATA_REQUEST_DUE_DAYS * DAY_MS, handledAt: now, outcome: 'Copy given at once.',
    }),
    auditEntry(c, { action: 'data_request.export', subjectType: 'data_request', subjectId: requestId, detail: sql`json_object('member', ${memberId})` }),
  ]);
  const m = found[0];
  return {
    mobile: a.mobile, exportedAt: now,
    member: m ? {
      id: m.id, name: m.name, mobile: m.mobile, homeUnit: { id: m.homeUnitId, name: { zh: m.unitZh, en: m.unitEn } },
      currentCity: m.currentCity, category: m.category, employer: m.employer,
      hostBranch: m.hostBranchId === null ? null : { id: m.hostBranchId, name: { zh: m.branchZh ?? '', en: m.branchEn ?? '' } },
      lastCheckInAt: m.lastCheckInAt, mobileVerifiedAt: m.mobileVerifiedAt, createdAt: m.createdAt,
    } : null,
    checkIns: visits.map(({ branchId, zh, en, ...v }) => ({ ...v, branch: { id: branchId, name: { zh, en } } })),
    serviceRequests: requests.map(({ partnerId, partnerZh, partnerEn, ...r }) => ({
      ...r, sharedWithPartner: partnerId === null ? null : { id: partnerId, name: { zh: partnerZh ?? '', en: partnerEn ?? '' } },
    })),
    partnerConsents: consents.map(({ partnerId, zh, en, ...p }) => ({ ...p, partner: { id: partnerId, name: { zh, en } } })),
    messages,
    dataRequests: await myRequests(c, hash),
    letters: letters.map(({ campaignId, titleZh, titleEn, ...l }) => ({ ...l, campaign: { id: campaignId, titleZh, titleEn } })),
  };
}

/** The mobile's requests, newest first (a mobile makes a handful; the index seeks them). */
export async function myRequests(c: Context<AppEnv>, hash: string): Promise<DataRequest[]> {
  const rows = await database(c.env.DB).select().from(dataRequests)
    .where(and(eq(dataRequests.tenantId, c.var.key.tenantId), eq(dataRequests.mobileHash, hash))).orderBy(desc(dataRequests.createdAt)).limit(100);
  return rows.map(toDataRequest);
}

/**
 * Withdraws a consent at once; withdrawn consent stays on record with its time. The check-in
 * consent: every check-in of the mobile is marked withdrawn and its pending ones end (rejected,
 * saying why), so that nobody decides on or processes what the form sent. The roster record stays:
 * the organisation keeps it under its own duty to know its members, not on the form's consent.
 */
export async function withdrawConsent(c: Context<AppEnv>, b: Auth & { consent: 'check_in' | 'partner'; partnerId?: string }) {
  await provenMobile(c, b);
  const db = database(c.env.DB);
  const t = c.var.key.tenantId;
  const now = Date.now();
  const [member] = await db.select({ id: members.id }).from(members).where(and(eq(members.tenantId, t), eq(members.mobile, b.mobile)));
  if (!member) throw notFound('Consent given for this mobile');
  if (b.consent === 'partner') {
    const [changed] = await db.batch([
      db.update(partnerConsents).set({ withdrawnAt: now })
        .where(and(eq(partnerConsents.tenantId, t), eq(partnerConsents.memberId, member.id), eq(partnerConsents.partnerId, b.partnerId!), isNull(partnerConsents.withdrawnAt)))
        .returning({ partnerId: partnerConsents.partnerId }),
      auditEntry(c, { action: 'consent.withdraw', subjectType: 'member', subjectId: member.id, detail: { consent: 'partner', partner: b.partnerId! } }),
    ]);
    if (!changed.length) throw notFound('A live consent for this partner');
    return { withdrawn: 1 };
  }
  const mine = and(eq(checkIns.tenantId, t), eq(checkIns.memberId, member.id))!;
  const [, changed] = await db.batch([
    db.update(checkIns).set({ status: 'rejected', decidedAt: now, rejectReason: '本人已撤回同意 / The member withdrew consent' })
      .where(and(mine, eq(checkIns.status, 'pending'), isNull(checkIns.consentWithdrawnAt))),
    db.update(checkIns).set({ consentWithdrawnAt: now }).where(and(mine, isNull(checkIns.consentWithdrawnAt))).returning({ id: checkIns.id }),
    // The SMS opt-in came with the form's consent and goes with it: nothing more is written, and
    // what waits (quiet hours, a retry) is not sent.
    db.update(checkIns).set({ notify: false }).where(and(mine, eq(checkIns.notify, true))),
    db.update(notifications).set({ status: 'failed', lastError: 'consent withdrawn' })
      .where(and(eq(notifications.tenantId, t), eq(notifications.subjectType, 'check_in'), eq(notifications.status, 'queued'),
        inArray(notifications.subjectId, db.select({ id: checkIns.id }).from(checkIns).where(mine)))),
    auditEntry(c, { action: 'consent.withdraw', subjectType: 'member', subjectId: member.id, detail: { consent: 'check_in' } }),
  ]);
  if (!changed.length) throw notFound('A check-in consent not yet withdrawn');
  return { withdrawn: changed.length };
}

/** A correction or erasure for staff to handle, due in fifteen days. */
export async function askForChange(c: Context<AppEnv>, b: Auth & { kind: 'correction' | 'erasure'; field?: DataRequest['field']; text?: string }) {
  const hash = await provenMobile(c, b);
  const db = database(c.env.DB);
  const t = c.var.key.tenantId;
  const now = Date.now();
  const open = await db.select({ id: dataRequests.id }).from(dataRequests)
    .where(and(eq(dataRequests.tenantId, t), eq(dataRequests.mobileHash, hash), eq(dataRequests.status, 'open'), eq(dataRequests.kind, b.kind)));
  // A second open erasure adds nothing; corrections may be several (one per field).
  if (b.kind === 'erasure' && open.length) throw new HttpError(409, 'conflict', 'An erasure request for this mobile is already open.');
  if (open.length >= 10) throw new HttpError(409, 'conflict', 'Ten requests for this mobile are open already: staff will answer them first.');
  const id = newId('dr');
  const memberId = sql`(select id from ${members} where ${members.tenantId} = ${t} and ${members.mobile} = ${b.mobile})`;
  const [[row]] = await db.batch([
    db.insert(dataRequests).values({
      id, tenantId: t, kind: b.kind, mobileHash: hash, mobile: b.mobile, memberId, field: b.field ?? null, text: b.text ?? null,
      createdAt: now, dueAt: now + DATA_REQUEST_DUE_DAYS * DAY_MS,
    }).returning(),
    auditEntry(c, { action: `data_request.${b.kind}`, subjectType: 'data_request', subjectId: id, detail: sql`json_object('member', ${memberId})` }),
  ]);
  return toDataRequest(row!);
}
