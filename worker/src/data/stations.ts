// Station directory reads. A page of stations is one query; its services, hours, exceptions
// and teams come in one more round trip (a D1 batch), whatever the page size.
import { and, asc, between, eq, getTableColumns, gt, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import {
  committees, hostCities, serviceCategories, stationHourExceptions, stationHours, stations, stationServices, volunteerTeams,
  type Position, type ServiceCategory, type Station, type StationQueryParams,
} from '../../../schema/index.ts';
import { inIdList, type Database } from '../db.ts';
import { decodeCursor, encodeCursor, pageFrom } from '../lib/cursor.ts';
import { isoDate, localDay, openingState } from '../lib/opening-hours.ts';
import { nearestRows } from './nearest.ts';

const DAY_MS = 86_400_000;
/** Exceptions the API lists: from today to this many days ahead. */
export const EXCEPTION_DAYS = 60;

export type StationRow = typeof stations.$inferSelect & {
  committeeNameZh: string | null; committeeNameEn: string | null; cityNameZh: string; cityNameEn: string;
};

const committee = alias(committees, 'committee');
const city = alias(hostCities, 'city');
const withNames = {
  ...getTableColumns(stations),
  committeeNameZh: committee.nameZh, committeeNameEn: committee.nameEn, cityNameZh: city.nameZh, cityNameEn: city.nameEn,
};

const text = (zh: string, en: string) => ({ zh, en });

/** Services, hours, exceptions and teams of `rows`, assembled into stations, open-now as of `now`. */
async function assemble(db: Database, tenantId: string, rows: StationRow[], now: number): Promise<Station[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const of = <T extends typeof stationServices | typeof stationHours | typeof stationHourExceptions | typeof volunteerTeams>(t: T) =>
    and(eq(t.tenantId, tenantId), inIdList(t.stationId, ids));
  // Dates are local to each station; a day's margin either side covers every zone.
  const [services, hours, exceptions, teams] = await db.batch([
    db.select().from(stationServices).where(of(stationServices)).orderBy(asc(stationServices.id)),
    db.select().from(stationHours).where(of(stationHours)).orderBy(asc(stationHours.weekday), asc(stationHours.opens)),
    db.select().from(stationHourExceptions).where(and(of(stationHourExceptions),
      between(stationHourExceptions.date, isoDate(now - 2 * DAY_MS), isoDate(now + (EXCEPTION_DAYS + 3) * DAY_MS))))
      .orderBy(asc(stationHourExceptions.date)),
    db.select().from(volunteerTeams).where(of(volunteerTeams)).orderBy(asc(volunteerTeams.id)),
  ]);
  return rows.map((r) => {
    const own = <T extends { stationId: string }>(list: T[]) => list.filter((x) => x.stationId === r.id);
    const weekly = own(hours).map(({ weekday, opens, closes }) => ({ weekday, opens, closes }));
    const dated = own(exceptions);
    const state = openingState(weekly, dated, r.timeZone, now);
    const today = localDay(now, r.timeZone);
    const [from, to] = [isoDate(today), isoDate(today + EXCEPTION_DAYS * DAY_MS)];
    const offered = own(services);
    return {
      id: r.id,
      name: text(r.nameZh, r.nameEn),
      description: text(r.descriptionZh, r.descriptionEn),
      city: { id: r.cityId, name: text(r.cityNameZh, r.cityNameEn) },
      committee: r.committeeId === null ? null : { id: r.committeeId, name: text(r.committeeNameZh ?? '', r.committeeNameEn ?? '') },
      address: text(r.addressZh, r.addressEn),
      position: { lat: r.lat, lng: r.lng },
      officePhone: r.officePhone,
      officeEmail: r.officeEmail,
      alert: r.alertZh === null ? null : text(r.alertZh, r.alertEn ?? r.alertZh),
      timeZone: r.timeZone,
      hours: weekly,
      exceptions: dated.filter((e) => e.date >= from && e.date <= to).map((e) => ({
        date: e.date, closed: !e.opens || !e.closes, opens: e.opens, closes: e.closes, note: text(e.noteZh, e.noteEn),
      })),
      openNow: state.openNow,
      closesAt: state.closesAt ?? null,
      nextOpening: state.nextOpening ?? null,
      services: serviceCategories
        .map((category) => ({ category, services: offered.filter((s) => s.category === category) }))
        .filter((g) => g.services.length > 0)
        .map(({ category, services: list }) => ({
          category,
          services: list.map((s) => ({
            id: s.id, category: s.category,
            description: text(s.descriptionZh, s.descriptionEn),
            eligibility: text(s.eligibilityZh, s.eligibilityEn),
            howToApply: text(s.howToApplyZh, s.howToApplyEn),
            languages: s.languages.split(',').filter(Boolean),
            fees: s.feesZh === null ? null : text(s.feesZh, s.feesEn ?? s.feesZh),
          })),
        })),
      volunteerTeams: own(teams).map((t) => ({ id: t.id, name: text(t.nameZh, t.nameEn), description: text(t.descriptionZh, t.descriptionEn) })),
    };
  });
}

/**
 * The list query (exported for its query-plan test), in station id order, one row more than
 * the page. With a category it is driven by `station_services_category`, so it reads only
 * the stations offering that category.
 */
export function listStationsQuery(db: Database, tenantId: string, q: StationQueryParams) {
  const after = q.cursor ? decodeCursor(q.cursor, ['string'])[0] : undefined;
  if (q.category) {
    const where: SQL[] = [eq(stationServices.tenantId, tenantId), eq(stationServices.category, q.category)];
    if (after) where.push(gt(stationServices.stationId, after));
    if (q.city) where.push(eq(stations.cityId, q.city));
    return db.select(withNames).from(stationServices)
      .innerJoin(stations, eq(stations.id, stationServices.stationId))
      .leftJoin(committee, eq(committee.id, stations.committeeId))
      .innerJoin(city, eq(city.id, stations.cityId))
      .where(and(...where)).groupBy(stationServices.stationId).orderBy(asc(stationServices.stationId)).limit(q.limit + 1);
  }
  const where: SQL[] = [eq(stations.tenantId, tenantId)];
  if (q.city) where.push(eq(stations.cityId, q.city));
  if (after) where.push(gt(stations.id, after));
  return db.select(withNames).from(stations)
    .leftJoin(committee, eq(committee.id, stations.committeeId))
    .innerJoin(city, eq(city.id, stations.cityId))
    .where(and(...where)).orderBy(asc(stations.id)).limit(q.limit + 1);
}

export async function listStations(db: Database, tenantId: string, q: StationQueryParams, now = Date.now()) {
  const rows = await listStationsQuery(db, tenantId, q);
  const { page, nextCursor } = pageFrom(rows, q.limit, (last) => encodeCursor([last.id]));
  return { data: await assemble(db, tenantId, page, now), nextCursor };
}

export async function getStation(db: Database, tenantId: string, id: string, now = Date.now()): Promise<Station | undefined> {
  const rows = await db.select(withNames).from(stations)
    .leftJoin(committee, eq(committee.id, stations.committeeId))
    .innerJoin(city, eq(city.id, stations.cityId))
    .where(and(eq(stations.tenantId, tenantId), eq(stations.id, id))).limit(1);
  return (await assemble(db, tenantId, rows, now))[0];
}

/** A station offering a service of the category, by `station_services_category` (tenant, category, station). */
const offering = (tenantId: string, category: ServiceCategory) => ({
  sql: 'EXISTS (SELECT 1 FROM station_services s WHERE s.tenant_id = ? AND s.category = ? AND s.station_id = stations.id)',
  params: [tenantId, category],
});

/** The `limit` stations nearest `p`; with a category, the nearest of those offering it (the rings widen until enough do). */
export async function nearestStations(db: Database, d1: D1Database, tenantId: string, p: Position, limit: number, category?: ServiceCategory, now = Date.now()) {
  const found = await nearestRows<StationRow>(d1, stations, tenantId, p, limit, category ? offering(tenantId, category) : undefined);
  const assembled = await assemble(db, tenantId, found.data, now);
  return { ...found, data: assembled.map((s, i) => ({ ...s, distanceMeters: found.data[i]!.distanceMeters })) };
}
