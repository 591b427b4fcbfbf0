// A tenant's partners with how many members consented to each, and one partner's consents. Counts
// stop at CONSENT_COUNT_CAP (a LIMIT inside each count), so a page reads a bounded number of rows
// however many members a partner has.
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import {
  CONSENT_COUNT_CAP, members, partnerConsents, partners,
  type Partner, type PartnerConsent, type PartnerConsentQueryParams, type PartnerListQueryParams,
} from '../../../schema/index.ts';
import type { Database } from '../db.ts';
import { notFound } from '../errors.ts';
import { decodeCursor, encodeCursor, pageFrom } from '../lib/cursor.ts';
import type { AuditedRead } from './keys.ts';


/** Up to CAP + 1 of the partner's consents, counted: walks `partner_consents_live` or the primary key. */
const cappedCount = (tenantId: string, live: boolean) => sql<number>`(select count(*) from (select 1 from ${partnerConsents}
  where ${partnerConsents.tenantId} = ${tenantId} and ${partnerConsents.partnerId} = ${partners.id}
  ${live ? sql`and ${partnerConsents.withdrawnAt} is null` : sql``} limit ${CONSENT_COUNT_CAP + 1}))`;

export function partnerPageQuery(db: Database, tenantId: string, q: PartnerListQueryParams, rows = q.limit + 1) {
  const after = q.cursor === undefined ? undefined : gt(partners.id, decodeCursor(q.cursor, ['string'] as const)[0]);
  return db.select({
    id: partners.id, nameZh: partners.nameZh, nameEn: partners.nameEn, createdAt: partners.createdAt,
    live: cappedCount(tenantId, true), total: cappedCount(tenantId, false),
  }).from(partners).where(and(eq(partners.tenantId, tenantId), after)).orderBy(asc(partners.id)).limit(rows);
}

export async function listPartners(db: Database, tenantId: string, q: PartnerListQueryParams, audited: AuditedRead) {
  const shown = partnerPageQuery(db, tenantId, q, q.limit).as('shown');
  const rows = await audited(partnerPageQuery(db, tenantId, q), db.select({ id: shown.id }).from(shown));
  const { page, nextCursor } = pageFrom(rows, q.limit, (last) => encodeCursor([last.id]));
  const data: Partner[] = page.map((r) => {
    const consented = Math.min(r.live, CONSENT_COUNT_CAP);
    return {
      id: r.id, name: { zh: r.nameZh, en: r.nameEn }, createdAt: r.createdAt,
      consented, withdrawn: Math.min(r.total, CONSENT_COUNT_CAP) - consented, countsCapped: r.total > CONSENT_COUNT_CAP,
    };
  });
  return { data, nextCursor };
}

/** A page of one partner's consents in member order (its primary key), withdrawn ones included, with each member's name. */
export function consentPageQuery(db: Database, tenantId: string, partnerId: string, q: PartnerConsentQueryParams, rows = q.limit + 1) {
  const after = q.cursor === undefined ? undefined : gt(partnerConsents.memberId, decodeCursor(q.cursor, ['string'] as const)[0]);
  return db.select({
    memberId: partnerConsents.memberId, memberName: members.name, consentVersion: partnerConsents.consentVersion,
    grantedAt: partnerConsents.grantedAt, withdrawnAt: partnerConsents.withdrawnAt,
  }).from(partnerConsents)
    .innerJoin(members, and(eq(members.id, partnerConsents.memberId), sql`+${members.tenantId} = ${tenantId}`))
    .where(and(eq(partnerConsents.tenantId, tenantId), eq(partnerConsents.partnerId, partnerId), after))
    .orderBy(asc(partnerConsents.memberId)).limit(rows);
}

export async function listConsents(
  db: Database, tenantId: string, partnerId: string, q: PartnerConsentQueryParams, audited: AuditedRead,
): Promise<{ data: PartnerConsent[]; nextCursor: string | null }> {
  const [partner] = await db.select({ id: partners.id }).from(partners)
    .where(and(eq(partners.tenantId, tenantId), eq(partners.id, partnerId))).limit(1);
  if (!partner) throw notFound('The partner');
  const shown = consentPageQuery(db, tenantId, partnerId, q, q.limit).as('shown');
  const rows = await audited(consentPageQuery(db, tenantId, partnerId, q), db.select({ id: sql<string>`${shown.memberId}`.as('id') }).from(shown));
  const { page, nextCursor } = pageFrom(rows, q.limit, (last) => encodeCursor([last.memberId]));
  return { data: page, nextCursor };
}
