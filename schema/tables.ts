// Drizzle tables: the one definition of Ginkgo's data. Every row carries its tenant
// (`tenant_id`); no query crosses tenants. Times are unix milliseconds.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Size of a latitude band of the nearest-search grid, in degrees (0.01° ≈ 1.1 km). */
export const LAT_CELL_DEGREES = 0.01;
/** The grid band a latitude falls in; stored beside every positioned row. */
export const latCell = (lat: number): number => Math.floor(lat / LAT_CELL_DEGREES);

/**
 * The stored form of a WGS-84 position: the grid band for index seeks, and the point on the
 * unit sphere, whose squared chord distance ranks rows by great-circle distance exactly with
 * plain arithmetic in SQL.
 */
export function positionColumns(lat: number, lng: number) {
  const φ = (lat * Math.PI) / 180;
  const λ = (lng * Math.PI) / 180;
  return { lat, lng, latCell: latCell(lat), unitX: Math.cos(φ) * Math.cos(λ), unitY: Math.cos(φ) * Math.sin(λ), unitZ: Math.sin(φ) };
}
const positioned = () => ({
  lat: real('lat').notNull(),
  lng: real('lng').notNull(),
  latCell: integer('lat_cell').notNull(),
  unitX: real('unit_x').notNull(),
  unitY: real('unit_y').notNull(),
  unitZ: real('unit_z').notNull(),
});

const createdAt = () =>
  integer('created_at').notNull().default(sql`(unixepoch('subsec') * 1000)`);

/** Home org (流出地党组织): the tenant that owns everything below it. */
export const tenants = sqliteTable('tenants', {
  id: text('id').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  privacyNoticeUrl: text('privacy_notice_url'),
  createdAt: createdAt(),
});

export const keyKinds = ['publishable', 'secret'] as const;
export const roles = [
  'home_admin', 'town_staff', 'village_staff', 'committee_secretary',
  'branch_secretary', 'station_manager', 'partner',
] as const;
export type Role = (typeof roles)[number];

/** Permissions a secret key can be narrowed to; a key without scopes has all of its role's. */
export const keyScopes = [
  'read_only', 'members:read', 'members:write', 'keys:manage', 'audit:read',
  'stations:write', 'service_requests:read', 'service_requests:write',
] as const;
export type KeyScope = (typeof keyScopes)[number];

/** Service request categories (服务需求), the needs a member can tick when checking in. */
export const serviceCategories = [
  'training', 'policy', 'livelihood', 'employment', 'social_insurance', 'legal', 'credit', 'hardship',
] as const;
export type ServiceCategory = (typeof serviceCategories)[number];

/** API keys, stored only as SHA-256 hashes. Publishable keys are limited to their origins. */
export const apiKeys = sqliteTable('api_keys', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  kind: text('kind', { enum: keyKinds }).notNull(),
  hash: text('hash').notNull(),
  prefix: text('prefix').notNull(),
  last4: text('last4').notNull(),
  label: text('label').notNull(),
  role: text('role', { enum: roles }),
  /**
   * Node the role reaches, with its subtree: a town or village (home_units), a committee, a
   * branch, a station, or a partner, as the role says; null for a home admin (the whole tenant).
   */
  scopeNodeId: text('scope_node_id'),
  /** Narrower permissions (JSON array of `keyScopes`); null: everything the role may do. */
  scopes: text('scopes', { mode: 'json' }).$type<KeyScope[]>(),
  /** JSON array of allowed origins; `http://localhost:*` allows any port. */
  allowedOrigins: text('allowed_origins', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  /**
   * Partner keys only: the one service category whose shared requests the key reads (e.g. a
   * bank's credit group: `credit`). Null: the key reads no service requests.
   */
  serviceCategory: text('service_category', { enum: serviceCategories }),
  createdAt: createdAt(),
  lastUsedAt: integer('last_used_at'),
  revokedAt: integer('revoked_at'),
}, (t) => [uniqueIndex('api_keys_hash').on(t.hash), index('api_keys_tenant').on(t.tenantId)]);

