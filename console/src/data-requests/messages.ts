import type { StaffDataRequest } from '../../../schema/data-requests.ts';
import type { Tables } from '../i18n.ts';

type Status = StaffDataRequest['status'];
type Field = NonNullable<StaffDataRequest['field']>;

export const dataRequestMessages: Tables<{
  title: string; intro: string; statuses: Record<Status, string>; statusGroup: string; empty: Record<Status, string>; list: string;
  kinds: Record<StaffDataRequest['kind'], string>; fields: Record<Field, string>; overdue: string; noMember: string;
  asked: string; due: string; field: string; text: string; handled: string; outcome: string;
  correct: string; refuse: string; erase: string; newValue: string; newValueHint: string; outcomeHint: string; outcomeMissing: string;
  saveDone: string; saveRefuse: string; confirmTitle: string; confirmText: (who: string) => string; confirmErase: string;
  doneNotice: (who: string) => string; refusedNotice: (who: string) => string; erasedNotice: (rows: number) => string; gone: string;
}> = {
  'zh-CN': {
    title: '数据请求',
    intro: '党员通过“我的信息”页面提出的更正和删除请求。须在提出后 15 日内处理；逾期的标红。',
    statuses: { open: '待处理', done: '已办结', refused: '已拒绝' },
    statusGroup: '请求状态',
    empty: { open: '没有待处理的请求。', done: '没有已办结的请求。', refused: '没有已拒绝的请求。' },
    list: '数据请求',
    kinds: { export: '查阅复制', correction: '更正', erasure: '删除' },
    fields: { name: '姓名', mobile: '手机号', home_unit: '家乡党组织', current_city: '现居城市', category: '类别', employer: '工作单位', other: '其他' },
    overdue: '已逾期',
    noMember: '花名册中没有此手机号',
    asked: '提出时间', due: '截止日期', field: '更正项', text: '党员说明', handled: '办结时间', outcome: '处理结果',
    correct: '办理更正', refuse: '拒绝', erase: '执行删除',
    newValue: '更正后的内容（选填）',
    newValueHint: '填写后先更新花名册，再标记办结。手机号和家乡党组织不能在此更改。',
    outcomeHint: '党员会看到这段说明。',
    outcomeMissing: '请填写处理结果。',
    saveDone: '标记办结', saveRefuse: '确认拒绝',
    confirmTitle: '确认删除',
    confirmText: (who) => `将删除 ${who} 的全部个人信息：花名册记录、报到、服务需求、同意记录、失联跟进、短信和验证码。此操作无法撤销。审计日志只保留手机号的加密摘要和各表删除数量。`,
    confirmErase: '永久删除',
    doneNotice: (who) => `已办结 ${who} 的请求。`,
    refusedNotice: (who) => `已拒绝 ${who} 的请求。`,
    erasedNotice: (rows) => `已删除，共 ${rows} 条记录。`,
    gone: '该请求已由他人处理。',
  },
  en: {
    title: 'Data requests',
    intro: 'Corrections and erasures members asked for on the “My data” page. Answer within 15 days; overdue ones are marked.',
    statuses: { open: 'Open', done: 'Done', refused: 'Refused' },
    statusGroup: 'Request status',
    empty: { open: 'No open requests.', done: 'No requests done.', refused: 'No refused requests.' },
    list: 'Data requests',
    kinds: { export: 'Copy', correction: 'Correction', erasure: 'Erasure' },
    fields: { name: 'Name', mobile: 'Mobile', home_unit: 'Home unit', current_city: 'Current city', category: 'Category', employer: 'Employer', other: 'Other' },
    overdue: 'Overdue',
    noMember: 'No roster record for this mobile',
    asked: 'Asked', due: 'Due', field: 'Field', text: 'Member’s words', handled: 'Answered', outcome: 'Outcome',
    correct: 'Correct', refuse: 'Refuse', erase: 'Execute erasure',
    newValue: 'Corrected value (optional)',
    newValueHint: 'If given, the roster is updated first, then the request marked done. Mobile and home unit cannot be changed here.',
    outcomeHint: 'The member sees this.',
    outcomeMissing: 'Say what was done, or why not.',
    saveDone: 'Mark done', saveRefuse: 'Refuse request',
    confirmTitle: 'Confirm erasure',
    confirmText: (who) => `This erases everything held about ${who}: roster record, check-ins, service requests, consents, lost-contact follow-ups, messages and codes. It cannot be undone. The audit log keeps only a keyed hash of the mobile and the rows removed per table.`,
    confirmErase: 'Erase for good',
    doneNotice: (who) => `Request of ${who} done.`,
    refusedNotice: (who) => `Request of ${who} refused.`,
    erasedNotice: (rows) => `Erased: ${rows} rows.`,
    gone: 'Someone else answered this request meanwhile.',
  },
};
