import type { ContactAttempt, LostContactCase } from '../../../schema/lost-contact.ts';
import type { Tables } from '../i18n.ts';

type Status = 'open' | 'overdue' | 'closed';

export const lostContactMessages: Tables<{
  title: string; intro: string; statuses: Record<Status, string>; statusGroup: string; empty: Record<Status, string>;
  loaded: (n: number, more: boolean) => string; list: string; overdue: string; snoozed: (date: string) => string;
  closedReasons: Record<NonNullable<LostContactCase['closedReason']>, string>;
  homeUnit: string; hostBranch: string; due: string; assignee: string; unassigned: string; attempts: string;
  attemptsValue: (n: number, last: string | null) => string; opened: string; lastCheckIn: string; closedAt: string;
  record: string; history: (n: number) => string; hideHistory: string; snooze: (days: number) => string; changeDue: string;
  channel: string; outcome: string; outcomePlaceholder: string; outcomeMissing: string; outcomeHint: string; note: string;
  saveAttempt: string; newDue: string; newDueMissing: string; saveDue: string;
  channels: Record<ContactAttempt['channel'], string>; outcomes: Record<ContactAttempt['outcome'], string>;
  noAttempts: string; attemptsOf: (name: string) => string;
  recorded: (name: string, outcome: string) => string; found: (name: string, outcome: string) => string;
  snoozedDone: (name: string, date: string) => string; dueDone: (name: string, date: string) => string;
  closedElsewhere: (name: string) => string; gone: (name: string) => string;
}> = {
  'zh-CN': {
    title: '失联党员',
    intro: '半年以上没有报到、也没有联系记录的党员。联系上（或经他人转告得知近况）即结案。',
    statuses: { open: '跟进中', overdue: '已逾期', closed: '已结案' },
    statusGroup: '案件状态',
    empty: { open: '没有跟进中的失联案件。', overdue: '没有逾期的失联案件。', closed: '没有已结案的失联案件。' },
    loaded: (n, more) => `已加载 ${n} 件${more ? '，还有更多' : ''}。`,
    list: '失联案件',
    overdue: '已逾期',
    snoozed: (date) => `暂缓至 ${date}`,
    closedReasons: { found: '已联系上', deceased: '已去世', left_party: '已出党', duplicate: '重复记录', other: '其他原因结案' },
    homeUnit: '户籍地',
    hostBranch: '流动党支部',
    due: '截止日期',
    assignee: '负责人',
    unassigned: '未指定',
    attempts: '联系次数',
    attemptsValue: (n, last) => `${n} 次${last ? `（最近 ${last}）` : ''}`,
    opened: '立案日期',
    lastCheckIn: '最近报到',
    closedAt: '结案时间',
    record: '记录联系',
    history: (n) => `联系记录（${n}）`,
    hideHistory: '收起联系记录',
    snooze: (days) => `暂缓 ${days} 天`,
    changeDue: '修改截止日期',
    channel: '联系方式',
    outcome: '结果',
    outcomePlaceholder: '请选择',
    outcomeMissing: '请选择联系结果。',
    outcomeHint: '选择“已联系上”或“他人转告”即结案。',
    note: '备注（选填）',
    saveAttempt: '保存记录',
    newDue: '新的截止日期',
    newDueMissing: '请选择日期。',
    saveDue: '保存日期',
    channels: { phone: '电话', sms: '短信', wechat: '微信', visit: '上门走访', relative: '亲属转告', other: '其他' },
    outcomes: { reached: '已联系上', relayed: '他人转告', no_answer: '无人接听', wrong_number: '号码错误', refused: '拒绝联系' },
    noAttempts: '还没有联系记录。',
    attemptsOf: (name) => `${name}的联系记录`,
    recorded: (name, outcome) => `已记录对${name}的联系：${outcome}。`,
    found: (name, outcome) => `已记录对${name}的联系：${outcome}。该案已结案。`,
    snoozedDone: (name, date) => `${name}的案件已暂缓至 ${date}。`,
    dueDone: (name, date) => `${name}的案件截止日期已改为 ${date}。`,
    closedElsewhere: (name) => `${name}的案件已结案（可能已由他人处理），已从列表移除。`,
    gone: (name) => `${name}的案件已不存在或不在您的范围内，已从列表移除。`,
  },
  en: {
    title: 'Lost contact',
    intro: 'Members with no check-in and no recorded contact for six months. Reaching them (or news of them through others) closes the case.',
    statuses: { open: 'Open', overdue: 'Overdue', closed: 'Closed' },
    statusGroup: 'Case status',
    empty: { open: 'No open lost-contact cases.', overdue: 'No overdue lost-contact cases.', closed: 'No closed lost-contact cases.' },
    loaded: (n, more) => `${n} ${n === 1 ? 'case' : 'cases'} loaded${more ? ', more to load' : ''}.`,
    list: 'Lost-contact cases',
    overdue: 'Overdue',
    snoozed: (date) => `Snoozed until ${date}`,
    closedReasons: { found: 'Reached', deceased: 'Deceased', left_party: 'Left the party', duplicate: 'Duplicate record', other: 'Closed: other reason' },
    homeUnit: 'Home unit',
    hostBranch: 'Host branch',
    due: 'Due',
    assignee: 'Assignee',
    unassigned: 'Nobody yet',
    attempts: 'Attempts',
    attemptsValue: (n, last) => `${n}${last ? ` (last ${last})` : ''}`,
    opened: 'Opened',
    lastCheckIn: 'Last check-in',
    closedAt: 'Closed',
    record: 'Record an attempt',
    history: (n) => `Attempts (${n})`,
    hideHistory: 'Hide attempts',
    snooze: (days) => `Snooze ${days} days`,
    changeDue: 'Change due date',
    channel: 'Channel',
    outcome: 'Outcome',
    outcomePlaceholder: 'Choose…',
    outcomeMissing: 'Choose the outcome.',
    outcomeHint: '“Reached” or “Relayed by others” closes the case.',
    note: 'Note (optional)',
    saveAttempt: 'Save attempt',
    newDue: 'New due date',
    newDueMissing: 'Choose a date.',
    saveDue: 'Save date',
    channels: { phone: 'Phone', sms: 'Text message', wechat: 'WeChat', visit: 'Home visit', relative: 'Through a relative', other: 'Other' },
    outcomes: { reached: 'Reached', relayed: 'Relayed by others', no_answer: 'No answer', wrong_number: 'Wrong number', refused: 'Refused' },
    noAttempts: 'No attempts yet.',
    attemptsOf: (name) => `Attempts to reach ${name}`,
    recorded: (name, outcome) => `Attempt to reach ${name} recorded: ${outcome}.`,
    found: (name, outcome) => `Attempt to reach ${name} recorded: ${outcome}. The case is closed.`,
    snoozedDone: (name, date) => `${name}'s case is snoozed until ${date}.`,
    dueDone: (name, date) => `${name}'s case is now due ${date}.`,
    closedElsewhere: (name) => `${name}'s case is closed (perhaps by someone else) and left the list.`,
    gone: (name) => `${name}'s case no longer exists or is outside your scope, and left the list.`,
  },
};