export const homeUnitKinds = ['town', 'village'] as const;

/** Home-side tree below the tenant: towns (镇/街道) and villages (村/社区党支部). */
export const homeUnits = sqliteTable('home_units', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  parentId: text('parent_id'),
  kind: text('kind', { enum: homeUnitKinds }).notNull(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  /** A village's named contact person for its mobile members (a staff user): lost-contact cases go to them. */
  contactUserId: text('contact_user_id'),
  createdAt: createdAt(),
}, (t) => [
  // A parent's children in the funnel's order (name, then id), a page at a time.
  index('home_units_tenant_parent').on(t.tenantId, t.parentId, t.nameZh, t.id),
]);

/** Host cities a tenant works in (the finder's city picker). */
export const hostCities = sqliteTable('host_cities', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  provinceZh: text('province_zh').notNull(),
  provinceEn: text('province_en').notNull(),
  lat: real('lat').notNull(),
  lng: real('lng').notNull(),
}, (t) => [index('host_cities_tenant').on(t.tenantId, t.nameEn)]);

/** Host-city committee (流动党员综合党委). */
export const committees = sqliteTable('committees', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  cityId: text('city_id').notNull().references(() => hostCities.id),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  createdAt: createdAt(),
}, (t) => [
  // The tenant's committees in the funnel's order (name, then id), a page at a time.
  index('committees_tenant').on(t.tenantId, t.nameZh, t.id),
]);

/** Host-side branch (流动党员党支部). Positions are WGS-84. */
export const branches = sqliteTable('branches', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  committeeId: text('committee_id').references(() => committees.id),
  cityId: text('city_id').notNull().references(() => hostCities.id),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  addressZh: text('address_zh').notNull(),
  addressEn: text('address_en').notNull(),
  ...positioned(),
  meetingPlaceZh: text('meeting_place_zh'),
  meetingPlaceEn: text('meeting_place_en'),
  meetingTimesZh: text('meeting_times_zh'),
  meetingTimesEn: text('meeting_times_en'),
  /** The branch's office phone: public. Never a person's private number. */
  officePhone: text('office_phone'),
  /** Exact count for staff; the public sees it rounded (see `publicMemberCount`). */
  memberCount: integer('member_count').notNull().default(0),
  /** Lower-cased names, addresses and city, for text search. */
  searchText: text('search_text').notNull(),
  createdAt: createdAt(),
  updatedAt: integer('updated_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
}, (t) => [
  // Nearest search: equality on (tenant, lat band), then a range on lng, per band.
  index('branches_near').on(t.tenantId, t.latCell, t.lng),
  index('branches_city').on(t.tenantId, t.cityId, t.id),
  // A committee secretary's scope: the committee's branches (or those under none), in the funnel's
  // order (name, then id) for its pages.
  index('branches_committee').on(t.tenantId, t.committeeId, t.nameZh, t.id),
]);

/** Service station (流动党员服务驿站); its services, hours and teams are tables of their own. */
export const stations = sqliteTable('stations', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  committeeId: text('committee_id').references(() => committees.id),
  cityId: text('city_id').notNull().references(() => hostCities.id),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  addressZh: text('address_zh').notNull(),
  addressEn: text('address_en').notNull(),
  ...positioned(),
  /** The station's public contacts; never a person's private number. */
  officePhone: text('office_phone'),
  officeEmail: text('office_email'),
  descriptionZh: text('description_zh').notNull().default(''),
  descriptionEn: text('description_en').notNull().default(''),
  /** IANA zone its hours are stated in. */
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  /** A short notice shown with the station (e.g. temporarily closed); null: none. */
  alertZh: text('alert_zh'),
  alertEn: text('alert_en'),
  createdAt: createdAt(),
}, (t) => [
  index('stations_near').on(t.tenantId, t.latCell, t.lng),
  // Directory pages run in id order, by city or over the tenant.
  index('stations_city').on(t.tenantId, t.cityId, t.id),
  index('stations_tenant').on(t.tenantId, t.id),
]);

