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
