// Where a service request goes: the ONE routing rule, for check-ins' needs and filed requests.
// A station the member named (filed from its service); else the host city's station offering
// the category; else any station of the city; else the city's committee; else the fallback
// committee (a check-in's branch's, when its city has no committee of its own); else the home
// org. The committee stored is the station's, else the city's, else the fallback, so that its
// secretary sees it too.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import {
  committees, hostCities, stations, tenants, type RoutedTo, type ServiceCategory,
} from '../../../schema/index.ts';
import type { Database } from '../db.ts';
import { HttpError, notFound } from '../errors.ts';

export type Routing = { cityId: string | null; committeeId: string | null; stationId: string | null; routedTo: RoutedTo };
export type Router = (category: ServiceCategory) => Routing;

type Place = {
  cityId?: string | undefined;
  stationId?: string | undefined;
  /**
   * The committee to fall back on when the city has no committee of its own, before the home
   * org: a check-in's branch's committee (a branch in Wuxi under cm_suzhou). Ignored if unknown.
   */
  committeeId?: string | null | undefined;
};

/**
 * Loads, in one D1 batch, what routing in the place's city needs (its stations with the
 * categories they offer, its committee, the tenant's name) and returns the router. The city
 * is `cityId`, else the named station's. Unknown city or station: 404; a station of another
 * city than `cityId`: 400.
 */
export async function routerFor(db: Database, tenantId: string, place: Place): Promise<Router> {
  const named = place.stationId ?? null;
  const city: SQL = place.cityId !== undefined
    ? sql`${place.cityId}`
    : sql`(select city_id from stations where tenant_id = ${tenantId} and id = ${named})`;
  const [cityRows, stationRows, committeeRows, tenantRows, fallbackRows] = await db.batch([
    db.select({ id: hostCities.id }).from(hostCities).where(and(eq(hostCities.tenantId, tenantId), sql`${hostCities.id} = ${city}`)).limit(1),
    // Few stations per city: their offered categories come along (stations_city, station_services_station).
    db.select({
      id: stations.id, nameZh: stations.nameZh, nameEn: stations.nameEn, committeeId: stations.committeeId, cityId: stations.cityId,
      // Qualified by hand: drizzle writes a single table's columns unqualified, which the subquery would take as its own.
      categories: sql<string | null>`(select group_concat(ss.category) from station_services ss where ss.station_id = stations.id)`.as('categories'),
    }).from(stations).where(and(eq(stations.tenantId, tenantId), sql`(${stations.cityId} = ${city} or ${stations.id} = ${named})`))
      .orderBy(asc(stations.id)),
    db.select({ id: committees.id, nameZh: committees.nameZh, nameEn: committees.nameEn }).from(committees)
      .where(and(eq(committees.tenantId, tenantId), sql`${committees.cityId} = ${city}`)).orderBy(asc(committees.id)).limit(1),
    db.select({ nameZh: tenants.nameZh, nameEn: tenants.nameEn }).from(tenants).where(eq(tenants.id, tenantId)).limit(1),
    db.select({ id: committees.id, nameZh: committees.nameZh, nameEn: committees.nameEn }).from(committees)
      .where(and(eq(committees.tenantId, tenantId), eq(committees.id, place.committeeId ?? ''))).limit(1),
  ]);
  const station = named === null ? undefined : stationRows.find((s) => s.id === named);
  if (named !== null && !station) throw notFound('The station');
  const cityId = cityRows[0]?.id;
  if (!cityId) throw notFound('The city');
  if (station && station.cityId !== cityId) {
    throw new HttpError(400, 'validation_failed', 'Some parameters are invalid.', [{ path: 'stationId', message: `Not a station in ${cityId}.` }]);
  }
  const inCity = stationRows.filter((s) => s.cityId === cityId);
  const committee = committeeRows[0] ?? fallbackRows[0];
  const tenant = tenantRows[0];
  return (category) => {
    const chosen = station ?? inCity.find((s) => s.categories?.split(',').includes(category)) ?? inCity[0];
    const committeeId = chosen?.committeeId ?? committee?.id ?? null;
    const routedTo: RoutedTo = chosen ? { kind: 'station', id: chosen.id, name: { zh: chosen.nameZh, en: chosen.nameEn } }
      : committee ? { kind: 'committee', id: committee.id, name: { zh: committee.nameZh, en: committee.nameEn } }
      : { kind: 'home', id: tenantId, name: { zh: tenant?.nameZh ?? '', en: tenant?.nameEn ?? '' } };
    return { cityId, committeeId, stationId: chosen?.id ?? null, routedTo };
  };
}