export const memberCategories = ['worker', 'business_owner', 'employee', 'student', 'other'] as const;
/** How far a member moved from home: within the city, to another city of the province, to another province. */
export const moveDistances = ['same_city', 'same_province', 'other_province'] as const;

/**
 * When the organisation last heard from a member: a check-in, a recorded contact, or joining the
 * roster. The daily lost-contact job seeks members by it (members_last_seen), so a query must
 * spell it exactly so for SQLite to use that index.
 */
export const MEMBER_LAST_SEEN_SQL = 'max(coalesce(last_check_in_at, 0), coalesce(last_contact_at, 0), created_at)';

/** Mobile member (流动党员). Minimal personal data (PIPL): no ID-card numbers. */
export const members = sqliteTable('members', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  name: text('name').notNull(),
  /** Normalised mainland mobile number, 11 digits: the member's identity within a tenant. */
  mobile: text('mobile').notNull(),
  homeUnitId: text('home_unit_id').notNull().references(() => homeUnits.id),
  currentCity: text('current_city'),
  category: text('category', { enum: memberCategories }).notNull(),
  employer: text('employer'),
  hostBranchId: text('host_branch_id').references(() => branches.id),
  lastCheckInAt: integer('last_check_in_at'),
  /**
   * When the member first proved this mobile by SMS code, for a check-in that was then confirmed
   * (the check-in's time); null: never. Written with the confirmation, never by a roster import.
   */
  mobileVerifiedAt: integer('mobile_verified_at'),
  /** The last contact staff recorded reaching the member (a lost-contact follow-up). */
  lastContactAt: integer('last_contact_at'),
  /** The member asked for no more letters or reminders by SMS (a letter's page, or staff on their word); their opted-in notifications are apart. */
  smsOptOutAt: integer('sms_opt_out_at'),
  moveDistance: text('move_distance', { enum: moveDistances }),
  /** Holds the mobile member's activity card (流动党员活动证). */
  hasActivityCard: integer('has_activity_card', { mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
  // Copies for the scopes' indexes, written by worker/src/data/scope-copies.ts only (home unit, host branch):
  /** The town of the home unit: the unit itself if it is a town, else its parent. */
  homeTownId: text('home_town_id'),
  /** The committee of the host branch (null: no host branch, or a branch without a committee). */
  hostCommitteeId: text('host_committee_id'),
  /** The roster import (roster_imports) that last added or changed this row; null: none has. */
  importId: text('import_id'),
}, (t) => [
  uniqueIndex('members_tenant_mobile').on(t.tenantId, t.mobile),
  // Scoped member lists page in id order: each scope seeks one of these, already in id order.
  index('members_tenant_id').on(t.tenantId, t.id),
  index('members_tenant_branch').on(t.tenantId, t.hostBranchId, t.id),
  index('members_tenant_home').on(t.tenantId, t.homeUnitId, t.id),
  index('members_tenant_town').on(t.tenantId, t.homeTownId, t.id),
  index('members_tenant_committee').on(t.tenantId, t.hostCommitteeId, t.id),
  index('members_last_seen').on(t.tenantId, sql.raw(MEMBER_LAST_SEEN_SQL)),
  // A village's members who proved their mobile, most recently checked in first: the fellows a
  // lost-contact case may ask (data/lost-contact-fellows.ts).
  index('members_verified_home').on(t.tenantId, t.homeUnitId, t.lastCheckInAt, t.id).where(sql`mobile_verified_at is not null`),
]);

/**
 * Members per node of both trees, for the roster's counts without counting a million rows: a
 * village (home unit), a town (its own members and its villages'), a host branch, a committee.
 * Node ids are unique across those kinds. Kept by worker/src/data/scope-copies.ts.
 */
export const rosterCounts = sqliteTable('roster_counts', {
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  nodeId: text('node_id').notNull(),
  members: integer('members').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.tenantId, t.nodeId] })]);

