// The station directory as Open Referral HSDS 3.0: the home org and its committees are
// organizations, stations are locations, each station service is a service with one
// service_at_location, and opening hours are schedules. A page is one D1 batch.
import { and, asc, between, count, eq, inArray } from 'drizzle-orm';
import {
  committees, hostCities, stationHourExceptions, stationHours, stations, stationServices, tenants,
  type HsdsLocation, type HsdsOrganization, type HsdsPhone, type HsdsSchedule, type HsdsService, type HsdsServiceAtLocation,
  type HsdsQueryParams, type ServiceCategory,
} from '../../../schema/index.ts';
import type { Database } from '../db.ts';
import { isoDate, localDay } from '../lib/opening-hours.ts';
import { hsdsId } from './hsds-ids.ts';
import { languageName, pick, schedules, type Lang, type ScheduleBody } from './hsds-schedules.ts';

const DAY_MS = 86_400_000;
/** Dated exceptions exported: from today to a year ahead. */
const EXCEPTION_DAYS = 366;

/** Ginkgo's service categories (分类施策) as an HSDS taxonomy. */
const CATEGORIES: Record<ServiceCategory, [zh: string, en: string]> = {
  training: ['技能培训', 'Skills training'],
  policy: ['政策解读', 'Policy interpretation'],
  livelihood: ['民生服务', 'Livelihood services'],
  employment: ['就业信息', 'Employment information'],
  social_insurance: ['社会保险', 'Social insurance'],
  legal: ['法律维权', 'Legal rights'],
  credit: ['金融授信', 'Credit referrals'],
  hardship: ['困难救助', 'Hardship assistance'],
};
const TAXONOMY = ['银杏家天下服务分类', 'Ginkgo service categories'] as const;

type StationRow = { station: typeof stations.$inferSelect; city: typeof hostCities.$inferSelect };

/** Gives schedule bodies their ids and owner, e.g. `{ service_id }`. */
const own = (tenantId: string, owner: string, link: Partial<HsdsSchedule>, bodies: ScheduleBody[]) =>
  Promise.all(bodies.map(async ({ key, ...body }) => ({ id: await hsdsId(tenantId, 'schedule', `${owner}:${key}`), ...link, ...body })));

const phone = async (tenantId: string, owner: string, link: Partial<HsdsPhone>, number: string | null): Promise<HsdsPhone[]> =>
  (number ? [{ id: await hsdsId(tenantId, 'phone', owner), ...link, number, type: 'voice' as const }] : []);

// No joins inside a batch: D1 returns a batch's rows as objects, where same-named columns collide.
const tenantQueries = (db: Database, tenantId: string) => [
  db.select().from(tenants).where(eq(tenants.id, tenantId)),
  db.select().from(committees).where(eq(committees.tenantId, tenantId)).orderBy(asc(committees.id)),
  db.select().from(hostCities).where(eq(hostCities.tenantId, tenantId)),
] as const;
type TenantRows = readonly [(typeof tenants.$inferSelect)[], (typeof committees.$inferSelect)[], (typeof hostCities.$inferSelect)[]];

/** The home org (key null) and each committee (key: its id), as HSDS organizations. */
async function organizationsOf(tenantId: string, [[tenant], rows, cities]: TenantRows, lang: Lang): Promise<Map<string | null, HsdsOrganization>> {
  const result = new Map<string | null, HsdsOrganization>();
  if (!tenant) return result;
  const homeId = await hsdsId(tenantId, 'organization', tenantId);
  result.set(null, {
    id: homeId, name: pick(lang, tenant.nameZh, tenant.nameEn),
    description: lang === 'en'
      ? `${tenant.nameEn}: the home organisation of its mobile members, with host-city committees and service stations.`
      : `${tenant.nameZh}：流动党员的流出地党组织，在外设立流动党员综合党委和服务驿站。`,
  });
  for (const c of rows) {
    const city = cities.find((x) => x.id === c.cityId)!;
    result.set(c.id, {
      id: await hsdsId(tenantId, 'organization', c.id), name: pick(lang, c.nameZh, c.nameEn), parent_organization_id: homeId,
      description: lang === 'en' ? `${c.nameEn}, serving mobile members in ${city.nameEn}.` : `${c.nameZh}，服务在${city.nameZh}的流动党员。`,
    });
  }
  return result;
}

