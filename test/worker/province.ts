// A province-sized branch table for budget tests: 10,000 branches clustered around 20 real
// host cities (a dense core, thinning out), from a seeded generator so every run is the same.
import { env } from 'cloudflare:test';
import { branches, hostCities, positionColumns, tenants } from '../../schema/index.ts';
import { chunkedInserts } from '../../worker/src/db.ts';
import { branchSearchText } from '../../worker/src/data/branches.ts';
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

/** Names and addresses for each branch instead of the plain defaults (see `realisticBranchNames`). */
type BranchNames = (city: string, i: number) => Pick<typeof branches.$inferInsert, 'nameZh' | 'nameEn' | 'addressZh' | 'addressEn' | 'searchText'>;

export async function seedProvince(names?: BranchNames): Promise<number> {
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
        searchText: `${city} branch ${i}`, ...names?.(city, i),
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

// Realistic branch text for the text-search tests: Chinese and English names and addresses
// built from a few districts, sites and roads, so that some 2-character grams are rare and
// others are in every branch, as in real data.
const CITY_ZH: Record<string, string> = {
  changzhou: '常州', suzhou: '苏州', wuxi: '无锡', nanjing: '南京', shanghai: '上海', hangzhou: '杭州', ningbo: '宁波',
  hefei: '合肥', xuzhou: '徐州', qingdao: '青岛', jinan: '济南', beijing: '北京', tianjin: '天津', xian: '西安',
  zhengzhou: '郑州', wuhan: '武汉', guangzhou: '广州', shenzhen: '深圳', chengdu: '成都', yangzhou: '扬州',
};
const DISTRICTS = [['钟楼', 'Zhonglou'], ['天宁', 'Tianning'], ['新北', 'Xinbei'], ['武进', 'Wujin'], ['金坛', 'Jintan'],
  ['高新区', 'Hi-tech Zone'], ['开发区', 'Development Zone'], ['工业园区', 'Industrial Park'], ['滨湖', 'Binhu'], ['江宁', 'Jiangning'],
  ['闵行', 'Minhang'], ['黄岛', 'Huangdao']];
const SITES = [['凌家塘市场', 'Lingjiatang Market'], ['商会', 'Chamber of Commerce'], ['建筑工地', 'Construction Site'],
  ['物流园', 'Logistics Park'], ['家政服务中心', 'Home Services Centre'], ['餐饮协会', 'Catering Association'],
  ['快递网点', 'Courier Depot'], ['服装城', 'Garment City'], ['电子厂', 'Electronics Factory'], ['农副产品批发市场', 'Farm Produce Wholesale Market']];
const ROADS = [['人民路', 'Renmin Road'], ['解放路', 'Jiefang Road'], ['中山路', 'Zhongshan Road'], ['长江路', 'Changjiang Road'],
  ['延陵西路', 'Yanling West Road'], ['和平北路', 'Heping North Road'], ['青洋路', 'Qingyang Road'], ['龙城大道', 'Longcheng Avenue'],
  ['太湖路', 'Taihu Road'], ['黄河路', 'Huanghe Road'], ['淮海路', 'Huaihai Road']];

/** A branch's names, address and search text (built as the seed builds it), the same on every run. */
export function realisticBranchNames(city: string, i: number) {
  const cityZh = CITY_ZH[city] ?? city;
  const [districtZh, districtEn] = DISTRICTS[(i * 7) % DISTRICTS.length]!;
  const [siteZh, siteEn] = SITES[(i * 5 + (i >> 4)) % SITES.length]!;
  const [roadZh, roadEn] = ROADS[(i * 3 + (i >> 2)) % ROADS.length]!;
  const b = {
    nameZh: `${cityZh}${districtZh}${siteZh}流动党员党支部`, nameEn: `${districtEn} ${siteEn} Branch, ${city}`,
    addressZh: `${cityZh}市${districtZh}${roadZh}${i + 1}号`, addressEn: `${i + 1} ${roadEn}, ${districtEn}, ${city}`,
  };
  return { ...b, searchText: branchSearchText(b, [cityZh, city]) };
}