/** `returned`: sent back to the member to correct and send again (a new check-in); `rejected`: refused. */
export const checkInStatuses = ['pending', 'confirmed', 'rejected', 'returned'] as const;
export type CheckInStatus = (typeof checkInStatuses)[number];

/** A service a station offers, in one category. */
export const stationServices = sqliteTable('station_services', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  stationId: text('station_id').notNull().references(() => stations.id),
  category: text('category', { enum: serviceCategories }).notNull(),
  descriptionZh: text('description_zh').notNull(),
  descriptionEn: text('description_en').notNull(),
  eligibilityZh: text('eligibility_zh').notNull(),
  eligibilityEn: text('eligibility_en').notNull(),
  howToApplyZh: text('how_to_apply_zh').notNull(),
  howToApplyEn: text('how_to_apply_en').notNull(),
  /** BCP 47 tags, comma-separated (e.g. `zh,en`). */
  languages: text('languages').notNull().default('zh'),
  /** Null: free of charge. */
  feesZh: text('fees_zh'),
  feesEn: text('fees_en'),
}, (t) => [
  // The directory's category filter seeks stations through this, in station id order.
  index('station_services_category').on(t.tenantId, t.category, t.stationId),
  index('station_services_station').on(t.stationId),
]);

/** Weekly opening hours, local to the station's zone; `closes` ≤ `opens` means past midnight. */
export const stationHours = sqliteTable('station_hours', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  stationId: text('station_id').notNull().references(() => stations.id),
  /** 0 Sunday … 6 Saturday. */
  weekday: integer('weekday').notNull(),
  opens: text('opens').notNull(),
  closes: text('closes').notNull(),
}, (t) => [index('station_hours_station').on(t.stationId, t.weekday)]);

/** A date whose hours differ from the week's: closed, or special hours. */
export const stationHourExceptions = sqliteTable('station_hour_exceptions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  stationId: text('station_id').notNull().references(() => stations.id),
  /** YYYY-MM-DD in the station's zone. */
  date: text('date').notNull(),
  /** Both null: closed all day. */
  opens: text('opens'),
  closes: text('closes'),
  noteZh: text('note_zh').notNull().default(''),
  noteEn: text('note_en').notNull().default(''),
}, (t) => [uniqueIndex('station_hour_exceptions_date').on(t.stationId, t.date)]);

/** A volunteer team working from a station. */
export const volunteerTeams = sqliteTable('volunteer_teams', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  stationId: text('station_id').notNull().references(() => stations.id),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  descriptionZh: text('description_zh').notNull().default(''),
  descriptionEn: text('description_en').notNull().default(''),
}, (t) => [index('volunteer_teams_station').on(t.stationId)]);

/**
 * Check-in (报到): a member reports in to a host branch; pending until the branch confirms.
 * It keeps what the member submitted, so staff see exactly what was said and when.
 */
