// The demo tenant: the real places of the Pizhou case (docs/design.md), WGS-84 coordinates.
// Members are invented; their numbers are in the 1380000xxxx test range.
import type { NewKey } from '../access/keys.ts';
import type {
  branches, committees, homeUnits, hostCities, members, partnerConsents, partners, stations, tenants,
} from '../../../schema/index.ts';

type Row<T extends { $inferInsert: unknown }> = T['$inferInsert'];

export const TENANT_ID = 'pizhou';
/** Local-only demo keys, documented in the README; never use them outside local development. */
export const DEMO_PUBLISHABLE_KEY = 'pk_test_pizhou';
export const DEMO_SECRET_KEY = 'sk_test_pizhou_admin';

export const tenant: Row<typeof tenants> = {
  id: TENANT_ID, nameZh: '中共邳州市委组织部', nameEn: 'Organisation Department, CPC Pizhou Municipal Committee',
  privacyNoticeUrl: '/privacy.html', // relative: on the API's origin
};

export const demoKeys: (NewKey & { id: string })[] = [
  { id: 'key_demo_pk', tenantId: TENANT_ID, kind: 'publishable', token: DEMO_PUBLISHABLE_KEY,
    label: 'Demo portal (local only)', allowedOrigins: ['http://localhost:*', 'http://127.0.0.1:*'] },
  { id: 'key_demo_sk', tenantId: TENANT_ID, kind: 'secret', token: DEMO_SECRET_KEY,
    label: 'Home admin (local only)', role: 'home_admin' },
];

const city = (id: string, nameZh: string, nameEn: string, provinceZh: string, provinceEn: string, lat: number, lng: number) =>
  ({ id: `${TENANT_ID}_${id}`, tenantId: TENANT_ID, nameZh, nameEn, provinceZh, provinceEn, lat, lng });

export const cities: Row<typeof hostCities>[] = [
  city('beijing', '北京', 'Beijing', '北京市', 'Beijing', 39.9042, 116.4074),
  city('changzhou', '常州', 'Changzhou', '江苏省', 'Jiangsu', 31.8107, 119.9741),
  city('suzhou', '苏州', 'Suzhou', '江苏省', 'Jiangsu', 31.2990, 120.5853),
  city('xian', '西安', "Xi'an", '陕西省', 'Shaanxi', 34.3416, 108.9398),
  city('yangzhou', '扬州', 'Yangzhou', '江苏省', 'Jiangsu', 32.3942, 119.4129),
  city('qingdao', '青岛', 'Qingdao', '山东省', 'Shandong', 36.0671, 120.3826),
  city('shanghai', '上海', 'Shanghai', '上海市', 'Shanghai', 31.2304, 121.4737),
];
const cityId = (id: string) => `${TENANT_ID}_${id}`;

export const committeeRows: Row<typeof committees>[] = [
  { id: 'cm_xian', tenantId: TENANT_ID, cityId: cityId('xian'), nameZh: '邳州市驻西安流动党员综合党委', nameEn: "Pizhou Mobile Members' Committee in Xi'an" },
  { id: 'cm_changzhou', tenantId: TENANT_ID, cityId: cityId('changzhou'), nameZh: '邳州市驻常州流动党员综合党委', nameEn: "Pizhou Mobile Members' Committee in Changzhou" },
  { id: 'cm_suzhou', tenantId: TENANT_ID, cityId: cityId('suzhou'), nameZh: '邳州市驻苏州流动党员综合党委', nameEn: "Pizhou Mobile Members' Committee in Suzhou" },
];

