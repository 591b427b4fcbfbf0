// The HSDS export's queries at directory scale: the page and the count seek an index, and a page
// of a 2,000-service tenant comes back whole. (Validation against the official schemas is in
// test/e2e/hsds.test.ts, which runs in Node where the schema files are.)
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  hostCities, positionColumns, serviceCategories, stationHours, stations, stationServices, tenants, type HsdsService,
} from '../../schema/index.ts';
import { chunkedInserts } from '../../worker/src/db.ts';
import { servicePageQueries } from '../../worker/src/data/hsds.ts';
import { schedules } from '../../worker/src/data/hsds-schedules.ts';
import { db, issueTestKey, call, withKey } from './helpers.ts';

const TENANT = 'hsds_scale';
const STATIONS = 500;
const SERVICES_PER_STATION = 4;
let key: string;

beforeAll(async () => {
  const d = db();
  await d.insert(tenants).values({ id: TENANT, nameZh: '规模测试', nameEn: 'Scale test' });
  await d.insert(hostCities).values({ id: `${TENANT}_city`, tenantId: TENANT, nameZh: '城', nameEn: 'City', provinceZh: '省', provinceEn: 'Province', lat: 31, lng: 120 });
  const ids = Array.from({ length: STATIONS }, (_, i) => `st_scale_${String(i).padStart(4, '0')}`);
  const [first, ...rest] = [
    ...chunkedInserts(d, stations, ids.map((id, i) => ({
      id, tenantId: TENANT, cityId: `${TENANT}_city`, nameZh: `驿站${i}`, nameEn: `Station ${i}`, addressZh: '路', addressEn: 'Road',
      ...positionColumns(31 + i / 1000, 120), officePhone: '0512-60000000',
    }))),
    ...chunkedInserts(d, stationServices, ids.flatMap((stationId, i) => Array.from({ length: SERVICES_PER_STATION }, (_, n) => ({
      id: `${stationId}_sv${n}`, tenantId: TENANT, stationId, category: serviceCategories[(i + n) % serviceCategories.length]!,
      descriptionZh: '服务', descriptionEn: 'Service', eligibilityZh: '所有人', eligibilityEn: 'Anyone', howToApplyZh: '来', howToApplyEn: 'Come',
    })))),
    ...chunkedInserts(d, stationHours, ids.flatMap((stationId) => [1, 2, 3, 4, 5].map((weekday) => ({ tenantId: TENANT, stationId, weekday, opens: '09:00', closes: '17:00' })))),
  ];
  await d.batch([first!, ...rest]);
  key = (await issueTestKey({ tenantId: TENANT, kind: 'secret', role: 'home_admin' })).token;
});

describe('HSDS export at scale', () => {
  it('counts and pages services through station_services_category, never scanning the table', async () => {
    for (const q of Object.values(servicePageQueries(db(), TENANT, { lang: 'zh-CN', page: 3, per_page: 100 }))) {
      const { sql, params } = q.toSQL();
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
      const text = plan.results.map((r) => r.detail).join('\n');
      expect(text, text).toMatch(/station_services_category/);
      expect(text, text).not.toMatch(/SCAN station_services\b/);
    }
  });

  it('serves a full page of 100 nested services, and the last page, from 2,000', async () => {
    const started = Date.now();
    const res = await call('/v1/hsds/services?per_page=100&page=1', withKey(key));
    const first = await res.json<{ total_items: number; size: number; contents: HsdsService[] }>();
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    expect(first).toMatchObject({ total_items: STATIONS * SERVICES_PER_STATION, size: 100 });
    expect(first.contents.every((s) => s.schedules.length === 1 && s.schedules[0]!.byday === 'MO,TU,WE,TH,FR')).toBe(true);
    const last = await (await call('/v1/hsds/services?per_page=100&page=20', withKey(key))).json<{ size: number; last_page: boolean }>();
    expect(last).toMatchObject({ size: 100, last_page: true });
    console.info(`HSDS page of 100 services (2,000 in the tenant): ${elapsed} ms`);
  });
});

describe('HSDS schedules in a zone with daylight saving', () => {
  const london = {
    id: 'st_london', tenantId: TENANT, committeeId: null, cityId: `${TENANT}_city`, nameZh: '伦敦驿站', nameEn: 'London station',
    addressZh: '伦敦', addressEn: 'London', ...positionColumns(51.5, -0.12), descriptionZh: '', descriptionEn: '',
    officePhone: null, officeEmail: null, timeZone: 'Europe/London', alertZh: null, alertEn: null,
  } as typeof stations.$inferSelect;
  const exception = (date: string, opens: string | null, closes: string | null) =>
    ({ id: 0, tenantId: TENANT, stationId: 'st_london', date, opens, closes, noteZh: '', noteEn: '' });
  const weekly = [{ id: 0, tenantId: TENANT, stationId: 'st_london', weekday: 1, opens: '09:00', closes: '17:00' }];
  const dated = [
    exception('2027-07-01', '09:00', '17:00'), // summer time (BST, +01:00)
    exception('2027-12-01', '09:00', '17:00'), // winter (GMT)
    exception('2027-10-30', '22:00', '02:00'), // the night the clocks go back: opens in BST, closes in GMT
    exception('2027-08-02', null, null),
  ];

  it.each([['in winter', Date.UTC(2027, 0, 15)], ['in summer', Date.UTC(2027, 6, 15)]])(
    'gives each dated exception the offset of its own date, exported %s', (_, now) => {
      const byKey = Object.fromEntries(schedules(london, weekly, dated, 'en', now).map((s) => [s.key, s]));
      expect(byKey['date:2027-07-01']).toMatchObject({ opens_at: '09:00+01:00', closes_at: '17:00+01:00', timezone: 1 });
      expect(byKey['date:2027-12-01']).toMatchObject({ opens_at: '09:00+00:00', closes_at: '17:00+00:00', timezone: 0 });
      expect(byKey['date:2027-10-30']).toMatchObject({ opens_at: '22:00+01:00', closes_at: '02:00+00:00', timezone: 1 });
      expect(byKey['date:2027-08-02']).toMatchObject({ timezone: 1 });
      expect(byKey['date:2027-08-02']!.opens_at).toBeUndefined();
    });

  it("keeps today's offset on weekly hours, and says the times are local to the zone", () => {
    const [winter] = schedules(london, weekly, [], 'en', Date.UTC(2027, 0, 15));
    const [summer] = schedules(london, weekly, [], 'zh-CN', Date.UTC(2027, 6, 15));
    expect(winter).toMatchObject({ opens_at: '09:00+00:00', timezone: 0 });
    expect(summer).toMatchObject({ opens_at: '09:00+01:00', timezone: 1 });
    expect(winter!.notes).toMatch(/local time in Europe\/London/);
    expect(winter!.notes).toMatch(/daylight saving/);
    expect(summer!.notes).toMatch(/Europe\/London当地时间/);
    // A zone without daylight saving does not mention it.
    const [shanghai] = schedules({ ...london, timeZone: 'Asia/Shanghai' }, weekly, [], 'en', Date.UTC(2027, 6, 15));
    expect(shanghai).toMatchObject({ opens_at: '09:00+08:00', timezone: 8 });
    expect(shanghai!.notes).toMatch(/local time in Asia\/Shanghai/);
    expect(shanghai!.notes).not.toMatch(/daylight saving/);
  });
});