export const checkIns = sqliteTable('check_ins', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  memberId: text('member_id').notNull().references(() => members.id),
  branchId: text('branch_id').notNull().references(() => branches.id),
  status: text('status', { enum: checkInStatuses }).notNull().default('pending'),
  /** Short code the member uses to look the check-in up (with their mobile's last four digits). */
  reference: text('reference').notNull(),
  submittedName: text('submitted_name').notNull(),
  /** The submitted name differs from the roster's for this mobile: staff decide, nothing is merged silently. */
  nameMismatch: integer('name_mismatch', { mode: 'boolean' }).notNull().default(false),
  currentCity: text('current_city').notNull(),
  category: text('category', { enum: memberCategories }).notNull(),
  employer: text('employer'),
  needs: text('needs', { mode: 'json' }).$type<ServiceCategory[]>().notNull().default(sql`'[]'`),
  /** Version of the consent text the member agreed to, and when (PIPL: separate consent). */
  consentVersion: text('consent_version').notNull(),
  consentedAt: integer('consented_at').notNull(),
  /** The member withdrew that consent (the my-data page): nothing more is done with what the form sent. */
  consentWithdrawnAt: integer('consent_withdrawn_at'),
  /** The key that created it: the tenant's publishable key (the form) or a partner's secret key. */
  createdByKeyId: text('created_by_key_id').notNull(),
  /** On confirmation: the host branch the member left (a handover), recorded for both sides. */
  previousBranchId: text('previous_branch_id').references(() => branches.id),
  rejectReason: text('reject_reason'),
  decidedByKeyId: text('decided_by_key_id'),
  createdAt: createdAt(),
  decidedAt: integer('decided_at'),
  // Copies for the scopes' indexes (access/check-in-scope.ts), written by data/scope-copies.ts only:
  // the member's home unit and its town, the member's host branch and its committee now (every
  // check-in of a member moves with the member), the committees of the branch and previous branch.
  homeUnitId: text('home_unit_id'),
  homeTownId: text('home_town_id'),
  memberBranchId: text('member_branch_id'),
  memberCommitteeId: text('member_committee_id'),
  branchCommitteeId: text('branch_committee_id'),
  previousCommitteeId: text('previous_committee_id'),
  /** The sender proved the mobile by an SMS code (a signed proof came with the submission). */
  mobileVerified: integer('mobile_verified', { mode: 'boolean' }).notNull().default(false),
  /** The mobile was already on the roster when this was submitted (the member row is not this check-in's). */
  matchedMember: integer('matched_member', { mode: 'boolean' }).notNull().default(false),
  /** The home unit the form named (the roster's may differ; the form never changes it). */
  submittedHomeUnitId: text('submitted_home_unit_id'),
  /**
   * Two-sided decisions (data/check-in-decisions.ts): an unverified check-in that would move an
   * existing member needs the receiving side and a side that already has the member in scope.
   */
  acceptedByKeyId: text('accepted_by_key_id'),
  acceptedAt: integer('accepted_at'),
  releasedByKeyId: text('released_by_key_id'),
  releasedAt: integer('released_at'),
  /** The member asked to be told of the decision (docs/notifications.md). */
  notify: integer('notify', { mode: 'boolean' }).notNull().default(false),
}, (t) => [
  uniqueIndex('check_ins_reference').on(t.tenantId, t.reference),
  // At most one verified pending check-in per member and branch, even for concurrent submissions.
  // Unverified ones never stand for another submission (nothing of one is shown to another sender).
  uniqueIndex('check_ins_one_verified_pending').on(t.tenantId, t.memberId, t.branchId).where(sql`status = 'pending' and mobile_verified = 1`),
  index('check_ins_branch_status').on(t.tenantId, t.branchId, t.status, t.createdAt),
  index('check_ins_tenant_created').on(t.tenantId, t.createdAt),
  index('check_ins_member').on(t.tenantId, t.memberId),
  // The queue's search by name: the name as submitted, by prefix.
  index('check_ins_submitted_name').on(t.tenantId, t.submittedName),
  // The daily retention job (worker/src/jobs/purge-check-ins.ts): refused ones by when decided,
  // unverified pending ones by when sent.
  index('check_ins_refused_decided').on(t.decidedAt).where(sql`status in ('rejected', 'returned')`),
  index('check_ins_unverified_pending').on(t.createdAt).where(sql`status = 'pending' and mobile_verified = 0`),
  // Each scope's list, newest first, walks one or more of these (several: merged in order). They
  // lead with the node (ids are unique across tenants; the scope checks the tenant per row), so
  // that a from/to range on created_at cannot make check_ins_tenant_created look cheaper.
  index('check_ins_previous_branch').on(t.previousBranchId, t.createdAt),
  index('check_ins_branch_created').on(t.branchId, t.createdAt),
  index('check_ins_home_unit_created').on(t.homeUnitId, t.createdAt),
  index('check_ins_home_town_created').on(t.homeTownId, t.createdAt),
  index('check_ins_member_branch_created').on(t.memberBranchId, t.createdAt),
  index('check_ins_member_committee_created').on(t.memberCommitteeId, t.createdAt),
  index('check_ins_branch_committee_created').on(t.branchCommitteeId, t.createdAt),
  index('check_ins_previous_committee_created').on(t.previousCommitteeId, t.createdAt),
  // The queue (status = 'pending', spelled so in the query for SQLite to use these): the same
  // scopes over pending check-ins only, so a queue page reads a page however few are pending.
  ...([
    ['tenant', t.tenantId], ['branch', t.branchId], ['home_unit', t.homeUnitId], ['home_town', t.homeTownId],
    ['member_branch', t.memberBranchId], ['member_committee', t.memberCommitteeId], ['branch_committee', t.branchCommitteeId],
    ['previous_branch', t.previousBranchId], ['previous_committee', t.previousCommitteeId],
  ] as const).map(([name, column]) => index(`check_ins_pending_${name}`).on(column, t.createdAt).where(sql`status = 'pending'`)),
]);