export async function hsdsOrganizations(db: Database, tenantId: string, q: HsdsQueryParams) {
  const all = [...(await organizationsOf(tenantId, await db.batch(tenantQueries(db, tenantId)), q.lang)).values()];
  return page(all.slice((q.page - 1) * q.per_page, q.page * q.per_page), all.length, q);
}

function page<T>(contents: T[], total: number, q: HsdsQueryParams) {
  const totalPages = Math.max(1, Math.ceil(total / q.per_page));
  return {
    total_items: total, total_pages: totalPages, page_number: q.page, size: contents.length,
    first_page: q.page === 1, last_page: q.page >= totalPages, empty: contents.length === 0, contents,
  };
}

/**
 * The count and one page of the tenant's services (exported for the query-plan test). Both seek
 * `station_services_category`: services page by category, then station, then id.
 */
export function servicePageQueries(db: Database, tenantId: string, q: HsdsQueryParams) {
  const tenant = eq(stationServices.tenantId, tenantId);
  const order = [asc(stationServices.category), asc(stationServices.stationId), asc(stationServices.id)];
  const [limit, offset] = [q.per_page, (q.page - 1) * q.per_page];
  return {
    count: db.select({ n: count() }).from(stationServices).where(tenant),
    page: db.select().from(stationServices).where(tenant).orderBy(...order).limit(limit).offset(offset),
    /** The page's stations, as a subquery: no list of ids to bind (D1 binds at most 100 parameters). */
    stationIds: db.select({ id: stationServices.stationId }).from(stationServices).where(tenant).orderBy(...order).limit(limit).offset(offset),
  };
}

/** One page of services with everything they link to, fully nested: one D1 round trip. */
async function servicesPage(db: Database, tenantId: string, q: HsdsQueryParams, now: number) {
  const { count: total, page: services, stationIds } = servicePageQueries(db, tenantId, q);
  const ofPage = <T extends typeof stationHours | typeof stationHourExceptions>(t: T) => and(eq(t.tenantId, tenantId), inArray(t.stationId, stationIds));
  const [[n], rows, stationRows, hours, exceptions, ...tenantRows] = await db.batch([
    total, services,
    db.select().from(stations).where(and(eq(stations.tenantId, tenantId), inArray(stations.id, stationIds))),
    db.select().from(stationHours).where(ofPage(stationHours)).orderBy(asc(stationHours.weekday), asc(stationHours.opens)),
    // A day's margin: each station's "today" is in its own zone.
    db.select().from(stationHourExceptions).where(and(ofPage(stationHourExceptions),
      between(stationHourExceptions.date, isoDate(now - DAY_MS), isoDate(now + (EXCEPTION_DAYS + 1) * DAY_MS))))
      .orderBy(asc(stationHourExceptions.date)),
    ...tenantQueries(db, tenantId),
  ]);
  const orgs = await organizationsOf(tenantId, tenantRows, q.lang);
  const cities = tenantRows[2];
  const byStation = new Map(stationRows.map((station) => [station.id, { station, city: cities.find((c) => c.id === station.cityId)! }]));
  const built = await Promise.all(rows.map(async (sv) => {
    const row = byStation.get(sv.stationId)!;
    const today = isoDate(localDay(now, row.station.timeZone));
    const bodies = schedules(row.station, hours.filter((h) => h.stationId === sv.stationId),
      exceptions.filter((e) => e.stationId === sv.stationId && e.date >= today), q.lang, now);
    return buildService(tenantId, sv, row, orgs, bodies, q.lang);
  }));
  return { built, total: n?.n ?? 0 };
}

async function buildLocation(tenantId: string, { station: s, city }: StationRow, organizationId: string, bodies: ScheduleBody[], lang: Lang): Promise<HsdsLocation> {
  const id = await hsdsId(tenantId, 'station', s.id);
  return {
    id, location_type: 'physical', organization_id: organizationId, name: pick(lang, s.nameZh, s.nameEn),
    description: pick(lang, s.descriptionZh, s.descriptionEn), latitude: s.lat, longitude: s.lng,
    external_identifier: s.id, external_identifier_type: 'ginkgo_station',
    addresses: [{
      id: await hsdsId(tenantId, 'address', s.id), location_id: id, address_1: pick(lang, s.addressZh, s.addressEn),
      city: pick(lang, city.nameZh, city.nameEn), state_province: pick(lang, city.provinceZh, city.provinceEn),
      postal_code: '', country: 'CN', address_type: 'physical',
    }],
    phones: await phone(tenantId, `location:${s.id}`, { location_id: id }, s.officePhone),
    schedules: await own(tenantId, `location:${s.id}`, { location_id: id }, bodies),
  };
}

