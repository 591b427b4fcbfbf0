// UI copy, Chinese first. Both tables are imported statically: a page switching language renders
// at once, and two small tables cost less than a second request.
import type { LocalizedText } from '../../../schema/common.ts';

export type Lang = 'zh-CN' | 'en';

/** Anything English-like is English; everything else gets the default, Chinese. */
export const toLang = (value: string | null | undefined): Lang => (value?.toLowerCase().startsWith('en') ? 'en' : 'zh-CN');

/** The side of a `{ zh, en }` pair that matches the UI language. */
export const pick = (text: LocalizedText, lang: Lang): string => (lang === 'en' ? text.en : text.zh);

export type Messages = typeof zhCN;

const zhCN = {
  title: '查找流动党员党支部',
  intro: '按距离、城市或名称查找离您最近的党支部。',
  locate: '使用我的位置',
  locating: '正在定位…',
  city: '城市',
  allCities: '全部城市',
  search: '搜索党支部',
  searchPlaceholder: '如：凌家塘、新北区',
  searchButton: '搜索',
  loading: '正在加载党支部…',
  found: (n: number, byDistance: boolean) => `找到 ${n} 个党支部${byDistance ? '，按距离由近到远排列' : ''}`,
  nearYou: '您附近的党支部',
  empty: '没有找到符合条件的党支部',
  emptyHint: '换个关键词或城市试试，也可以查看全部党支部。',
  showAll: '查看全部党支部',
  errorTitle: '暂时无法加载党支部',
  network: '网络连接不稳定，请检查网络后重试。',
  keyRefused: '本网站的接入密钥无效或未获授权，请联系网站管理员。',
  siteNotRegistered: '本网站尚未登记使用此接入密钥，请网站管理员联系组织部登记本网站地址。',
  rateLimited: '请求过于频繁，请稍后再试。',
  unknownError: '服务暂时不可用，请稍后重试。',
  missingKey: '组件缺少 key 属性（接入密钥），请联系网站管理员。',
  retry: '重试',
  geoDenied: '无法使用您的位置：定位权限已被拒绝。您可以在浏览器设置中允许定位，或按城市、名称查找。',
  geoUnavailable: '暂时无法获取您的位置，请稍后再试，或按城市、名称查找。',
  geoUnsupported: '此浏览器或页面不支持定位，请按城市、名称查找。',
  committee: '所属党委',
  noCommittee: '邳州市委组织部直接联系',
  address: '地址',
  meetingPlace: '活动地点',
  meetingTimes: '活动时间',
  phone: '办公电话',
  membersServed: '服务党员',
  memberTally: (n: string) => `${n} 人以上`,
  fewerThanTen: '少于 10 人',
  distance: (d: string) => `距您 ${d}`,
  select: '选择',
  details: '详情',
  selected: '已选择',
  more: '加载更多',
};

const en: Messages = {
  title: 'Find a branch',
  intro: 'Find the mobile members’ branch nearest to you, by distance, city or name.',
  locate: 'Use my location',
  locating: 'Locating…',
  city: 'City',
  allCities: 'All cities',
  search: 'Search branches',
  searchPlaceholder: 'e.g. Lingjiatang',
  searchButton: 'Search',
  loading: 'Loading branches…',
  found: (n, byDistance) => `Found ${n} ${n === 1 ? 'branch' : 'branches'}${byDistance ? ', nearest first' : ''}`,
  nearYou: 'Branches near you',
  empty: 'No branches match',
  emptyHint: 'Try another word or city, or see all branches.',
  showAll: 'Show all branches',
  errorTitle: 'Branches could not be loaded',
  network: 'The connection is unstable. Check your network and try again.',
  keyRefused: 'This site’s access key is invalid or not allowed here. Please tell the site’s administrator.',
  siteNotRegistered: 'This site is not registered for this access key. The site’s administrator must ask the organisation to add its address.',
  rateLimited: 'Too many requests. Please try again shortly.',
  unknownError: 'The service is unavailable right now. Please try again later.',
  missingKey: 'The widget has no key attribute (access key). Please tell the site’s administrator.',
  retry: 'Try again',
  geoDenied: 'Your location cannot be used: permission was denied. Allow location in your browser settings, or search by city or name.',
  geoUnavailable: 'Your location is unavailable right now. Try again later, or search by city or name.',
  geoUnsupported: 'This browser or page cannot share your location. Search by city or name instead.',
  committee: 'Committee',
  noCommittee: 'Directly under the Pizhou organisation department',
  address: 'Address',
  meetingPlace: 'Meeting place',
  meetingTimes: 'Meeting times',
  phone: 'Office phone',
  membersServed: 'Members served',
  memberTally: (n) => `${n}+`,
  fewerThanTen: 'fewer than 10',
  distance: (d) => `${d} away`,
  select: 'Select',
  details: 'Details',
  selected: 'Selected',
  more: 'Load more',
};

export const messages: Record<Lang, Messages> = { 'zh-CN': zhCN, en };