export const serviceRequestStatuses = ['open', 'assigned', 'resolved', 'closed'] as const;

/**
 * Service request (服务需求): help a member asked for in one category, routed to the station or
 * committee responsible for the host city (worker/src/data/service-request-routing.ts). It moves
 * open → assigned → resolved, or open|assigned → closed with a reason. Made by check-ins (one
 * per need) or filed directly (POST /v1/service-requests).
 */
export const serviceRequests = sqliteTable('service_requests', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  memberId: text('member_id').notNull().references(() => members.id),
  category: text('category', { enum: serviceCategories }).notNull(),
  status: text('status', { enum: serviceRequestStatuses }).notNull().default('open'),
  /** The host city it was routed by; null only on requests made before routing by city. */
  cityId: text('city_id').references(() => hostCities.id),
  /** Who handles it: the station's (or else the city's) committee, and the station; both null: the home org. */
  committeeId: text('committee_id').references(() => committees.id),
  stationId: text('station_id').references(() => stations.id),
  checkInId: text('check_in_id').references(() => checkIns.id),
  reference: text('reference').notNull(),
  /** What the member wrote (≤500 characters); null for a need ticked on the check-in form. */
  description: text('description'),
  /** The name the member gave when filing directly; differs from the roster's: `name_mismatch`. */
  submittedName: text('submitted_name'),
  nameMismatch: integer('name_mismatch', { mode: 'boolean' }).notNull().default(false),
  consentVersion: text('consent_version'),
  /** The member's separate consent to share this request (name, mobile, description) with one partner. */
  sharedWithPartnerId: text('shared_with_partner_id').references(() => partners.id),
  shareConsentVersion: text('share_consent_version'),
  sharedAt: integer('shared_at'),
  /** A person or volunteer team's name, free text, and optionally the team. */
  assignee: text('assignee'),
  volunteerTeamId: text('volunteer_team_id').references(() => volunteerTeams.id),
  resolution: text('resolution'),
  closeReason: text('close_reason'),
  createdByKeyId: text('created_by_key_id'),
  createdAt: createdAt(),
  /** Null until the first change (SQLite cannot add a column with a computed default). */
  updatedAt: integer('updated_at'),
  // Copies for the scopes' indexes (access/service-request-scope.ts), written by
  // data/scope-copies.ts only: the member's home unit and its town, the member's host branch now (every request of
  // a member moves with the member), and the branch of the check-in that made it.
  homeUnitId: text('home_unit_id'),
  homeTownId: text('home_town_id'),
  memberBranchId: text('member_branch_id'),
  checkInBranchId: text('check_in_branch_id'),
  /** The member asked to be told when it is resolved (a need's request: as its check-in asked). */
  notify: integer('notify', { mode: 'boolean' }).notNull().default(false),
}, (t) => [
  uniqueIndex('service_requests_reference').on(t.tenantId, t.reference),
  index('service_requests_committee').on(t.tenantId, t.committeeId, t.status, t.createdAt),
  index('service_requests_member').on(t.tenantId, t.memberId),
  // Each scope's list, newest first: the tenant (home admin, and per-row scopes), a committee,
  // a station, a partner's shared requests of its category.
  index('service_requests_tenant_created').on(t.tenantId, t.createdAt),
  index('service_requests_committee_created').on(t.tenantId, t.committeeId, t.createdAt),
  index('service_requests_station_created').on(t.tenantId, t.stationId, t.createdAt),
  // A station's open and assigned requests, counted for its manager's daily digest (worker/src/notify/digest.ts).
  index('service_requests_station_status').on(t.tenantId, t.stationId, t.status),
  index('service_requests_partner_created').on(t.tenantId, t.sharedWithPartnerId, t.category, t.createdAt),
  // Removing a volunteer team finds the requests assigned to it (and SQLite's foreign-key check does too).
  index('service_requests_team').on(t.volunteerTeamId),
  // The home side's and a branch's lists, newest first (a branch merges its two); led by the
  // node, as check_ins' scope indexes are.
  index('service_requests_home_unit_created').on(t.homeUnitId, t.createdAt),
  index('service_requests_home_town_created').on(t.homeTownId, t.createdAt),
  index('service_requests_member_branch_created').on(t.memberBranchId, t.createdAt),
  index('service_requests_check_in_branch_created').on(t.checkInBranchId, t.createdAt),
]);

