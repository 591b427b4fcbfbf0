import type { StaffServiceRequest } from '../../../schema/service-requests.ts';
import type { Role, ServiceCategory } from '../../../schema/tables.ts';
import type { Tables } from '../i18n.ts';

type ServiceRequestStatus = StaffServiceRequest['status'];

export const serviceDeskMessages: Tables<{
  title: string; intro: (days: number) => string; status: string; anyStatus: string; category: string; anyCategory: string;
  statuses: Record<ServiceRequestStatus, string>; categories: Record<ServiceCategory, string>; overdue: string;
  overdueFor: (days: number) => string;
  order: string; orders: Record<'newest' | 'oldest', string>;
  empty: string; loaded: (n: number, more: boolean, order: 'newest' | 'oldest') => string; list: string; details: (ref: string) => string;
  back: string; filed: string; updated: string; member: string; routedTo: string; city: string; description: string;
  assignee: string; team: string; unassigned: string; resolution: string; closeReason: string; sharedWith: string;
  notes: string; noNotes: string; history: string; actions: Record<string, string>; byRole: (role: string) => string;
  roles: Record<Role, string>; assign: string; reassign: string; assignTo: string; toTeam: string; toPerson: string;
  person: string; personHint: string; noTeams: string; saveAssign: string; addNote: string; noteLabel: string; saveNote: string;
  resolve: string; resolutionLabel: string; resolutionHint: string; saveResolve: string; resolveNeedsAssign: string;
  close: string; reasonLabel: string; reasonHint: string; saveClose: string; missing: string;
  assigned: (ref: string, who: string) => string; noted: (ref: string) => string; resolved: (ref: string) => string;
  closed: (ref: string) => string; conflict: (ref: string, status: string) => string; gone: (ref: string) => string;
  select: string;
}> = {
  'zh-CN': {
    title: '服务需求',
    intro: (days) => `转到本驿站（或本组织）的服务需求。提交 ${days} 天后仍未办结（待分派或办理中）的标为“已超期”。`,
    status: '状态', anyStatus: '全部状态', category: '服务类别', anyCategory: '全部类别',
    statuses: { open: '待分派', assigned: '办理中', resolved: '已办结', closed: '已关闭' },
    categories: {
      training: '技能培训', policy: '政策解读', livelihood: '民生服务', employment: '就业',
      social_insurance: '社保', legal: '法律维权', credit: '金融授信', hardship: '困难救助',
    },
    overdue: '已超期', overdueFor: (days) => `已超期（提交已 ${days} 天）`,
    empty: '没有符合条件的服务需求。',
    order: '排序', orders: { newest: '最新提交在前', oldest: '最早提交在前' },
    loaded: (n, more, order) => `已加载 ${n} 条${more ? '，还有更多' : ''}（${order === 'oldest' ? '最早' : '最新'}提交的在前）。`,
    list: '服务需求列表', details: (ref) => `查看 ${ref}`,
    back: '返回列表', filed: '提交时间', updated: '最近变动', member: '求助党员', routedTo: '转至', city: '所在城市',
    description: '求助内容', assignee: '承办人', team: '志愿服务队', unassigned: '尚未分派', resolution: '办结答复',
    closeReason: '关闭原因', sharedWith: '已授权共享给',
    notes: '内部备注', noNotes: '暂无备注。', history: '办理记录',
    actions: {
      'service_request.create': '提交', 'service_request.assign': '分派', 'service_request.note': '添加备注',
      'service_request.resolve': '办结', 'service_request.close': '关闭', 'service_request.team_removed': '志愿服务队已撤销',
    },
    byRole: (role) => `（${role}）`,
    roles: {
      home_admin: '县委组织部', town_staff: '镇（街道）', village_staff: '村（社区）', committee_secretary: '流动党员党委',
      branch_secretary: '流动党支部', station_manager: '服务驿站', partner: '合作机构',
    },
    assign: '分派', reassign: '重新分派', assignTo: '分派给', toTeam: '驿站志愿服务队', toPerson: '具体人员',
    person: '承办人姓名或岗位', personHint: '不超过 100 个字。', noTeams: '该驿站还没有志愿服务队，请填写承办人。',
    saveAssign: '确认分派', addNote: '添加备注', noteLabel: '备注（仅工作人员可见）', saveNote: '保存备注',
    resolve: '办结', resolutionLabel: '办结答复', resolutionHint: '求助党员凭编号查询进度时会看到这段文字，请写明办理结果。',
    saveResolve: '确认办结', resolveNeedsAssign: '分派后才能办结。',
    close: '关闭', reasonLabel: '关闭原因', reasonHint: '仅工作人员可见，党员只看到“已关闭”。', saveClose: '确认关闭',
    missing: '请先填写这一项。',
    assigned: (ref, who) => `${ref} 已分派给${who}。`, noted: (ref) => `已为 ${ref} 添加备注。`,
    resolved: (ref) => `${ref} 已办结，党员查询时可看到答复。`, closed: (ref) => `${ref} 已关闭。`,
    conflict: (ref, status) => `${ref} 刚被其他人处理过，当前状态为“${status}”，已为您刷新。`,
    gone: (ref) => `${ref} 已不在您的办理范围内。`,
    select: '请选择',
  },
  en: {
    title: 'Service desk',
    intro: (days) => `Requests for help routed to your station (or organisation). One still open or assigned ${days} days after it was filed is marked overdue.`,
    status: 'Status', anyStatus: 'Any status', category: 'Category', anyCategory: 'Any category',
    statuses: { open: 'Open', assigned: 'Assigned', resolved: 'Resolved', closed: 'Closed' },
    categories: {
      training: 'Skills training', policy: 'Policy advice', livelihood: 'Daily-life services', employment: 'Jobs',
      social_insurance: 'Social insurance', legal: 'Legal help', credit: 'Credit referral', hardship: 'Hardship support',
    },
    overdue: 'Overdue', overdueFor: (days) => `Overdue (filed ${days} days ago)`,
    empty: 'No requests match.',
    order: 'Order', orders: { newest: 'Newest first', oldest: 'Oldest first' },
    loaded: (n, more, order) => `${n} loaded${more ? ', more to come' : ''} (${order} first).`,
    list: 'Service requests', details: (ref) => `Open ${ref}`,
    back: 'Back to the list', filed: 'Filed', updated: 'Last change', member: 'Member', routedTo: 'Routed to', city: 'City',
    description: 'Request', assignee: 'Assignee', team: 'Volunteer team', unassigned: 'Not assigned yet', resolution: 'Resolution',
    closeReason: 'Reason closed', sharedWith: 'Shared with',
    notes: 'Staff notes', noNotes: 'No notes yet.', history: 'History',
    actions: {
      'service_request.create': 'Filed', 'service_request.assign': 'Assigned', 'service_request.note': 'Note added',
      'service_request.resolve': 'Resolved', 'service_request.close': 'Closed', 'service_request.team_removed': 'Volunteer team removed',
    },
    byRole: (role) => ` (${role})`,
    roles: {
      home_admin: 'County department', town_staff: 'Town', village_staff: 'Village', committee_secretary: 'Committee',
      branch_secretary: 'Branch', station_manager: 'Service station', partner: 'Partner',
    },
    assign: 'Assign', reassign: 'Re-assign', assignTo: 'Assign to', toTeam: 'A volunteer team of the station', toPerson: 'A person',
    person: 'Name or post of the person', personHint: 'Up to 100 characters.', noTeams: 'The station has no volunteer teams: name a person.',
    saveAssign: 'Assign', addNote: 'Add a note', noteLabel: 'Note (staff only)', saveNote: 'Save the note',
    resolve: 'Resolve', resolutionLabel: 'Resolution', resolutionHint: 'The member reads this text when they look the request up: say what was done.',
    saveResolve: 'Resolve', resolveNeedsAssign: 'Assign it before resolving.',
    close: 'Close', reasonLabel: 'Reason for closing', reasonHint: 'Staff only: the member sees only “Closed”.', saveClose: 'Close the request',
    missing: 'Fill this in first.',
    assigned: (ref, who) => `${ref} assigned to ${who}.`, noted: (ref) => `Note added to ${ref}.`,
    resolved: (ref) => `${ref} resolved: the member sees the resolution.`, closed: (ref) => `${ref} closed.`,
    conflict: (ref, status) => `Someone else changed ${ref} just now: it is ${status}. It has been reloaded.`,
    gone: (ref) => `${ref} is no longer yours to handle.`,
    select: 'Choose',
  },
};