type BranchSeed = Omit<Row<typeof branches>, 'tenantId' | 'latCell' | 'unitX' | 'unitY' | 'unitZ' | 'searchText'>;
export const branchRows: BranchSeed[] = [
  { id: 'br_cz_lingjiatang', committeeId: 'cm_changzhou', cityId: cityId('changzhou'),
    nameZh: '凌家塘市场流动党员党支部', nameEn: 'Lingjiatang Market Branch',
    addressZh: '江苏省常州市武进区凌家塘农副产品批发市场管理楼3楼', addressEn: 'Floor 3, Management Building, Lingjiatang Wholesale Market, Wujin, Changzhou',
    lat: 31.7312, lng: 119.9968, meetingPlaceZh: '市场管理楼党员活动室', meetingPlaceEn: "Members' room, market management building",
    meetingTimesZh: '每月第一个周日 19:30', meetingTimesEn: 'First Sunday of each month, 19:30', officePhone: '0519-86300000', memberCount: 86 },
  { id: 'br_cz_xinbei', committeeId: 'cm_changzhou', cityId: cityId('changzhou'),
    nameZh: '常州新北区流动党员党支部', nameEn: 'Changzhou Xinbei Branch',
    addressZh: '江苏省常州市新北区太湖东路9号', addressEn: '9 Taihu East Road, Xinbei, Changzhou',
    lat: 31.8216, lng: 119.9731, meetingPlaceZh: '新北区党群服务中心', meetingPlaceEn: 'Xinbei Party and public service centre',
    meetingTimesZh: '每月15日 19:00', meetingTimesEn: '15th of each month, 19:00', officePhone: '0519-85100000', memberCount: 42 },
  { id: 'br_cz_zhonglou', committeeId: 'cm_changzhou', cityId: cityId('changzhou'),
    nameZh: '常州钟楼邳商流动党员党支部', nameEn: 'Changzhou Zhonglou Pizhou Traders Branch',
    addressZh: '江苏省常州市钟楼区延陵西路99号', addressEn: '99 Yanling West Road, Zhonglou, Changzhou',
    lat: 31.7784, lng: 119.9386, meetingPlaceZh: '邳州商会常州办事处', meetingPlaceEn: 'Pizhou Chamber of Commerce office, Changzhou',
    meetingTimesZh: '每季度末周六 14:00', meetingTimesEn: 'Last Saturday of each quarter, 14:00', officePhone: '0519-88100000', memberCount: 7 },
  { id: 'br_sz_sip', committeeId: 'cm_suzhou', cityId: cityId('suzhou'),
    nameZh: '苏州工业园区流动党员党支部', nameEn: 'Suzhou Industrial Park Branch',
    addressZh: '江苏省苏州市工业园区星湖街328号', addressEn: '328 Xinghu Street, Suzhou Industrial Park',
    lat: 31.3164, lng: 120.7196, meetingPlaceZh: '园区邻里中心二楼', meetingPlaceEn: 'Neighbourhood centre, floor 2',
    meetingTimesZh: '每月第二个周六 19:00', meetingTimesEn: 'Second Saturday of each month, 19:00', officePhone: '0512-62800000', memberCount: 64 },
  { id: 'br_sz_wuzhong', committeeId: 'cm_suzhou', cityId: cityId('suzhou'),
    nameZh: '苏州吴中区流动党员党支部', nameEn: 'Suzhou Wuzhong Branch',
    addressZh: '江苏省苏州市吴中区东吴北路88号', addressEn: '88 Dongwu North Road, Wuzhong, Suzhou',
    lat: 31.2632, lng: 120.6305, meetingPlaceZh: '吴中区新市民服务站', meetingPlaceEn: "Wuzhong new residents' service point",
    meetingTimesZh: '每月最后一个周日 15:00', meetingTimesEn: 'Last Sunday of each month, 15:00', officePhone: '0512-65200000', memberCount: 31 },
  { id: 'br_xa_tangyan', committeeId: 'cm_xian', cityId: cityId('xian'),
    nameZh: '西安高新区流动党员党支部', nameEn: "Xi'an Hi-tech Zone Branch",
    addressZh: '陕西省西安市雁塔区唐延路35号', addressEn: "35 Tangyan Road, Yanta, Xi'an",
    lat: 34.2283, lng: 108.8853, meetingPlaceZh: '邳州商会西安分会会议室', meetingPlaceEn: "Pizhou Chamber of Commerce, Xi'an chapter",
    meetingTimesZh: '每月10日 19:30', meetingTimesEn: '10th of each month, 19:30', officePhone: '029-88300000', memberCount: 53 },
  { id: 'br_xa_kangfu', committeeId: 'cm_xian', cityId: cityId('xian'),
    nameZh: '西安康复路市场流动党员党支部', nameEn: "Xi'an Kangfu Road Market Branch",
    addressZh: '陕西省西安市新城区康复路12号', addressEn: "12 Kangfu Road, Xincheng, Xi'an",
    lat: 34.2689, lng: 108.9786, meetingPlaceZh: '康复路市场党群服务站', meetingPlaceEn: 'Kangfu Road market service point',
    meetingTimesZh: '每月第一个周三 20:00', meetingTimesEn: 'First Wednesday of each month, 20:00', officePhone: '029-87400000', memberCount: 25 },
  { id: 'br_yz_guangling', committeeId: null, cityId: cityId('yangzhou'),
    nameZh: '扬州广陵流动党员党支部', nameEn: 'Yangzhou Guangling Branch',
    addressZh: '江苏省扬州市广陵区文昌中路18号', addressEn: '18 Wenchang Middle Road, Guangling, Yangzhou',
    lat: 32.3932, lng: 119.4371, meetingPlaceZh: '广陵区党群服务中心', meetingPlaceEn: 'Guangling Party and public service centre',
    meetingTimesZh: '每月20日 19:00', meetingTimesEn: '20th of each month, 19:00', officePhone: '0514-87300000', memberCount: 18 },
  { id: 'br_qd_jimo', committeeId: null, cityId: cityId('qingdao'),
    nameZh: '青岛即墨流动党员党支部', nameEn: 'Qingdao Jimo Branch',
    addressZh: '山东省青岛市即墨区鹤山路66号', addressEn: '66 Heshan Road, Jimo, Qingdao',
    lat: 36.3892, lng: 120.4471, meetingPlaceZh: '即墨服装市场管理办公室', meetingPlaceEn: 'Jimo garment market office',
    meetingTimesZh: '每月第三个周日 18:30', meetingTimesEn: 'Third Sunday of each month, 18:30', officePhone: '0532-88500000', memberCount: 22 },
  { id: 'br_sh_minhang', committeeId: null, cityId: cityId('shanghai'),
    nameZh: '上海闵行流动党员党支部', nameEn: 'Shanghai Minhang Branch',
    addressZh: '上海市闵行区七莘路1500号', addressEn: '1500 Qixin Road, Minhang, Shanghai',
    lat: 31.1483, lng: 121.3736, meetingPlaceZh: '七宝镇党群服务中心', meetingPlaceEn: 'Qibao Party and public service centre',
    meetingTimesZh: '每月最后一个周六 19:00', meetingTimesEn: 'Last Saturday of each month, 19:00', officePhone: '021-64100000', memberCount: 35 },
];