/** Staff notes on a service request; never shown to partners or the public. */
export const serviceRequestNotes = sqliteTable('service_request_notes', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  requestId: text('request_id').notNull().references(() => serviceRequests.id),
  keyId: text('key_id').notNull(),
  role: text('role', { enum: roles }),
  text: text('text').notNull(),
  createdAt: createdAt(),
}, (t) => [index('service_request_notes_request').on(t.tenantId, t.requestId, t.createdAt)]);

/**
 * Idempotency keys: the first response to a POST, kept so that a retry with the same key gets
 * the same answer and creates nothing. Scoped to the API key that sent it.
 */
export const idempotencyKeys = sqliteTable('idempotency_keys', {
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  apiKeyId: text('api_key_id').notNull(),
  key: text('key').notNull(),
  /** SHA-256 of method, path and body: the same key with another request is refused. */
  requestHash: text('request_hash').notNull(),
  status: integer('status').notNull(),
  body: text('body').notNull(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.apiKeyId, t.key] }), index('idempotency_keys_created').on(t.createdAt)]);

/** A partner (e.g. a chamber of commerce) that members may consent to share their data with. */
export const partners = sqliteTable('partners', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  createdAt: createdAt(),
}, (t) => [index('partners_tenant').on(t.tenantId, t.id)]);

/** A member's consent to share their data with one partner; withdrawn consent stays on record. */
export const partnerConsents = sqliteTable('partner_consents', {
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  partnerId: text('partner_id').notNull().references(() => partners.id),
  memberId: text('member_id').notNull().references(() => members.id),
  consentVersion: text('consent_version').notNull(),
  grantedAt: integer('granted_at').notNull(),
  withdrawnAt: integer('withdrawn_at'),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.partnerId, t.memberId] }),
  // A partner's member list walks its live consents in member order, never reading withdrawn ones.
  index('partner_consents_live').on(t.tenantId, t.partnerId, t.memberId).where(sql`withdrawn_at is null`),
  // A member's own consents (the my-data page, an erasure).
  index('partner_consents_member').on(t.tenantId, t.memberId),
]);

