// The benchmark's province (docs/design.md, Scale): 10,000 branches and 200 stations around 20 real
// host cities (a few dense, most sparse), 1,000,000 members and 1,000,000 past check-ins. Every
// run makes the same rows: positions from a seeded generator, people from their row number.
import { positionColumns } from '../schema/index.ts';

export const TENANT = 'province';
/** Local-only bench keys: the bench database lives in .bench/ and is never deployed. */
export const BENCH_PUBLISHABLE_KEY = 'pk_test_bench_province';
export const BENCH_SECRET_KEY = 'sk_test_bench_province_admin';
export const BENCH_ORIGIN = 'http://portal.bench.test';

export const MEMBERS = 1_000_000;
export const CHECK_INS = 1_000_000;
/** Every tenth member's check-in is still pending: the confirm benchmark works through these. */
export const PENDING_EVERY = 10;
/** Members i ≡ 1 (mod 4) whose check-in is confirmed sent it with a mobile proved by SMS code: verified. */
const VERIFIED = `i % 4 = 1 and i % ${PENDING_EVERY} <> 0`;
export const TOWNS = 20;
export const VILLAGES_PER_TOWN = 20;
export const STATIONS_PER_CITY = 10;

type City = { key: string; zh: string; lat: number; lng: number; branches: number };
/** Where Pizhou's people work: the Yangtze delta is dense, the rest sparse. 10,000 branches in all. */
export const CITIES: City[] = [
  { key: 'changzhou', zh: '常州', lat: 31.8107, lng: 119.9741, branches: 1800 },
  { key: 'suzhou', zh: '苏州', lat: 31.2990, lng: 120.5853, branches: 1500 },
  { key: 'shanghai', zh: '上海', lat: 31.2304, lng: 121.4737, branches: 1500 },
  { key: 'wuxi', zh: '无锡', lat: 31.4912, lng: 120.3119, branches: 1000 },
  { key: 'nanjing', zh: '南京', lat: 32.0603, lng: 118.7969, branches: 900 },
  { key: 'xuzhou', zh: '徐州', lat: 34.2044, lng: 117.2858, branches: 600 },
  { key: 'hangzhou', zh: '杭州', lat: 30.2741, lng: 120.1551, branches: 500 },
  { key: 'beijing', zh: '北京', lat: 39.9042, lng: 116.4074, branches: 400 },
  { key: 'ningbo', zh: '宁波', lat: 29.8683, lng: 121.5440, branches: 300 },
  { key: 'yangzhou', zh: '扬州', lat: 32.3942, lng: 119.4129, branches: 250 },
  { key: 'hefei', zh: '合肥', lat: 31.8206, lng: 117.2272, branches: 200 },
  { key: 'shenzhen', zh: '深圳', lat: 22.5431, lng: 114.0579, branches: 200 },
  { key: 'guangzhou', zh: '广州', lat: 23.1291, lng: 113.2644, branches: 150 },
  { key: 'qingdao', zh: '青岛', lat: 36.0671, lng: 120.3826, branches: 150 },
  { key: 'tianjin', zh: '天津', lat: 39.3434, lng: 117.3616, branches: 120 },
  { key: 'jinan', zh: '济南', lat: 36.6512, lng: 117.1201, branches: 100 },
  { key: 'zhengzhou', zh: '郑州', lat: 34.7466, lng: 113.6253, branches: 100 },
  { key: 'wuhan', zh: '武汉', lat: 30.5928, lng: 114.3055, branches: 80 },
  { key: 'xian', zh: '西安', lat: 34.3416, lng: 108.9398, branches: 80 },
  { key: 'chengdu', zh: '成都', lat: 30.5728, lng: 104.0668, branches: 60 },
];

