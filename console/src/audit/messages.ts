import type { Tables } from '../i18n.ts';

/** Subject types the filter offers (any other can be typed in the API, not here). */
export const SUBJECT_TYPES = [
  'member', 'check_in', 'service_request', 'station', 'branch', 'committee', 'home_unit', 'key', 'partner',
  'roster_import', 'staff_user', 'audit', 'data_request',
] as const;
type SubjectType = (typeof SUBJECT_TYPES)[number];

export const auditMessages: Tables<{
  title: string; intro: string; filters: string; action: string; anyAction: string; subjectType: string; anyType: string;
  subjectTypes: Record<SubjectType, string>; subjectId: string; userId: string; userHint: string; keyId: string; keyHint: string;
  from: string; to: string; datesHint: string; apply: string; clear: string; badDates: string;
  /** Labels of the actions the member history does not name (roster/member-history-messages.ts has the rest). */
  actions: Record<string, string>;
  count: (n: number, more: boolean) => string; none: string; by: string; consoleUser: (id: string) => string; key: (id: string) => string;
  subject: string; details: string; requestId: string; correlationId: string; detail: string; nothing: string;
}> = {
  'zh-CN': {
    title: '审计日志', intro: '谁在什么时候查看或修改了党员信息、密钥和组织数据。查看本日志本身也会被记录。',
    filters: '筛选', action: '操作', anyAction: '全部操作', subjectType: '对象类型', anyType: '全部类型',
    subjectTypes: {
      member: '党员', check_in: '报到', service_request: '服务需求', station: '服务站', branch: '流动党支部', committee: '流动党员党委',
      home_unit: '镇村', key: '密钥', partner: '合作单位', roster_import: '花名册导入', staff_user: '工作人员', audit: '审计日志',
      data_request: '个人信息请求',
    },
    subjectId: '对象编号', userId: '工作人员编号', userHint: '通过管理台操作的人员。', keyId: '密钥或身份编号', keyHint: '接口密钥，或管理台登录人员当时使用的身份。',
    from: '开始日期', to: '结束日期', datesHint: '按北京时间，包含结束日期当天。', apply: '筛选', clear: '清除筛选',
    badDates: '开始日期不能晚于结束日期。',
    actions: {
      'member.list': '查看党员名单', 'member.import_validate': '检查导入文件', 'check_in.create': '提交报到', 'check_in.read': '查看报到',
      'check_in.list': '查看报到列表', 'check_in.confirm': '确认报到', 'check_in.history': '查看报到记录',
      'service_request.create': '提交服务需求', 'service_request.read': '查看服务需求', 'service_request.list': '查看服务需求列表',
      'service_request.note': '添加处理备注', 'service_request.team_removed': '移出服务队',
      'key.create': '新建密钥', 'key.rotate': '轮换密钥', 'key.revoke': '吊销密钥', 'key.list': '查看密钥列表',
      'audit.list': '查看审计日志', 'partner.list': '查看合作单位', 'partner.consents': '查看同意记录', 'staff.invite': '邀请工作人员',
      'lost_contact.list': '查看失联名单', 'roster_import.create': '开始导入花名册', 'roster_import.stop': '停止导入',
      'org.branch.create': '新建流动党支部', 'org.branch.read': '查看流动党支部', 'org.branch.update': '修改流动党支部',
      'org.committee.create': '新建流动党员党委', 'org.committee.update': '修改流动党员党委',
      'org.home_unit.create': '新建镇村', 'org.home_unit.read': '查看镇村', 'org.home_unit.update': '修改镇村',
      'station.create': '新建服务站', 'station.update': '修改服务站', 'station.hours.replace': '修改服务站开放时间',
      'station.service.create': '新增服务项目', 'station.service.update': '修改服务项目', 'station.service.delete': '删除服务项目',
      'station.teams.replace': '修改服务队',
      'data_request.list': '查看个人信息请求', 'data_request.export': '党员下载本人信息', 'data_request.correction': '党员申请更正信息',
      'data_request.erasure': '党员申请删除信息', 'data_request.done': '办结个人信息请求', 'data_request.refuse': '拒绝个人信息请求',
      'member.erase': '删除党员个人信息', 'consent.withdraw': '党员撤回同意',
    },
    count: (n, more) => `显示 ${n} 条${more ? '，还有更多' : ''}`, none: '没有符合条件的记录。', by: '操作人',
    consoleUser: (id) => `工作人员 ${id}`, key: (id) => `密钥 ${id}`, subject: '对象', details: '详情',
    requestId: '请求编号', correlationId: '客户端请求编号', detail: '记录内容', nothing: '无',
  },
  en: {
    title: 'Audit log', intro: 'Who read or changed members\u2019 details, keys and the organisation, and when. Reading this log is recorded too.',
    filters: 'Filters', action: 'Action', anyAction: 'All actions', subjectType: 'Subject type', anyType: 'All types',
    subjectTypes: {
      member: 'Member', check_in: 'Check-in', service_request: 'Service request', station: 'Station', branch: 'Branch', committee: 'Committee',
      home_unit: 'Town or village', key: 'Key', partner: 'Partner', roster_import: 'Roster import', staff_user: 'Staff user', audit: 'Audit log',
      data_request: 'Data request',
    },
    subjectId: 'Subject id', userId: 'Staff user id', userHint: 'Someone acting in the console.', keyId: 'Key or grant id',
    keyHint: 'An API key, or the grant a console user acted through.',
    from: 'From', to: 'To', datesHint: 'Beijing time; the end day is included.', apply: 'Apply filters', clear: 'Clear filters',
    badDates: 'The start date is after the end date.',
    actions: {
      'member.list': 'Listed members', 'member.import_validate': 'Checked an import file', 'check_in.create': 'Checked in',
      'check_in.read': 'Viewed a check-in', 'check_in.list': 'Listed check-ins', 'check_in.confirm': 'Confirmed a check-in',
      'check_in.history': 'Viewed check-in history', 'service_request.create': 'Filed a service request',
      'service_request.read': 'Viewed a service request', 'service_request.list': 'Listed service requests',
      'service_request.note': 'Noted on a service request', 'service_request.team_removed': 'Removed from a team',
      'key.create': 'Created a key', 'key.rotate': 'Rotated a key', 'key.revoke': 'Revoked a key', 'key.list': 'Listed keys',
      'audit.list': 'Read the audit log', 'partner.list': 'Listed partners', 'partner.consents': 'Listed consents', 'staff.invite': 'Invited staff',
      'lost_contact.list': 'Listed lost contact', 'roster_import.create': 'Started a roster import', 'roster_import.stop': 'Stopped an import',
      'org.branch.create': 'Created a branch', 'org.branch.read': 'Viewed a branch', 'org.branch.update': 'Changed a branch',
      'org.committee.create': 'Created a committee', 'org.committee.update': 'Changed a committee',
      'org.home_unit.create': 'Created a town or village', 'org.home_unit.read': 'Viewed a town or village',
      'org.home_unit.update': 'Changed a town or village', 'station.create': 'Created a station', 'station.update': 'Changed a station',
      'station.hours.replace': 'Changed opening hours', 'station.service.create': 'Added a service', 'station.service.update': 'Changed a service',
      'station.service.delete': 'Removed a service', 'station.teams.replace': 'Changed teams',
      'data_request.list': 'Listed data requests', 'data_request.export': 'Member downloaded their data',
      'data_request.correction': 'Member asked for a correction', 'data_request.erasure': 'Member asked for erasure',
      'data_request.done': 'Answered a data request', 'data_request.refuse': 'Refused a data request',
      'member.erase': 'Erased a member\u2019s data', 'consent.withdraw': 'Member withdrew consent',
    },
    count: (n, more) => `${n} shown${more ? ', more follow' : ''}`, none: 'No entries match.', by: 'By',
    consoleUser: (id) => `Staff ${id}`, key: (id) => `Key ${id}`, subject: 'Subject', details: 'Details',
    requestId: 'Request id', correlationId: 'Client request id', detail: 'Recorded', nothing: 'None',
  },
};
