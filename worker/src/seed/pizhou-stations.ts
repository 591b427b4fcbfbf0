// The three stations' directory data: descriptions, services, hours, a holiday, volunteer teams.
import type { stationHourExceptions, stationHours, stations, stationServices, volunteerTeams } from '../../../schema/index.ts';
import { TENANT_ID } from './pizhou.ts';

type Row<T extends { $inferInsert: unknown }> = Omit<T['$inferInsert'], 'tenantId'>;
type Details = Pick<Row<typeof stations>, 'descriptionZh' | 'descriptionEn' | 'alertZh' | 'alertEn' | 'officeEmail'>;

export const stationDetails: Record<string, Details> = {
  st_beijing: {
    descriptionZh: '设在新发地市场的邳州流动党员之家：报到、政策咨询、法律援助和困难帮扶。',
    descriptionEn: 'The Pizhou members\' home at Xinfadi market: check-in, policy advice, legal aid and hardship help.',
    alertZh: '驿站装修期间临时迁至综合楼二层205室。', alertEn: 'During renovation the station is in room 205, floor 2 of the same building.',
    officeEmail: 'beijing@station.pizhou.example',
  },
  st_suzhou: {
    descriptionZh: '服务苏州各区邳州籍流动党员：就业信息、社保转接、技能培训。',
    descriptionEn: 'Serves Pizhou members across Suzhou: jobs, social insurance transfers, skills training.',
    officeEmail: 'suzhou@station.pizhou.example',
  },
  st_changzhou: {
    descriptionZh: '凌家塘市场东门驿站，早市和晚间开放，方便商户；提供金融授信对接和经营政策解读。',
    descriptionEn: 'At the east gate of Lingjiatang market, open for the morning market and evenings; credit referrals and business policy advice.',
    officeEmail: 'changzhou@station.pizhou.example',
  },
};

const service = (stationId: string, n: number, category: Row<typeof stationServices>['category'],
  zh: [string, string, string], en: [string, string, string], languages = 'zh', fees: [string, string] | null = null) => ({
  id: `${stationId}_sv${n}`, tenantId: TENANT_ID, stationId, category,
  descriptionZh: zh[0], eligibilityZh: zh[1], howToApplyZh: zh[2], descriptionEn: en[0], eligibilityEn: en[1], howToApplyEn: en[2],
  languages, feesZh: fees?.[0] ?? null, feesEn: fees?.[1] ?? null,
});
const ALL_MEMBERS: [string, string] = ['邳州籍流动党员', 'Mobile members from Pizhou'];
const visit = (zh: string, en: string): [string, string] => [zh, en];
const walkIn = visit('开放时间到驿站登记，或电话预约', 'Come in during opening hours or call ahead');