/**
 * Audit log: every read or change of personal data by staff or partners, and every key change.
 * Append-only: triggers in the migration refuse UPDATE and DELETE.
 */
export const auditLog = sqliteTable('audit_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  at: integer('at').notNull(),
  keyId: text('key_id').notNull(),
  role: text('role', { enum: roles }),
  /** What was done, e.g. `member.read`, `member.list`, `key.create`, `key.revoke`. */
  action: text('action').notNull(),
  subjectType: text('subject_type').notNull(),
  /** The member or key acted on; for a list, null (the ids are in `detail`). */
  subjectId: text('subject_id'),
  /** Made by the server for each request; never the client's. */
  requestId: text('request_id').notNull(),
  /** The client's own `X-Request-Id`, if it sent a well-formed one: for correlation only. */
  correlationId: text('correlation_id'),
  detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
  /** The staff user acting, when a console session sent the request (`key_id` is then their grant). */
  userId: text('user_id'),
}, (t) => [
  index('audit_tenant_at').on(t.tenantId, t.id),
  index('audit_tenant_subject').on(t.tenantId, t.subjectType, t.subjectId, t.id),
  // GET /v1/audit pages newest first by any one filter (access/audit.ts picks which one leads).
  index('audit_tenant_type').on(t.tenantId, t.subjectType, t.id),
  index('audit_tenant_subject_id').on(t.tenantId, t.subjectId, t.id),
  index('audit_tenant_action').on(t.tenantId, t.action, t.id),
  index('audit_tenant_user').on(t.tenantId, t.userId, t.id),
  index('audit_tenant_key').on(t.tenantId, t.keyId, t.id),
  // Date bounds become id bounds: the first entry at or after a time (access/audit.ts).
  index('audit_tenant_time').on(t.tenantId, t.at),
]);

/**
 * SMS codes proving a mobile (the check-in form's verification). Only hashes are stored: the
 * number as an HMAC (so the table is no list of numbers) and the code as an HMAC bound to this
 * row. Rows are counted for the per-number and per-address limits, then purged daily.
 */
export const mobileVerifications = sqliteTable('mobile_verifications', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  mobileHash: text('mobile_hash').notNull(),
  codeHash: text('code_hash').notNull(),
  keyId: text('key_id').notNull(),
  /** HMAC of the client address; null when the runtime gave none. */
  clientHash: text('client_hash'),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  attempts: integer('attempts').notNull().default(0),
  verifiedAt: integer('verified_at'),
}, (t) => [
  index('mobile_verifications_mobile').on(t.tenantId, t.mobileHash, t.createdAt),
  index('mobile_verifications_client').on(t.tenantId, t.clientHash, t.createdAt),
  index('mobile_verifications_created').on(t.createdAt),
]);

/**
 * Human-verification challenges already accepted (ALTCHA): each is accepted once. Kept in D1,
 * not memory, because isolates share no memory; purged once expired.
 */
export const spentChallenges = sqliteTable('spent_challenges', {
  challengeHash: text('challenge_hash').primaryKey(),
  expiresAt: integer('expires_at').notNull(),
}, (t) => [index('spent_challenges_expires').on(t.expiresAt)]);

/** The local SMS provider's outbox (development and tests): what a real provider would have sent. */
export const smsOutbox = sqliteTable('sms_outbox', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  tenantId: text('tenant_id').notNull(),
  mobile: text('mobile').notNull(),
  template: text('template').notNull(),
  params: text('params', { mode: 'json' }).$type<Record<string, string>>().notNull(),
  text: text('text').notNull(),
  createdAt: integer('created_at').notNull(),
}, (t) => [index('sms_outbox_mobile').on(t.tenantId, t.mobile, t.id)]);