type StationSeed = Omit<Row<typeof stations>, 'tenantId' | 'latCell' | 'unitX' | 'unitY' | 'unitZ'>;
export const stationRows: StationSeed[] = [
  { id: 'st_beijing', committeeId: null, cityId: cityId('beijing'), nameZh: '邳州流动党员北京服务驿站', nameEn: 'Pizhou Service Station, Beijing',
    addressZh: '北京市丰台区新发地农产品批发市场综合楼', addressEn: 'Xinfadi Wholesale Market, Fengtai, Beijing', lat: 39.8176, lng: 116.3693, officePhone: '010-83700000' },
  { id: 'st_suzhou', committeeId: 'cm_suzhou', cityId: cityId('suzhou'), nameZh: '邳州流动党员苏州服务驿站', nameEn: 'Pizhou Service Station, Suzhou',
    addressZh: '江苏省苏州市姑苏区人民路3118号', addressEn: '3118 Renmin Road, Gusu, Suzhou', lat: 31.3250, lng: 120.6166, officePhone: '0512-67500000' },
  { id: 'st_changzhou', committeeId: 'cm_changzhou', cityId: cityId('changzhou'), nameZh: '邳州流动党员常州服务驿站', nameEn: 'Pizhou Service Station, Changzhou',
    addressZh: '江苏省常州市武进区凌家塘市场东门', addressEn: 'East gate, Lingjiatang Market, Wujin, Changzhou', lat: 31.7296, lng: 120.0003, officePhone: '0519-86310000' },
];

const unit = (id: string, kind: 'town' | 'village', nameZh: string, nameEn: string, parentId: string | null = null) =>
  ({ id, tenantId: TENANT_ID, kind, nameZh, nameEn, parentId });
