// Reading service requests. Staff and partner reads are ANDed with `serviceRequestScope` and
// batched with their audit entry (as data/check-ins.ts does); the public sees only a receipt.
import { and, asc, desc, eq, exists, inArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { notificationSummaries } from '../notify/summaries.ts';
import { alias, type SQLiteSelect } from 'drizzle-orm/sqlite-core';
import type { Context } from 'hono';
import {
  auditLog, checkIns, committees, homeUnits, hostCities, members, partners, serviceRequestNotes, serviceRequests, stations, tenants,
  volunteerTeams, type CheckInStatusQueryParams, type ServiceRequest, type ServiceRequestDetail, type ServiceRequestQueryParams,
  type ServiceRequestReceipt, type CheckInServiceRequest, type RoutedTo, type StaffServiceRequest,
} from '../../../schema/index.ts';
import type { ResolvedKey } from '../env.ts';
import { auditedList, auditEntry } from '../access/audit.ts';
import { memberScope } from '../access/member-scope.ts';
import { seesPartnerView, serviceRequestScope, serviceRequestScopeArms } from '../access/service-request-scope.ts';
import { newerThan, newestFirstKeys, olderThan, oldestPageOrder, onPageKey, pageOrder, type Order } from './newest-first.ts';
import { database, named, type Database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { provesMobile } from '../verification/mobile-proof.ts';
import { decodeCursor, encodeCursor, pageFrom } from '../lib/cursor.ts';

const unit = alias(homeUnits, 'sr_home_unit');
const station = alias(stations, 'sr_station');
const committee = alias(committees, 'sr_committee');
const city = alias(hostCities, 'sr_city');
const partner = alias(partners, 'sr_partner');
const team = alias(volunteerTeams, 'sr_team');
const tenant = alias(tenants, 'sr_tenant');
// Distinct result names: D1's batch returns rows keyed by column name.
/** The rowid breaks ties of created_at; every list index is ordered by it too. */
const rowid = sql<number>`${serviceRequests}.rowid`;

/**
 * What a request row is read with; `memberInScope`: `key` already sees the member (access/member-scope.ts),
 * so the roster's name and home unit may be shown (no key: a public receipt, never).
 */
const columnsFor = (db: Database, key: ResolvedKey | null) => {
  // Partners get the partner view, which shows no roster data, and the public a receipt: no need to ask.
  const staff = key !== null && !seesPartnerView(key);
  const inScope = staff ? memberScope(db, key) : sql`0`;
  return {
  id: serviceRequests.id, reference: serviceRequests.reference, category: serviceRequests.category, status: serviceRequests.status,
  rowid: named<number>(rowid, 'sr_rowid'), tenantId: serviceRequests.tenantId,
  cityId: serviceRequests.cityId, cityZh: named(city.nameZh, 'city_zh'), cityEn: named(city.nameEn, 'city_en'),
  stationId: serviceRequests.stationId, stationZh: named(station.nameZh, 'station_zh'), stationEn: named(station.nameEn, 'station_en'),
  committeeId: serviceRequests.committeeId, committeeZh: named(committee.nameZh, 'committee_zh'), committeeEn: named(committee.nameEn, 'committee_en'),
  tenantZh: named(tenant.nameZh, 'tenant_zh'), tenantEn: named(tenant.nameEn, 'tenant_en'),
  memberId: serviceRequests.memberId, memberName: named<string>(members.name, 'member_name'), mobile: members.mobile,
  homeUnitId: members.homeUnitId, unitZh: named(unit.nameZh, 'unit_zh'), unitEn: named(unit.nameEn, 'unit_en'),
  description: serviceRequests.description, submittedName: serviceRequests.submittedName, nameMismatch: serviceRequests.nameMismatch,
  // A need ticked on a check-in, for a key that does not see the member: the name given there
  // (one seek of the check-in's primary key, only for such rows).
  checkInName: named<string | null>(staff ? sql`case when ${serviceRequests.submittedName} is null and not (${inScope})
    then (select submitted_name from check_ins where check_ins.id = ${serviceRequests.checkInId}) end` : sql`null`, 'check_in_name'),
  checkInId: serviceRequests.checkInId, consentVersion: serviceRequests.consentVersion,
  partnerId: serviceRequests.sharedWithPartnerId, partnerZh: named(partner.nameZh, 'partner_zh'), partnerEn: named(partner.nameEn, 'partner_en'),
  shareConsentVersion: serviceRequests.shareConsentVersion, sharedAt: serviceRequests.sharedAt,
  assignee: serviceRequests.assignee, teamId: serviceRequests.volunteerTeamId, teamZh: named(team.nameZh, 'team_zh'), teamEn: named(team.nameEn, 'team_en'),
  resolution: serviceRequests.resolution, closeReason: serviceRequests.closeReason,
  createdAt: serviceRequests.createdAt, updatedAt: serviceRequests.updatedAt,
  memberInScope: named<number>(sql`case when ${inScope} then 1 else 0 end`, 'member_in_scope'),
  };
};

/** What a request row is read with, over service_requests itself or a list page's keys joined to it. */
const withRequestJoins = <T extends SQLiteSelect>(q: T) => q
  .innerJoin(members, eq(members.id, serviceRequests.memberId))
  .innerJoin(unit, eq(unit.id, members.homeUnitId))
  .innerJoin(tenant, eq(tenant.id, serviceRequests.tenantId))
  .leftJoin(city, eq(city.id, serviceRequests.cityId))
  .leftJoin(station, eq(station.id, serviceRequests.stationId))
  .leftJoin(committee, eq(committee.id, serviceRequests.committeeId))
  .leftJoin(partner, eq(partner.id, serviceRequests.sharedWithPartnerId))
  .leftJoin(team, eq(team.id, serviceRequests.volunteerTeamId));

const selectRequests = (db: Database, key: ResolvedKey | null, where: SQL) =>
  withRequestJoins(db.select(columnsFor(db, key)).from(serviceRequests).$dynamic()).where(where);
export type ServiceRequestRow = Awaited<ReturnType<typeof selectRequests>>[number];

const text = (zh: string | null, en: string | null) => ({ zh: zh ?? '', en: en ?? '' });
const ref = (id: string | null, zh: string | null, en: string | null) => (id === null ? null : { id, name: text(zh, en) });

/** Where it went: the station, else the committee, else the home org (the tenant). */
function routedTo(r: Pick<ServiceRequestRow, 'stationId' | 'stationZh' | 'stationEn' | 'committeeId' | 'committeeZh' | 'committeeEn' | 'tenantId' | 'tenantZh' | 'tenantEn'>): RoutedTo {
  if (r.stationId !== null) return { kind: 'station', id: r.stationId, name: text(r.stationZh, r.stationEn) };
  if (r.committeeId !== null) return { kind: 'committee', id: r.committeeId, name: text(r.committeeZh, r.committeeEn) };
  return { kind: 'home', id: r.tenantId, name: text(r.tenantZh, r.tenantEn) };
}

/**
 * The staff view. The roster's name, home unit and whether the name given differs only for a key
 * that already sees the member; a station manager, or a branch a member checked in to, sees the
 * name given (on the request, or on the check-in that made it) and the mobile.
 */
export function toStaffRequest(r: ServiceRequestRow): StaffServiceRequest {
  const inScope = r.memberInScope === 1;
  return {
    view: 'staff', id: r.id, reference: r.reference, category: r.category, status: r.status,
    city: ref(r.cityId, r.cityZh, r.cityEn), description: r.description,
    createdAt: r.createdAt, updatedAt: r.updatedAt ?? r.createdAt, routedTo: routedTo(r),
    member: { id: r.memberId, name: inScope ? r.memberName : r.submittedName ?? r.checkInName ?? '', mobile: r.mobile },
    submittedName: r.submittedName, nameMismatch: inScope ? Boolean(r.nameMismatch) : null,
    homeUnit: inScope ? { id: r.homeUnitId, name: text(r.unitZh, r.unitEn) } : null,
    checkInId: r.checkInId, consentVersion: r.consentVersion,
    sharedWith: r.partnerId === null || r.shareConsentVersion === null || r.sharedAt === null ? null
      : { partner: { id: r.partnerId, name: text(r.partnerZh, r.partnerEn) }, consentVersion: r.shareConsentVersion, sharedAt: r.sharedAt },
    assignee: r.assignee, volunteerTeam: ref(r.teamId, r.teamZh, r.teamEn),
    resolution: r.resolution, closeReason: r.closeReason,
  };
}

/** What the member consented to share with the partner: the name they gave, mobile, the request. */
function toRequest(r: ServiceRequestRow, partnerView: boolean): ServiceRequest {
  if (!partnerView) return toStaffRequest(r);
  return {
    view: 'partner', id: r.id, reference: r.reference, category: r.category, status: r.status,
    city: ref(r.cityId, r.cityZh, r.cityEn), description: r.description,
    createdAt: r.createdAt, updatedAt: r.updatedAt ?? r.createdAt,
    member: { name: r.submittedName ?? r.memberName, mobile: r.mobile },
  };
}

/** The list's query; without `order`, newest first. */
type ListQuery = Omit<ServiceRequestQueryParams, 'order'> & { order?: Order };

/** `limit` rows of a list page, newest (or oldest) first: the key's scope's one index, or a page of each of its arms merged (newest-first.ts). */
function listPage(db: Database, key: ResolvedKey, q: ListQuery, limit: number) {
  const filters: SQL[] = [];
  if (q.status) filters.push(eq(serviceRequests.status, q.status));
  if (q.category) filters.push(eq(serviceRequests.category, q.category));
  if (q.stationId) filters.push(eq(serviceRequests.stationId, q.stationId));
  const oldest = q.order === 'oldest';
  if (q.cursor) filters.push((oldest ? newerThan : olderThan)(serviceRequests, ...decodeCursor(q.cursor, ['number', 'number'])));
  const dir = oldest ? asc : desc;
  if (q.reference !== undefined) {
    // One row at most, through the reference's unique index; then the key's scope on it.
    const byReference = and(eq(serviceRequests.tenantId, key.tenantId), eq(serviceRequests.reference, q.reference))!;
    return selectRequests(db, key, and(byReference, serviceRequestScope(db, key), ...filters)!)
      .orderBy(sql`+${serviceRequests.createdAt} desc`, desc(rowid)).limit(limit);
  }
  const arms = serviceRequestScopeArms(key);
  // One arm: its index, directly (no page keys to read first).
  if (arms.length < 2) return selectRequests(db, key, and(arms[0] ?? sql`0`, ...filters)!).orderBy(dir(serviceRequests.createdAt), dir(rowid)).limit(limit);
  return withRequestJoins(db.select(columnsFor(db, key)).from(newestFirstKeys(serviceRequests, arms, filters, limit, q.order))
    .innerJoin(serviceRequests, onPageKey(serviceRequests)).$dynamic())
    .orderBy(...(oldest ? oldestPageOrder : pageOrder));
}

/** A page, newest first, plus one row to know if more follow (exported for the query-plan test). */
export const listPageQuery = (db: Database, key: ResolvedKey, q: ListQuery) => listPage(db, key, q, q.limit + 1);

/** One page and its `service_request.list` audit entry (naming the ids returned), in one batch. */
export async function listServiceRequests(c: Context<AppEnv>, q: ServiceRequestQueryParams) {
  const db = database(c.env.DB);
  const shown = listPage(db, c.var.key, q, q.limit).as('shown');
  const pageIds = db.select({ id: shown.id }).from(shown);
  const rows = await auditedList(c, listPageQuery(db, c.var.key, q), pageIds, 'service_request.list', 'service_request', q);
  const { page, nextCursor } = pageFrom(rows, q.limit, (last) => encodeCursor([last.createdAt, last.rowid]));
  const partnerView = seesPartnerView(c.var.key);
  return { data: page.map((r) => toRequest(r, partnerView)), nextCursor };
}

/** Changes shown as a request's history: the audit log is the one record of who did what, when. */
const HISTORY_ACTIONS = [
  'service_request.create', 'service_request.assign', 'service_request.note', 'service_request.resolve', 'service_request.close',
  // Its volunteer team was removed from the station (data/station-edits.ts).
  'service_request.team_removed',
];

/**
 * One request in scope with (for staff) its notes and history, or undefined (404 either way);
 * the read is audited with whether it found one, in the same batch.
 */
export async function getServiceRequest(c: Context<AppEnv>, id: string): Promise<ServiceRequestDetail | undefined> {
  const db = database(c.env.DB);
  const key = c.var.key;
  const where = and(serviceRequestScope(db, key), eq(serviceRequests.id, id))!;
  const found = exists(db.select({ one: sql`1` }).from(serviceRequests).where(where));
  const [rows, notes, history, told] = await db.batch([
    selectRequests(db, key, where).limit(1),
    db.select({ id: serviceRequestNotes.id, text: serviceRequestNotes.text, keyId: serviceRequestNotes.keyId, role: serviceRequestNotes.role, createdAt: serviceRequestNotes.createdAt })
      .from(serviceRequestNotes)
      .where(and(eq(serviceRequestNotes.tenantId, key.tenantId), eq(serviceRequestNotes.requestId, id), found))
      .orderBy(asc(serviceRequestNotes.createdAt), asc(serviceRequestNotes.id)),
    db.select({ at: auditLog.at, action: auditLog.action, keyId: auditLog.keyId, role: auditLog.role, detail: auditLog.detail }).from(auditLog)
      .where(and(eq(auditLog.tenantId, key.tenantId), eq(auditLog.subjectType, 'service_request'), eq(auditLog.subjectId, id),
        inArray(auditLog.action, HISTORY_ACTIONS), found))
      .orderBy(asc(auditLog.id)),
    notificationSummaries(db, key.tenantId, id, found),
    auditEntry(c, {
      action: 'service_request.read', subjectType: 'service_request', subjectId: id,
      detail: sql`json_object('found', json(case when ${found} then 'true' else 'false' end))`,
    }),
  ]);
  const row = rows[0];
  if (!row) return undefined;
  if (seesPartnerView(key)) return toRequest(row, true) as ServiceRequestDetail;
  return { ...toStaffRequest(row), notes, history, notifications: told };
}

/** A request in the key's scope, unaudited: for a change, which audits itself. */
export async function findInScope(db: Database, key: ResolvedKey, id: string) {
  const [row] = await selectRequests(db, key, and(serviceRequestScope(db, key), eq(serviceRequests.id, id))!).limit(1);
  return row;
}

/** Re-reads a request after a change (already authorised), as `key` sees it. */
export async function reloadRequest(db: Database, key: ResolvedKey, id: string) {
  const [row] = await selectRequests(db, key, and(eq(serviceRequests.tenantId, key.tenantId), eq(serviceRequests.id, id))!).limit(1);
  return row!;
}

/** The public receipt, when the reference and the mobile (last four digits, or a proof of the whole number) match. */
export async function findServiceRequestReceipt(
  db: Database, env: AppEnv['Bindings'], tenantId: string, q: CheckInStatusQueryParams,
): Promise<ServiceRequestReceipt | undefined> {
  const byReference = and(eq(serviceRequests.tenantId, tenantId), eq(serviceRequests.reference, q.reference.trim().toUpperCase()))!;
  const [r] = await selectRequests(db, null, q.mobileLast4 === undefined ? byReference : and(byReference, sql`substr(${members.mobile}, -4) = ${q.mobileLast4}`)!).limit(1);
  if (r && q.mobileLast4 === undefined && !(await provesMobile(env, q.mobileProof, tenantId, r.mobile))) return undefined;
  return r && { id: r.id, reference: r.reference, category: r.category, status: r.status, routedTo: routedTo(r),
    resolution: r.status === 'resolved' ? r.resolution : null, createdAt: r.createdAt, updatedAt: r.updatedAt ?? r.createdAt };
}

/**
 * The requests made from the needs of the check-ins matching `where` (a condition on check_ins
 * and members): for the check-in's receipt. Reached through the member's index
 * service_requests_member (tenant, member), then checked against the check-in's id: a member has
 * few requests. Rows come unordered (no sort work for D1): `toCheckInRequests` puts them in order.
 */
export const checkInRequestsQuery = (db: Database, where: SQL) =>
  db.select({
    reference: serviceRequests.reference, category: serviceRequests.category, status: serviceRequests.status, resolution: serviceRequests.resolution,
    rowid: named<number>(rowid, 'sr_rowid'), tenantId: serviceRequests.tenantId,
    stationId: serviceRequests.stationId, stationZh: named<string | null>(station.nameZh, 'station_zh'), stationEn: named<string | null>(station.nameEn, 'station_en'),
    committeeId: serviceRequests.committeeId, committeeZh: named<string | null>(committee.nameZh, 'committee_zh'), committeeEn: named<string | null>(committee.nameEn, 'committee_en'),
    tenantZh: named<string | null>(tenant.nameZh, 'tenant_zh'), tenantEn: named<string | null>(tenant.nameEn, 'tenant_en'),
  }).from(checkIns)
    .innerJoin(members, eq(members.id, checkIns.memberId))
    .innerJoin(serviceRequests, and(
      eq(serviceRequests.tenantId, checkIns.tenantId), eq(serviceRequests.memberId, checkIns.memberId), eq(serviceRequests.checkInId, checkIns.id)))
    .innerJoin(tenant, eq(tenant.id, serviceRequests.tenantId))
    .leftJoin(station, eq(station.id, serviceRequests.stationId))
    .leftJoin(committee, eq(committee.id, serviceRequests.committeeId))
    .where(where);

/** In the order they were made (the order the needs were ticked), with where each went and its status now. */
export const toCheckInRequests = (rows: Awaited<ReturnType<typeof checkInRequestsQuery>>): CheckInServiceRequest[] =>
  rows.sort((a, b) => a.rowid - b.rowid)
    .map((r) => ({ reference: r.reference, category: r.category, status: r.status, routedTo: routedTo(r), resolution: r.resolution }));
