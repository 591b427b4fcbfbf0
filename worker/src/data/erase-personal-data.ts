// Erasure (PIPL art. 47): every row that holds a member's personal data, found by the mobile.
// `erasePersonalData` lists every table; a new table with personal data gets its line here (and
// a count), and test/worker/data-requests-erasure.test.ts checks no route returns it afterwards.
// The audit log keeps only that it happened: an HMAC of the mobile and the counts per table.
import { sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import {
  campaignLetters, checkIns, contactAttempts, dataRequests, idempotencyKeys, lostContactCases, members, mobileVerifications, notifications, partnerConsents,
  serviceRequestNotes, serviceRequests, smsOutbox, wechatSubscriptions,
} from '../../../schema/index.ts';
import type { Database } from '../db.ts';
import { uncountMember } from './scope-copies.ts';

/** What a retried submission whose data was erased gets instead of its receipt. */
export const ERASED_RESPONSE = JSON.stringify({
  error: { code: 'not_found', message: 'This submission was erased at the member\'s request.', requestId: 'erased' },
});

/**
 * Statements for one `db.batch` (one transaction) that erase everything held about `mobile` in
 * the tenant, children before parents, and `counts`: SQL yielding a JSON object of how many rows
 * each table holds now, for an audit entry run BEFORE them in the same batch. Each statement binds
 * a handful of parameters (D1 allows 100).
 */
export function erasePersonalData(db: Database, tenantId: string, mobile: string, mobileHash: string): { counts: SQL; statements: BatchItem<'sqlite'>[] } {
  const memberId = sql`(select id from ${members} where ${members.tenantId} = ${tenantId} and ${members.mobile} = ${mobile})`;
  const ofMember = (table: { tenantId: unknown; memberId: unknown } & object, t = table as unknown as typeof checkIns) =>
    sql`${t.tenantId} = ${tenantId} and ${t.memberId} = ${memberId}`;
  const referencesOfMember = sql`select reference from ${checkIns} where ${ofMember(checkIns)}
    union all select reference from ${serviceRequests} where ${ofMember(serviceRequests)}`;
  // Stored first responses are receipts (references, branch, needs): a replay gets a 404 instead,
  // and the key stays taken, so that an old submission retried does not check in again.
  const storedReceipts = sql`${idempotencyKeys.tenantId} = ${tenantId} and ${idempotencyKeys.status} <> 404
    and (case when json_valid(${idempotencyKeys.body}) then json_extract(${idempotencyKeys.body}, '$.reference') end) in (${referencesOfMember})`;
  const notesOfMember = sql`${serviceRequestNotes.tenantId} = ${tenantId}
    and ${serviceRequestNotes.requestId} in (select id from ${serviceRequests} where ${ofMember(serviceRequests)})`;
  // Messages about the member's check-ins and requests (SMS and WeChat), and any SMS to the number;
  // WeChat subscriptions (an openid) to news of them. Before those rows go: found through them.
  const subjectsOfMember = sql`select id from ${checkIns} where ${ofMember(checkIns)}
    union all select id from ${serviceRequests} where ${ofMember(serviceRequests)}`;
  const messages = sql`${notifications.tenantId} = ${tenantId}
    and (${notifications.subjectId} in (${subjectsOfMember}) or (${notifications.channel} = 'sms' and ${notifications.recipient} = ${mobile}))`;
  const subscriptions = sql`${wechatSubscriptions.tenantId} = ${tenantId} and ${wechatSubscriptions.subjectId} in (${subjectsOfMember})`;
  const where: [string, SQL, BatchItem<'sqlite'>][] = [
    ['idempotency_keys', storedReceipts, db.update(idempotencyKeys).set({ status: 404, body: ERASED_RESPONSE }).where(storedReceipts)],
    ['notifications', messages, db.delete(notifications).where(messages)],
    ['wechat_subscriptions', subscriptions, db.delete(wechatSubscriptions).where(subscriptions)],
    ['service_request_notes', notesOfMember, db.delete(serviceRequestNotes).where(notesOfMember)],
    ['service_requests', ofMember(serviceRequests), db.delete(serviceRequests).where(ofMember(serviceRequests))],
    ['check_ins', ofMember(checkIns), db.delete(checkIns).where(ofMember(checkIns))],
    ['partner_consents', ofMember(partnerConsents), db.delete(partnerConsents).where(ofMember(partnerConsents))],
    ['contact_attempts', ofMember(contactAttempts), db.delete(contactAttempts).where(ofMember(contactAttempts))],
    ['lost_contact_cases', ofMember(lostContactCases), db.delete(lostContactCases).where(ofMember(lostContactCases))],
    // Letters from home: the code is theirs. The funnel's counts stay (numbers, no one in them).
    ['campaign_letters', ofMember(campaignLetters), db.delete(campaignLetters).where(ofMember(campaignLetters))],
  ];
  const memberRow = sql`${members.tenantId} = ${tenantId} and ${members.mobile} = ${mobile}`;
  const outbox = sql`${smsOutbox.tenantId} = ${tenantId} and ${smsOutbox.mobile} = ${mobile}`;
  const codes = sql`${mobileVerifications.tenantId} = ${tenantId} and ${mobileVerifications.mobileHash} = ${mobileHash}`;
  // The requests stay (that they were made and answered), without the member's words or id.
  const requests = sql`${dataRequests.tenantId} = ${tenantId} and ${dataRequests.mobileHash} = ${mobileHash}
    and (${dataRequests.text} is not null or ${dataRequests.memberId} is not null)`;
  const tables: [string, SQL, SQL][] = [
    ...where.map(([name, w]) => [name, w, sql`${sql.identifier(name)}`] as [string, SQL, SQL]),
    ['members', memberRow, sql`${members}`],
    ['sms_outbox', outbox, sql`${smsOutbox}`],
    ['mobile_verifications', codes, sql`${mobileVerifications}`],
    ['data_requests', requests, sql`${dataRequests}`],
  ];
  const counts = sql`json_object(${sql.join(tables.map(([name, w, table]) => sql`${name}, (select count(*) from ${table} where ${w})`), sql`, `)})`;
  return {
    counts,
    statements: [
      ...where.map(([, , statement]) => statement),
      // Another member's case may name them as the fellow asked: that attempt stays, without them.
      db.update(contactAttempts).set({ fellowMemberId: null }).where(sql`${contactAttempts.fellowMemberId} = ${memberId}`),
      ...uncountMember(db, tenantId, mobile),
      db.delete(members).where(memberRow),
      db.delete(smsOutbox).where(outbox),
      db.delete(mobileVerifications).where(codes),
      db.update(dataRequests).set({ text: null, memberId: null }).where(requests),
    ],
  };
}
