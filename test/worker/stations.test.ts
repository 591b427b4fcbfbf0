import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { stationHourExceptions, stations, tenants, type NearbyStation, type Station, type StationPage } from '../../schema/index.ts';
import { listStationsQuery } from '../../worker/src/data/stations.ts';
import { nearestSql, NEAR_RADII_M } from '../../worker/src/data/nearest.ts';
import { distanceMeters } from '../../schema/geo.ts';
import { boundingBox } from '../../worker/src/lib/geo.ts';
import { isoDate, localDay, openingState } from '../../worker/src/lib/opening-hours.ts';
import { stationRows } from '../../worker/src/seed/pizhou.ts';
import { serviceRows } from '../../worker/src/seed/pizhou-stations.ts';
import { personalMarkers, issueTestKey } from './callers.ts';
import { call, db, expectError, PK, seed, SK, withKey } from './helpers.ts';

const DAY = 86_400_000;
const ALL = ['st_beijing', 'st_changzhou', 'st_suzhou'];
let otherTenantKey: string;

beforeAll(async () => {
  await seed();
  await db().insert(tenants).values({ id: 'elsewhere', nameZh: '别处', nameEn: 'Elsewhere' }).onConflictDoNothing();
  otherTenantKey = (await issueTestKey({ tenantId: 'elsewhere', kind: 'secret', role: 'home_admin' })).token;
  // One exception inside the 60-day window and one beyond it.
  const today = localDay(Date.now(), 'Asia/Shanghai');
  await db().insert(stationHourExceptions).values([
    { tenantId: 'pizhou', stationId: 'st_beijing', date: isoDate(today + 3 * DAY), opens: '10:00', closes: '14:00', noteZh: '缩短', noteEn: 'Short day' },
    { tenantId: 'pizhou', stationId: 'st_beijing', date: isoDate(today + 70 * DAY), opens: null, closes: null },
  ]);
});

async function get<T>(path: string, key = PK): Promise<T> {
  const res = await call(path, withKey(key));
  expect(res.status, path).toBe(200);
  return res.json<T>();
}
const ids = (list: { id: string }[]) => list.map((s) => s.id);

