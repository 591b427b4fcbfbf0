import type { Tables } from '../i18n.ts';
import type { ServiceCategory } from '../../../schema/tables.ts';

export const stationMessages: Tables<{
  title: string; intro: string; pick: string; none: string; zh: string; en: string;
  details: string; name: string; description: string; address: string; phone: string; email: string;
  alert: string; alertHint: string; saveDetails: string; saved: (what: string) => string;
  hours: string; hoursHint: string; weekday: string; opens: string; closes: string; addSlot: string; remove: string;
  exceptions: string; exceptionsHint: string; date: string; closedAllDay: string; note: string; addException: string; saveHours: string;
  weekdays: string[]; teams: string; teamsHint: string; teamName: string; teamDescription: string; addTeam: string; saveTeams: string;
  services: string; category: string; categories: Record<ServiceCategory, string>; eligibility: string; howToApply: string;
  fees: string; feesHint: string; languages: string; saveService: string; removeService: string; addService: string; newService: string;
  preview: string; previewHint: string; toPreview: string; problems: string; nothingChanged: string; what: Record<'details' | 'hours' | 'teams' | 'service' | 'removed' | 'added', string>;
  slot: (n: number) => string; exception: (n: number) => string; team: (n: number) => string;
}> = {
  'zh-CN': {
    title: '驿站信息', intro: '维护服务驿站在公开驿站目录中的信息。保存后即对外公开，门户页面最多一分钟后更新。',
    pick: '驿站', none: '当前身份没有可维护的服务驿站。', zh: '中文', en: 'English',
    details: '基本信息', name: '名称', description: '简介', address: '地址', phone: '办公电话', email: '电子邮箱',
    alert: '通知', alertHint: '如临时闭站；中英文都留空即撤下通知。', saveDetails: '保存基本信息',
    saved: (what) => `已保存${what}，公开目录已更新。`,
    hours: '每周开放时间', hoursHint: '关门时间早于或等于开门时间，表示开放到次日。',
    weekday: '星期', opens: '开门', closes: '关门', addSlot: '添加时段', remove: '删除',
    exceptions: '特殊日期', exceptionsHint: '节假日闭站或调整时间；勾选“全天闭站”则不填时间。',
    date: '日期', closedAllDay: '全天闭站', note: '说明', addException: '添加特殊日期', saveHours: '保存开放时间',
    weekdays: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
    teams: '志愿服务队', teamsHint: '删除的服务队如有已分派的服务需求，需求保留承办人名称。',
    teamName: '队名', teamDescription: '介绍', addTeam: '添加服务队', saveTeams: '保存志愿服务队',
    services: '服务项目', category: '服务类别',
    categories: {
      training: '技能培训', policy: '政策解读', livelihood: '民生服务', employment: '就业',
      social_insurance: '社保', legal: '法律维权', credit: '金融授信', hardship: '困难救助',
    },
    eligibility: '服务对象', howToApply: '办理方式', fees: '费用', feesHint: '中英文都留空表示免费。', languages: '服务语言（如 zh, en）',
    saveService: '保存该服务', removeService: '删除该服务', addService: '添加服务', newService: '新服务',
    preview: '公开目录预览', toPreview: '查看公开目录预览', previewHint: '与驿站目录组件（<ginkgo-station-directory>）显示的卡片相同，按最近一次保存的内容。',
    problems: '请修改以下问题：', nothingChanged: '没有修改任何内容。',
    what: { details: '基本信息', hours: '开放时间', teams: '志愿服务队', service: '服务项目', removed: '（已删除服务）', added: '（已添加服务）' },
    slot: (n) => `时段 ${n}`, exception: (n) => `特殊日期 ${n}`, team: (n) => `服务队 ${n}`,
  },
  en: {
    title: 'Stations', intro: 'Keep the station\u2019s entry in the public directory current. A save is public at once; portals show it within a minute.',
    pick: 'Station', none: 'Your current role has no station to keep.', zh: '中文', en: 'English',
    details: 'Details', name: 'Name', description: 'Description', address: 'Address', phone: 'Office phone', email: 'E-mail',
    alert: 'Notice', alertHint: 'E.g. closed for the afternoon; leave both languages empty to take it down.', saveDetails: 'Save the details',
    saved: (what) => `${what} saved: the public directory shows it.`,
    hours: 'Weekly hours', hoursHint: 'A closing time at or before the opening time runs past midnight.',
    weekday: 'Day', opens: 'Opens', closes: 'Closes', addSlot: 'Add hours', remove: 'Remove',
    exceptions: 'Special dates', exceptionsHint: 'Holiday closures or other hours; tick “Closed all day” for no hours.',
    date: 'Date', closedAllDay: 'Closed all day', note: 'Note', addException: 'Add a special date', saveHours: 'Save the hours',
    weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
    teams: 'Volunteer teams', teamsHint: 'Requests assigned to a team you remove keep its name as their assignee.',
    teamName: 'Name', teamDescription: 'Description', addTeam: 'Add a team', saveTeams: 'Save the teams',
    services: 'Services', category: 'Category',
    categories: {
      training: 'Skills training', policy: 'Policy advice', livelihood: 'Daily-life services', employment: 'Jobs',
      social_insurance: 'Social insurance', legal: 'Legal help', credit: 'Credit referral', hardship: 'Hardship support',
    },
    eligibility: 'Who may use it', howToApply: 'How to apply', fees: 'Fees', feesHint: 'Leave both empty: free of charge.', languages: 'Languages served (e.g. zh, en)',
    saveService: 'Save this service', removeService: 'Remove this service', addService: 'Add the service', newService: 'New service',
    preview: 'Public directory preview', toPreview: 'See the public preview', previewHint: 'The card the station directory widget (<ginkgo-station-directory>) shows, as last saved.',
    problems: 'Please correct:', nothingChanged: 'Nothing was changed.',
    what: { details: 'Details', hours: 'Hours', teams: 'Volunteer teams', service: 'Service', removed: 'Service removal', added: 'New service' },
    slot: (n) => `Hours ${n}`, exception: (n) => `Special date ${n}`, team: (n) => `Team ${n}`,
  },
};
