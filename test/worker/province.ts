// A province-sized branch table for budget tests: 10,000 branches clustered around 20 real
// host cities (a dense core, thinning out), from a seeded generator so every run is the same.
import { env } from 'cloudflare:test';
import { branches, hostCities, positionColumns, tenants } from '../../schema/index.ts';
import { chunkedInserts } from '../../worker/src/db.ts';
import { db } from './helpers.ts';

export const PROVINCE = 'province';
const CENTRES: [string, number, number][] = [
  ['changzhou', 31.8107, 119.9741], ['suzhou', 31.2990, 120.5853], ['wuxi', 31.4912, 120.3119],
  ['nanjing', 32.0603, 118.7969], ['shanghai', 31.2304, 121.4737], ['hangzhou', 30.2741, 120.1551],
  ['ningbo', 29.8683, 121.5440], ['hefei', 31.8206, 117.2272], ['xuzhou', 34.2044, 117.2858],
  ['qingdao', 36.0671, 120.3826], ['jinan', 36.6512, 117.1201], ['beijing', 39.9042, 116.4074],
  ['tianjin', 39.3434, 117.3616], ['xian', 34.3416, 108.9398], ['zhengzhou', 34.7466, 113.6253],
  ['wuhan', 30.5928, 114.3055], ['guangzhou', 23.1291, 113.2644], ['shenzhen', 22.5431, 114.0579],
  ['chengdu', 30.5728, 104.0668], ['yangzhou', 32.3942, 119.4129],
];
export const BRANCHES_PER_CITY = 500;
export const DENSE_POINT = { lat: 31.8107, lng: 119.9741 }; // central Changzhou
export const SPARSE_POINT = { lat: 43.8256, lng: 87.6168 }; // Ürümqi: no branch within 1,500 km

function random(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

export async function seedProvince(): Promise<number> {
  const next = random(42);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const rows: (typeof branches.$inferInsert)[] = [];
  for (const [city, lat0, lng0] of CENTRES) {
    for (let i = 0; i < BRANCHES_PER_CITY; i++) {
      // Half in a ~3 km core, half spread over ~15 km: markets and parks, then the outskirts.
      const sigmaKm = i % 2 === 0 ? 3 : 15;
      const lat = lat0 + (gaussian() * sigmaKm) / 111.32;
      const lng = lng0 + (gaussian() * sigmaKm) / (111.32 * Math.cos((lat0 * Math.PI) / 180));
      const id = `pv_${city}_${String(i).padStart(4, '0')}`;
      rows.push({
        id, tenantId: PROVINCE, cityId: `${PROVINCE}_${city}`, nameZh: `${city}${i}号支部`, nameEn: `${city} branch ${i}`,
        addressZh: `${city}某路${i}号`, addressEn: `${i} Some Road, ${city}`, ...positionColumns(lat, lng),
        searchText: `${city} branch ${i}`,
      });
    }
  }
  const d = db();
  const statements = [
    ...chunkedInserts(d, tenants, [{ id: PROVINCE, nameZh: '某省', nameEn: 'A province' }]),
    ...chunkedInserts(d, hostCities, CENTRES.map(([c, lat, lng]) => ({
      id: `${PROVINCE}_${c}`, tenantId: PROVINCE, nameZh: c, nameEn: c, provinceZh: '某省', provinceEn: 'Province', lat, lng,
    }))),
    ...chunkedInserts(d, branches, rows),
  ];
  const [first, ...rest] = statements;
  if (first) await d.batch([first, ...rest]);
  await env.DB.exec('ANALYZE');
  return rows.length;
}
