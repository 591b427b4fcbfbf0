// A full page of 100 stations: its services, hours and teams come in one batch whose statements
// must stay within D1's 100 bound parameters (a list of 100 ids plus the tenant once overran it).
import { beforeAll, expect, it } from 'vitest';
import { positionColumns, stations, stationServices, type StationPage } from '../../schema/index.ts';
import { chunkedInserts } from '../../worker/src/db.ts';
import { call, db, PK, seed, withKey } from './helpers.ts';

const COUNT = 120;

beforeAll(async () => {
  await seed();
  const ids = Array.from({ length: COUNT }, (_, i) => `st_bulk_${String(i).padStart(3, '0')}`);
  await db().batch([
    ...chunkedInserts(db(), stations, ids.map((id, i) => ({
      id, tenantId: 'pizhou', cityId: 'pizhou_suzhou', nameZh: `驿站${i}`, nameEn: `Station ${i}`,
      addressZh: '苏州', addressEn: 'Suzhou', ...positionColumns(31.3 + i / 1000, 120.6),
    }))) as [never],
    ...chunkedInserts(db(), stationServices, ids.map((stationId, i) => ({
      id: `ss_bulk_${i}`, tenantId: 'pizhou', stationId, category: 'legal' as const,
      descriptionZh: '法律咨询', descriptionEn: 'Legal advice', eligibilityZh: '所有人', eligibilityEn: 'Everyone',
      howToApplyZh: '到站', howToApplyEn: 'Walk in',
    }))),
  ]);
});

it('lists a page of 100 stations with their services, and pages on to the rest', async () => {
  const res = await call('/v1/stations?city=pizhou_suzhou&limit=100', withKey(PK));
  expect(res.status).toBe(200);
  const page = await res.json<StationPage>();
  expect(page.data).toHaveLength(100);
  const bulk = page.data.filter((s) => s.id.startsWith('st_bulk_'));
  expect(bulk.every((s) => s.services.length === 1 && s.services[0]!.category === 'legal')).toBe(true);
  expect(page.nextCursor).not.toBeNull();
  const rest = await (await call(`/v1/stations?city=pizhou_suzhou&limit=100&cursor=${page.nextCursor}`, withKey(PK))).json<StationPage>();
  expect(new Set([...page.data, ...rest.data].map((s) => s.id)).size).toBe(page.data.length + rest.data.length);
  expect([...page.data, ...rest.data].filter((s) => s.id.startsWith('st_bulk_'))).toHaveLength(COUNT);
});