describe('GET /v1/stations', () => {
  it('lists every station in id order, with services by category, hours, teams and open-now', async () => {
    const page = await get<StationPage>('/v1/stations');
    expect(ids(page.data)).toEqual(ALL);
    expect(page.nextCursor).toBeNull();
    const cz = page.data.find((s) => s.id === 'st_changzhou')!;
    expect(cz).toMatchObject({
      city: { id: 'pizhou_changzhou', name: { zh: '常州', en: 'Changzhou' } },
      committee: { id: 'cm_changzhou' }, timeZone: 'Asia/Shanghai', officePhone: '0519-86310000', alert: null,
    });
    expect(cz.hours).toContainEqual({ weekday: 1, opens: '05:30', closes: '11:30' });
    expect(cz.services.map((g) => g.category)).toEqual(['training', 'policy', 'livelihood', 'credit']);
    expect(cz.volunteerTeams.map((t) => t.id)).toEqual(['vt_cz_market']);
    // Open-now as of the request matches the pure computation.
    const expected = openingState(cz.hours, [], cz.timeZone, Date.now());
    expect(cz.openNow).toBe(expected.openNow);
    expect(cz.openNow ? cz.closesAt : cz.nextOpening).not.toBeNull();
  });

  it('filters by city, by category, and by both', async () => {
    expect(ids((await get<StationPage>('/v1/stations?city=pizhou_suzhou')).data)).toEqual(['st_suzhou']);
    expect(ids((await get<StationPage>('/v1/stations?category=training')).data)).toEqual(['st_changzhou', 'st_suzhou']);
    expect(ids((await get<StationPage>('/v1/stations?category=legal')).data)).toEqual(['st_beijing']);
    expect(ids((await get<StationPage>('/v1/stations?category=training&city=pizhou_suzhou')).data)).toEqual(['st_suzhou']);
    expect((await get<StationPage>('/v1/stations?category=credit&city=pizhou_beijing')).data).toEqual([]);
    await expectError(await call('/v1/stations?category=astrology', withKey(PK)), 400, 'validation_failed');
  });

  it('pages with a cursor, also under a category filter', async () => {
    for (const filter of ['', '&category=training']) {
      const seen: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page: StationPage = await get<StationPage>(`/v1/stations?limit=1${filter}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.data.length).toBeLessThanOrEqual(1);
        seen.push(...ids(page.data));
        cursor = page.nextCursor;
      }
      expect(seen).toEqual(filter ? ['st_changzhou', 'st_suzhou'] : ALL);
    }
    await expectError(await call('/v1/stations?cursor=nonsense', withKey(PK)), 400, 'validation_failed');
  });

  it('seeks an index for list-by-city and list-by-category (EXPLAIN QUERY PLAN)', async () => {
    const cases = [{ city: 'pizhou_changzhou' }, { category: 'credit' as const }, { category: 'policy' as const, city: 'pizhou_beijing' }, {}];
    for (const q of cases) {
      const { sql, params } = listStationsQuery(db(), 'pizhou', { limit: 20, ...q }).toSQL();
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
      const text = plan.results.map((r) => r.detail).join('\n');
      expect(text, text).not.toMatch(/SCAN (stations|station_services)\b/);
      expect(text, text).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('lists only the next 60 days of exceptions', async () => {
    const bj = await get<Station>('/v1/stations/st_beijing');
    expect(bj.exceptions).toHaveLength(1);
    expect(bj.exceptions[0]).toMatchObject({ closed: false, opens: '10:00', closes: '14:00', note: { en: 'Short day' } });
    expect(bj.alert?.zh).toMatch(/临时迁至/);
  });
});

describe('GET /v1/stations/near', () => {
  it('lists nearest first with distances, the same as a full scan of the seeded stations', async () => {
    for (const p of [{ lat: 31.78, lng: 119.95 }, { lat: 39.9, lng: 116.4 }, { lat: 31.3, lng: 120.6 }, { lat: 22.5, lng: 114.0 }]) {
      const { data } = await get<{ data: NearbyStation[] }>(`/v1/stations/near?lat=${p.lat}&lng=${p.lng}&limit=3`);
      const byScan = [...stationRows].sort((a, b) => distanceMeters(p, a) - distanceMeters(p, b));
      expect(ids(data)).toEqual(ids(byScan));
      expect(data.map((s) => s.distanceMeters)).toEqual(byScan.map((s) => Math.round(distanceMeters(p, s))));
    }
  });

  it('with a category, lists the nearest of the stations offering it, however far, as a scan would', async () => {
    for (const p of [{ lat: 39.9, lng: 116.4 }, { lat: 31.3, lng: 120.6 }]) {
      for (const category of ['credit', 'training', 'hardship'] as const) {
        const { data } = await get<{ data: NearbyStation[] }>(`/v1/stations/near?lat=${p.lat}&lng=${p.lng}&limit=20&category=${category}`);
        const offering = new Set(serviceRows.filter((r) => r.category === category).map((r) => r.stationId));
        const byScan = stationRows.filter((r) => offering.has(r.id)).sort((a, b) => distanceMeters(p, a) - distanceMeters(p, b));
        expect(ids(data), `${category} near ${p.lat}`).toEqual(ids(byScan));
        expect(data.every((st) => st.services.some((g) => g.category === category))).toBe(true);
      }
    }
    // Near Beijing, its own station is nearest; of those lending (credit), only Changzhou's, 1,000 km away.
    expect(ids((await get<{ data: NearbyStation[] }>('/v1/stations/near?lat=39.9&lng=116.4&limit=1')).data)).toEqual(['st_beijing']);
    expect(ids((await get<{ data: NearbyStation[] }>('/v1/stations/near?lat=39.9&lng=116.4&limit=3&category=credit')).data)).toEqual(['st_changzhou']);
    await expectError(await call('/v1/stations/near?lat=39.9&lng=116.4&category=loans', withKey(PK)), 400, 'validation_failed');
  });

  it('seeks the grid index stations_near (EXPLAIN QUERY PLAN)', async () => {
    const p = { lat: 31.73, lng: 120.0 };
    const { sql, params } = nearestSql(stations, p, 3, 'pizhou', boundingBox(p, NEAR_RADII_M[1]));
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
    const text = plan.results.map((r) => r.detail).join('\n');
    expect(text, text).toMatch(/SEARCH stations USING INDEX stations_near/);
    expect(text, text).not.toMatch(/SCAN stations\b/);
    const filter = { sql: 'EXISTS (SELECT 1 FROM station_services s WHERE s.tenant_id = ? AND s.category = ? AND s.station_id = stations.id)', params: ['pizhou', 'credit'] };
    const filtered = nearestSql(stations, p, 3, 'pizhou', boundingBox(p, NEAR_RADII_M[1]), filter);
    const withCategory = (await env.DB.prepare(`EXPLAIN QUERY PLAN ${filtered.sql}`).bind(...filtered.params).all<{ detail: string }>()).results.map((r) => r.detail).join('\n');
    expect(withCategory, withCategory).toMatch(/SEARCH stations USING INDEX stations_near/);
    expect(withCategory, withCategory).toMatch(/SEARCH s (EXISTS )?USING (COVERING )?INDEX station_services_category/);
  });

  it('honours the limit and carries the full station', async () => {
    const res = await call('/v1/stations/near?lat=31.73&lng=120.0&limit=1', withKey(PK));
    expect(res.headers.get('Server-Timing')).toMatch(/d1;desc="queries=\d+ rows_read=\d+"/);
    const { data } = await res.json<{ data: NearbyStation[] }>();
    expect(ids(data)).toEqual(['st_changzhou']);
    expect(data[0]!.distanceMeters).toBeLessThan(1_000);
    expect(data[0]!.services.length).toBeGreaterThan(0);
    await expectError(await call('/v1/stations/near?lat=100&lng=120', withKey(PK)), 400, 'validation_failed');
  });
});

describe('GET /v1/stations/{id}', () => {
  it('gets one station; an unknown id is 404', async () => {
    expect((await get<Station>('/v1/stations/st_suzhou', SK)).name.en).toBe('Pizhou Service Station, Suzhou');
    await expectError(await call('/v1/stations/st_nowhere', withKey(PK)), 404, 'not_found');
  });
});

describe('tenancy, caching and privacy', () => {
  it('another tenant sees none of these stations', async () => {
    expect((await get<StationPage>('/v1/stations', otherTenantKey)).data).toEqual([]);
    expect((await get<{ data: NearbyStation[] }>('/v1/stations/near?lat=31.7&lng=120', otherTenantKey)).data).toEqual([]);
    await expectError(await call('/v1/stations/st_changzhou', withKey(otherTenantKey)), 404, 'not_found');
  });

  it('is cacheable for a minute at most, publicly only with the key in the URL, and revalidates by ETag', async () => {
    const res = await call(`/v1/stations/st_changzhou?key=${PK}`, { headers: { Origin: 'http://localhost:5173' } });
    expect(res.headers.get('Cache-Control')).toMatch(/^public, max-age=60\b/);
    const etag = res.headers.get('ETag')!;
    const again = await call(`/v1/stations/st_changzhou?key=${PK}`, { headers: { Origin: 'http://localhost:5173', 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect((await call('/v1/stations', withKey(SK))).headers.get('Cache-Control')).toMatch(/^private, max-age=60\b/);
  });

  it('carries no personal data', async () => {
    const text = JSON.stringify(await get<StationPage>('/v1/stations'));
    expect(personalMarkers.filter((m) => text.includes(m))).toEqual([]);
  });
});