export const homeUnitRows: Row<typeof homeUnits>[] = [
  unit('hu_yunhe', 'town', '运河街道', 'Yunhe Subdistrict'),
  unit('hu_yunhe_zhongxin', 'village', '中心社区党支部', 'Zhongxin Community Branch', 'hu_yunhe'),
  unit('hu_gangshang', 'town', '港上镇', 'Gangshang Town'),
  unit('hu_gangshang_bei', 'village', '港上北村党支部', 'Gangshang North Village Branch', 'hu_gangshang'),
  unit('hu_tiefu', 'town', '铁富镇', 'Tiefu Town'),
  unit('hu_tiefu_yaowan', 'village', '姚湾村党支部', 'Yaowan Village Branch', 'hu_tiefu'),
  unit('hu_guanhu', 'town', '官湖镇', 'Guanhu Town'),
  unit('hu_guanhu_zhao', 'village', '赵庄村党支部', 'Zhaozhuang Village Branch', 'hu_guanhu'),
];

/** When the demo roster was loaded: long enough ago that the daily job finds them all lost until they check in. */
const ROSTER_LOADED_AT = Date.UTC(2025, 2, 1);
const member = (id: string, name: string, mobile: string, homeUnitId: string, category: Row<typeof members>['category'], hostBranchId: string | null, currentCity: string) =>
  ({ id, tenantId: TENANT_ID, name, mobile, homeUnitId, category, hostBranchId, currentCity, createdAt: ROSTER_LOADED_AT });
const seededMembers: Row<typeof members>[] = [
  member('mb_demo_01', '张伟', '13800000001', 'hu_gangshang_bei', 'business_owner', 'br_cz_lingjiatang', '常州'),
  member('mb_demo_02', '李娜', '13800000002', 'hu_tiefu_yaowan', 'employee', 'br_sz_sip', '苏州'),
  member('mb_demo_03', '王强', '13800000003', 'hu_guanhu_zhao', 'worker', 'br_xa_kangfu', '西安'),
  member('mb_demo_04', '刘洋', '13800000004', 'hu_yunhe_zhongxin', 'student', null, '上海'),
  member('mb_demo_05', '陈静', '13800000005', 'hu_gangshang_bei', 'worker', 'br_cz_xinbei', '常州'),
  // Gangshang North villagers live in three host cities: their village staff see them all.
  member('mb_demo_06', '孙丽', '13800000006', 'hu_gangshang_bei', 'employee', 'br_sz_wuzhong', '苏州'),
  member('mb_demo_07', '周杰', '13800000007', 'hu_gangshang_bei', 'business_owner', 'br_xa_tangyan', '西安'),
  member('mb_demo_08', '吴敏', '13800000008', 'hu_gangshang', 'worker', 'br_cz_zhonglou', '常州'),
  member('mb_demo_09', '郑浩', '13800000009', 'hu_tiefu_yaowan', 'business_owner', 'br_cz_lingjiatang', '常州'),
];

/** The town of a home unit (the unit itself, or its parent), as members.home_town_id copies it. */
export const homeTownOf = (unitId: string) => {
  const unit = homeUnitRows.find((u) => u.id === unitId);
  return unit?.parentId ?? unit?.id ?? null;
};
const committeeOf = (branchId: string | null | undefined) => branchRows.find((b) => b.id === branchId)?.committeeId ?? null;

/** The members with the scope columns their home unit and host branch give them (schema/tables.ts). */
export const memberRows: Row<typeof members>[] = seededMembers.map((m) => ({
  ...m, homeTownId: homeTownOf(m.homeUnitId), hostCommitteeId: committeeOf(m.hostBranchId),
}));

/** Chambers of commerce that consenting members share their data with. */
export const partnerRows: Row<typeof partners>[] = [
  { id: 'pt_cz_chamber', tenantId: TENANT_ID, nameZh: '常州邳州商会', nameEn: 'Pizhou Chamber of Commerce in Changzhou' },
  { id: 'pt_sz_chamber', tenantId: TENANT_ID, nameZh: '苏州邳州商会', nameEn: 'Pizhou Chamber of Commerce in Suzhou' },
];

const consent = (partnerId: string, memberId: string, withdrawnAt: number | null = null) =>
  ({ tenantId: TENANT_ID, partnerId, memberId, consentVersion: 'partner-share-v1', grantedAt: Date.UTC(2025, 0, 15), withdrawnAt });
export const partnerConsentRows: Row<typeof partnerConsents>[] = [
  consent('pt_cz_chamber', 'mb_demo_01'),
  consent('pt_cz_chamber', 'mb_demo_09'),
  consent('pt_cz_chamber', 'mb_demo_05', Date.UTC(2025, 2, 1)), // withdrawn: no longer shared
  consent('pt_sz_chamber', 'mb_demo_02'),
];