/** Positions the nearest benchmarks ask about. */
export const POINTS = {
  dense: { lat: 31.7810, lng: 119.9550 }, // Changzhou, among 1,800 branches
  sparse: { lat: 30.8000, lng: 104.3000 }, // 30 km outside Chengdu: 60 branches in the city
  remote: { lat: 43.8256, lng: 87.6168 }, // Ürümqi: no branch within 1,500 km
};

export const cityId = (c: City) => `${TENANT}_${c.key}`;
export const townId = (t: number) => `pv_t${String(t).padStart(2, '0')}`;
export const villageId = (t: number, v: number) => `${townId(t)}_v${String(v).padStart(2, '0')}`;

function random(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

const DISTRICTS = ['新区', '高新区', '经开区', '老城', '工业园', '开发区'];
const DISTRICTS_EN = ['New District', 'Hi-tech Zone', 'Development Zone', 'Old Town', 'Industrial Park', 'Economic Zone'];
const PLACES = ['市场', '物流园', '工地', '商会', '园区', '街道'];
const PLACES_EN = ['Market', 'Logistics Park', 'Building Site', 'Chamber', 'Park', 'Street'];

/** Branch rows in a fixed order (so the seed can refer to them by rowid), with their text as the app builds it. */
export function branchRows(searchText: (b: { nameZh: string; nameEn: string; addressZh: string; addressEn: string }, cityNames: string[]) => string) {
  const next = random(42);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return CITIES.flatMap((c) => Array.from({ length: c.branches }, (_, i) => {
    // Half in a ~3 km core, half spread over ~15 km: markets and parks, then the outskirts.
    const sigmaKm = i % 2 === 0 ? 3 : 15;
    const lat = c.lat + (gaussian() * sigmaKm) / 111.32;
    const lng = c.lng + (gaussian() * sigmaKm) / (111.32 * Math.cos((c.lat * Math.PI) / 180));
    const d = i % DISTRICTS.length;
    const p = Math.floor(i / DISTRICTS.length) % PLACES.length;
    const names = {
      nameZh: `${c.zh}${DISTRICTS[d]}${PLACES[p]}第${i + 1}流动党员党支部`,
      nameEn: `${c.key[0]!.toUpperCase()}${c.key.slice(1)} ${DISTRICTS_EN[d]} ${PLACES_EN[p]} Branch ${i + 1}`,
      addressZh: `${c.zh}市${DISTRICTS[d]}${(i % 97) + 1}号`,
      addressEn: `${(i % 97) + 1} ${DISTRICTS_EN[d]}, ${c.key}`,
    };
    return {
      id: `pv_${c.key}_${String(i).padStart(4, '0')}`, tenantId: TENANT, cityId: cityId(c), committeeId: `${cityId(c)}_cm`,
      ...names, ...positionColumns(lat, lng), searchText: searchText(names, [c.zh, c.key]),
      officePhone: `0${String(510 + (i % 89))}-8${String(i).padStart(7, '0')}`,
      meetingTimesZh: '每月第一个周日下午', meetingTimesEn: 'First Sunday afternoon of each month',
    };
  }));
}

export function stationRows() {
  const next = random(7);
  return CITIES.flatMap((c) => Array.from({ length: STATIONS_PER_CITY }, (_, i) => {
    const lat = c.lat + ((next() - 0.5) * 20) / 111.32;
    const lng = c.lng + ((next() - 0.5) * 20) / (111.32 * Math.cos((c.lat * Math.PI) / 180));
    return {
      id: `pv_st_${c.key}_${i}`, tenantId: TENANT, cityId: cityId(c), committeeId: `${cityId(c)}_cm`,
      nameZh: `${c.zh}第${i + 1}流动党员服务驿站`, nameEn: `${c.key} service station ${i + 1}`,
      addressZh: `${c.zh}市服务路${i + 1}号`, addressEn: `${i + 1} Service Road, ${c.key}`, ...positionColumns(lat, lng),
      officePhone: '0519-80000000', descriptionZh: '政策咨询、就业和法律援助', descriptionEn: 'Policy advice, jobs and legal aid',
    };
  }));
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平';
const CATEGORIES = ['worker', 'business_owner', 'employee', 'student', 'other'];

/**
 * Members `from`..`to` (row numbers), made inside SQLite from the row number: set-based, so a
 * million rows need a handful of statements and no bound-parameter limit applies. Every tenth
 * member has no host branch yet (their check-in is pending).
 */
export function memberInsert(from: number, to: number): string {
  return `with recursive n(i) as (select ${from} union all select i + 1 from n where i < ${to})
insert into members (id, tenant_id, name, mobile, home_unit_id, home_town_id, current_city, category, employer,
  host_branch_id, host_committee_id, last_check_in_at, mobile_verified_at, created_at)
select printf('mb_%07d', i), '${TENANT}',
  substr('${SURNAMES}', i % 20 + 1, 1) || substr('${GIVEN}', (i / 20) % 20 + 1, 1) || substr('${GIVEN}', (i / 400) % 20 + 1, 1),
  printf('139%08d', i),
  printf('pv_t%02d_v%02d', (i % ${TOWNS * VILLAGES_PER_TOWN}) / ${VILLAGES_PER_TOWN} + 1, i % ${VILLAGES_PER_TOWN} + 1),
  printf('pv_t%02d', (i % ${TOWNS * VILLAGES_PER_TOWN}) / ${VILLAGES_PER_TOWN} + 1),
  b.city, json_extract('${JSON.stringify(CATEGORIES)}', '$[' || (i % 5) || ']'),
  case when i % 3 = 0 then '某建筑公司' end,
  case when i % ${PENDING_EVERY} = 0 then null else b.id end,
  case when i % ${PENDING_EVERY} = 0 then null else b.committee_id end,
  case when i % ${PENDING_EVERY} = 0 then null else ${Date.UTC(2026, 0, 1)} + (i % 300) * 86400000 end,
  case when ${VERIFIED} then ${Date.UTC(2025, 0, 1)} + (i % 600) * 86400000 + 3600000 end,
  ${Date.UTC(2025, 0, 1)} + (i % 600) * 86400000
from n join (select rowid as r, id, committee_id, (select name_zh from host_cities where id = city_id) as city from branches) b
  on b.r = (i * 7919) % ${branchTotal()} + 1`;
}

/** Each member's check-in: confirmed at their host branch (a quarter verified), or pending at the branch they chose. */
export function checkInInsert(from: number, to: number, createdByKeyId: string, consentVersion: string): string {
  return `with recursive n(i) as (select ${from} union all select i + 1 from n where i < ${to})
insert into check_ins (id, tenant_id, member_id, branch_id, status, reference, submitted_name, current_city, category,
  needs, consent_version, consented_at, created_by_key_id, decided_by_key_id, created_at, decided_at, mobile_verified,
  home_unit_id, home_town_id, member_branch_id, member_committee_id, branch_committee_id)
select printf('ci_%07d', i), '${TENANT}', m.id, b.id,
  case when i % ${PENDING_EVERY} = 0 then 'pending' else 'confirmed' end,
  printf('GK-0%07X', i), m.name, m.current_city, m.category, '[]', '${consentVersion}',
  m.created_at, '${createdByKeyId}',
  case when i % ${PENDING_EVERY} = 0 then null else '${createdByKeyId}' end,
  m.created_at + 3600000, case when i % ${PENDING_EVERY} = 0 then null else m.created_at + 86400000 end, case when ${VERIFIED} then 1 else 0 end,
  m.home_unit_id, m.home_town_id, m.host_branch_id, m.host_committee_id, b.committee_id
from n join members m on m.id = printf('mb_%07d', i)
join (select rowid as r, id, committee_id from branches) b on b.r = (i * 7919) % ${branchTotal()} + 1`;
}

export const branchTotal = () => CITIES.reduce((sum, c) => sum + c.branches, 0);