export const serviceRows = [
  service('st_beijing', 1, 'policy', ['解读户籍、子女入学、居住证等在京政策', ALL_MEMBERS[0], walkIn[0]],
    ['Advice on residence permits, schooling and other Beijing policies', ALL_MEMBERS[1], walkIn[1]], 'zh,en'),
  service('st_beijing', 2, 'legal', ['欠薪、工伤、合同纠纷法律咨询，律师志愿者每周六坐班', '流动党员及其家属', '周六到驿站，或电话预约'],
    ['Legal advice on unpaid wages, work injuries and contracts; volunteer lawyers on Saturdays', 'Members and their families', 'Come on Saturday or book by phone']),
  service('st_beijing', 3, 'hardship', ['重病、意外等突发困难的临时救助和回乡协助', '遇到突发困难的流动党员', '由所在支部或本人向驿站提出，附情况说明'],
    ['Emergency help and help getting home after illness or accidents', 'Members in sudden hardship', 'Ask through your branch or in person, with a short account']),
  service('st_suzhou', 1, 'employment', ['每周更新园区企业招聘信息，组织专场招聘会', ALL_MEMBERS[0], walkIn[0]],
    ['Weekly job listings from Industrial Park employers, and job fairs', ALL_MEMBERS[1], walkIn[1]], 'zh,en'),
  service('st_suzhou', 2, 'social_insurance', ['社保、医保异地转移接续和异地就医备案指导', '在苏参保的流动党员', '携带身份证和社保卡到驿站'],
    ['Help moving pension and health insurance between provinces, and registering for care away from home', 'Members insured in Suzhou', 'Bring your ID and social security card']),
  service('st_suzhou', 3, 'training', ['电工、焊工等职业技能培训，合格者颁发证书', '务工流动党员', '到驿站报名，每期30人'],
    ['Vocational courses (electrician, welder) with certificates', 'Members working in trades', 'Sign up at the station; 30 places a course'],
    'zh', ['培训免费，考证费自理', 'Training free; exam fees paid by the trainee']),
  service('st_changzhou', 1, 'credit', ['与邳州农商银行信贷小组对接，经营贷款授信和担保推荐', '在常经商的流动党员', '驿站初审后转介银行'],
    ['Referral to the Pizhou Rural Commercial Bank credit group for business loans and guarantees', 'Members running a business in Changzhou', 'The station reviews and refers you to the bank']),
  service('st_changzhou', 2, 'policy', ['个体工商户、市场经营政策和减税降费解读', '经商流动党员', walkIn[0]],
    ['Advice on sole-trader rules, market regulations and tax relief', 'Members who run businesses', walkIn[1]]),
  service('st_changzhou', 3, 'livelihood', ['租房、子女入学、就医等生活服务指引', ALL_MEMBERS[0], walkIn[0]],
    ['Guidance on renting, schooling and healthcare', ALL_MEMBERS[1], walkIn[1]]),
  service('st_changzhou', 4, 'training', ['冷链、电商直播等经营技能培训', '市场商户', '关注驿站公告报名'],
    ['Business skills courses: cold chain, live-stream selling', 'Market traders', 'Sign up when courses are announced']),
];

const week = (stationId: string, days: number[], opens: string, closes: string) =>
  days.map((weekday) => ({ tenantId: TENANT_ID, stationId, weekday, opens, closes }));
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];
export const hourRows: Row<typeof stationHours>[] = [
  ...week('st_beijing', [0, 2, 3, 4, 5, 6], '09:00', '18:00'),
  ...week('st_suzhou', [0, 2, 3, 4, 5, 6], '09:00', '18:00'),
  // The market trades at dawn; traders come again in the evening.
  ...week('st_changzhou', EVERY_DAY, '05:30', '11:30'),
  ...week('st_changzhou', EVERY_DAY, '18:30', '21:00'),
];

export const exceptionRows: Row<typeof stationHourExceptions>[] = [
  { stationId: 'st_suzhou', date: '2027-01-01', opens: null, closes: null, noteZh: '元旦闭站', noteEn: "Closed for New Year's Day" },
];

export const teamRows: Row<typeof volunteerTeams>[] = [
  { id: 'vt_bj_legal', stationId: 'st_beijing', nameZh: '银杏法律志愿服务队', nameEn: 'Ginkgo Legal Volunteers', descriptionZh: '在京邳州籍律师，每周六坐班。', descriptionEn: 'Pizhou-born lawyers in Beijing, on duty Saturdays.' },
  { id: 'vt_sz_jobs', stationId: 'st_suzhou', nameZh: '就业帮帮团', nameEn: 'Job Helpers', descriptionZh: '老乡带老乡，介绍工作、陪同面试。', descriptionEn: 'Members helping newcomers find work.' },
  { id: 'vt_cz_market', stationId: 'st_changzhou', nameZh: '凌家塘红色先锋队', nameEn: 'Lingjiatang Vanguard', descriptionZh: '市场党员商户志愿队，维护秩序、帮扶困难商户。', descriptionEn: 'Member traders who keep order and help struggling stallholders.' },
];
