import type { MemberHistory } from '../../../schema/members.ts';
import type { ServiceCategory } from '../../../schema/tables.ts';
import type { Tables } from '../i18n.ts';

type CheckInStatus = MemberHistory['checkIns'][number]['status'];

export const memberHistoryMessages: Tables<{
  checkIns: string; requests: string; views: string; none: string; statuses: Record<CheckInStatus, string>;
  handover: (from: string) => string; requestStatuses: Record<string, string>; needs: Record<ServiceCategory, string>;
  actions: Record<string, string>; byKey: string;
}> = {
  'zh-CN': {
    checkIns: '报到记录', requests: '服务需求', views: '查看和修改记录（最近 50 条）', none: '暂无。',
    statuses: { pending: '待确认', confirmed: '已确认', rejected: '已驳回', returned: '已退回修改' },
    handover: (from) => `由${from}转入`,
    requestStatuses: { open: '待处理', assigned: '处理中', resolved: '已解决', closed: '已关闭' },
    needs: {
      training: '技能培训', policy: '政策解读', livelihood: '民生服务', employment: '就业', social_insurance: '社保',
      legal: '法律维权', credit: '金融授信', hardship: '困难救助',
    },
    actions: {
      'member.read': '查看', 'member.history': '查看记录', 'member.export': '导出', 'member.handover': '组织关系转接',
      'member.import': '导入', 'member.update': '修改', 'lost_contact.read': '查看失联情况', 'lost_contact.attempt': '记录联系',
      'lost_contact.update': '处理失联', 'lost_contact.close': '失联结案', 'lost_contact.reopen': '重新打开失联',
      'lost_contact.assignees': '查看可指派人员',
    },
    byKey: '接口密钥',
  },
  en: {
    checkIns: 'Check-ins', requests: 'Service requests', views: 'Views and changes (last 50)', none: 'None yet.',
    statuses: { pending: 'Pending', confirmed: 'Confirmed', rejected: 'Rejected', returned: 'Returned for changes' },
    handover: (from) => `Handed over from ${from}`,
    requestStatuses: { open: 'Open', assigned: 'In progress', resolved: 'Resolved', closed: 'Closed' },
    needs: {
      training: 'Skills training', policy: 'Policy advice', livelihood: 'Daily-life services', employment: 'Jobs',
      social_insurance: 'Social insurance', legal: 'Legal help', credit: 'Credit referral', hardship: 'Hardship support',
    },
    actions: {
      'member.read': 'Viewed', 'member.history': 'Viewed the history', 'member.export': 'Exported', 'member.handover': 'Handed over',
      'member.import': 'Imported', 'member.update': 'Changed', 'lost_contact.read': 'Viewed the lost-contact case',
      'lost_contact.attempt': 'Recorded a contact attempt', 'lost_contact.update': 'Updated the lost-contact case',
      'lost_contact.close': 'Closed the lost-contact case', 'lost_contact.reopen': 'Reopened the lost-contact case',
      'lost_contact.assignees': 'Listed who may follow it up',
    },
    byKey: 'API key',
  },
};