async function buildService(
  tenantId: string, sv: typeof stationServices.$inferSelect, row: StationRow, orgs: Map<string | null, HsdsOrganization>,
  bodies: ScheduleBody[], lang: Lang,
): Promise<{ service: HsdsService; atLocation: HsdsServiceAtLocation }> {
  const s = row.station;
  const id = await hsdsId(tenantId, 'service', sv.id);
  const organization = orgs.get(s.committeeId) ?? orgs.get(null)!;
  const location = await buildLocation(tenantId, row, organization.id, bodies, lang);
  const salId = await hsdsId(tenantId, 'service_at_location', sv.id);
  const [catZh, catEn] = CATEGORIES[sv.category];
  const termId = await hsdsId(tenantId, 'taxonomy_term', sv.category);
  const atLocation: HsdsServiceAtLocation = {
    id: salId, service_id: id, location_id: location.id, description: pick(lang, sv.descriptionZh, sv.descriptionEn), location,
    phones: await phone(tenantId, `service_at_location:${sv.id}`, { service_at_location_id: salId }, s.officePhone),
    schedules: await own(tenantId, `service_at_location:${sv.id}`, { service_at_location_id: salId, location_id: location.id }, bodies),
  };
  const alert = s.alertZh === null ? undefined : pick(lang, s.alertZh, s.alertEn);
  const service: HsdsService = {
    id, organization_id: organization.id,
    name: lang === 'en' ? `${catEn} – ${s.nameEn || s.nameZh}` : `${catZh}｜${s.nameZh}`,
    description: pick(lang, sv.descriptionZh, sv.descriptionEn), status: 'active',
    ...(s.officeEmail ? { email: s.officeEmail } : {}), ...(alert ? { alert } : {}),
    eligibility_description: pick(lang, sv.eligibilityZh, sv.eligibilityEn),
    application_process: pick(lang, sv.howToApplyZh, sv.howToApplyEn),
    fees_description: sv.feesZh === null ? (lang === 'en' ? 'Free of charge' : '免费') : pick(lang, sv.feesZh, sv.feesEn),
    organization,
    languages: await Promise.all(sv.languages.split(',').filter(Boolean).map(async (code) => ({
      id: await hsdsId(tenantId, 'language', `${sv.id}:${code}`), service_id: id, name: languageName(code, lang), code,
    }))),
    attributes: [{
      id: await hsdsId(tenantId, 'attribute', `${sv.id}:category`), link_id: id, link_entity: 'service', link_type: 'service_category',
      taxonomy_term_id: termId,
      taxonomy_term: {
        id: termId, code: sv.category, name: lang === 'en' ? catEn : catZh, description: lang === 'en' ? `${catEn} (${catZh})` : catZh,
        taxonomy: lang === 'en' ? TAXONOMY[1] : TAXONOMY[0], language: lang === 'en' ? 'en' : 'zh',
      },
    }],
    phones: await phone(tenantId, `service:${sv.id}`, { service_id: id }, s.officePhone),
    schedules: await own(tenantId, `service:${sv.id}`, { service_id: id, location_id: location.id }, bodies),
    service_at_locations: [(({ location: _, ...rest }) => rest)(atLocation)],
  };
  return { service, atLocation };
}

export async function hsdsServices(db: Database, tenantId: string, q: HsdsQueryParams, now = Date.now()) {
  const { built, total } = await servicesPage(db, tenantId, q, now);
  return page(built.map((b) => b.service), total, q);
}

/** One service_at_location per station service, so these page exactly like the services. */
export async function hsdsServiceAtLocations(db: Database, tenantId: string, q: HsdsQueryParams, now = Date.now()) {
  const { built, total } = await servicesPage(db, tenantId, q, now);
  return page(built.map((b) => b.atLocation), total, q);
}
