import type { Tables } from '../i18n.ts';

type Stage = 'letters' | 'sent' | 'delivered' | 'failed' | 'opened' | 'reported' | 'confirmed' | 'not_reported';
type Status = 'draft' | 'sending' | 'sent' | 'ended';
type Channel = 'all' | 'print' | 'sms';

export const campaignMessages: Tables<{
  title: string; intro: string; introStaff: string; list: string; none: string; newCampaign: string; status: Record<Status, string>;
  progress: (made: number, total: number | null) => string; dates: (from: string, to: string) => string;
  viewFunnel: string; edit: string; send: string; sendConfirm: (title: string) => string; sendStarted: string; sendFailed: (m: string) => string;
  back: string; funnel: string; stages: Record<Stage, string>; channels: Record<Channel, string>; channel: string;
  node: string; children: string; noChildren: string; childrenShown: (n: number, more: boolean) => string; moreChildren: (n: number) => string; up: string; drill: (name: string) => string; sideHome: string; sideHost: string;
  chartLabel: (name: string, summary: string) => string; chartLoading: string; chartFailed: string;
  countLink: (n: number, stage: string, channel: string) => string; people: (stage: string, channel: string, node: string) => string;
  peopleNone: string; peopleListed: (n: number, more: boolean) => string; closePeople: string; movedAway: string; mobile: string; homeUnit: string; branch: string; when: string;
  xlsx: string; downloading: string; downloaded: (name: string) => string; print: string; printHint: string; printOf: (name: string) => string;
  form: Record<'titleZh' | 'titleEn' | 'bodyZh' | 'bodyEn' | 'signatory' | 'startsAt' | 'endsAt' | 'audience' | 'units' | 'categories'
    | 'notReportedSince' | 'channels' | 'reminderAfterDays' | 'reminderLimit' | 'optional' | 'allMembers' | 'pickUnits' | 'remove'
    | 'count' | 'counting' | 'create' | 'saveDraft' | 'saving' | 'fix' | 'required' | 'newTitle' | 'editTitle' | 'saved' | 'cancel', string>;
}> = {
  'zh-CN': {
    title: '家乡来信',
    intro: '每年给在外流动党员的一封信：撰写、发送（短信与打印），并查看从发出到报到、确认的漏斗。',
    introStaff: '查看本组织范围内家乡来信的发送和报到情况。',
    list: '来信列表', none: '还没有家乡来信。', newCampaign: '撰写新来信',
    status: { draft: '草稿', sending: '发送中', sent: '已发送', ended: '已结束' },
    progress: (made, total) => `已生成 ${made}${total === null ? '' : ` / ${total}`} 封`,
    dates: (from, to) => `${from} 至 ${to}`,
    viewFunnel: '查看漏斗', edit: '编辑', send: '发送',
    sendConfirm: (t) => `确定发送“${t}”？发送后不能再修改。`, sendStarted: '已开始发送。', sendFailed: (m) => `未能发送：${m}`,
    back: '返回来信列表', funnel: '报到漏斗',
    stages: { letters: '信件', sent: '已发出', delivered: '已送达', failed: '发送失败', opened: '已打开', reported: '已报到', confirmed: '已确认', not_reported: '未报到' },
    channels: { all: '全部', print: '纸质信', sms: '短信' }, channel: '渠道',
    node: '本级', children: '下级组织', noChildren: '没有下级组织。', up: '返回上一级',
    childrenShown: (n, more) => `已显示 ${n} 个下级组织${more ? '（按名称排序，还有更多）' : ''}。`, moreChildren: (n) => `更多（加载后 ${n} 个）`,
    drill: (n) => `查看${n}的漏斗`, sideHome: '按户籍地', sideHost: '按流入地',
    chartLabel: (n, s) => `${n}的报到漏斗：${s}`, chartLoading: '正在加载图表…', chartFailed: '图表未能加载，数字见下表。',
    countLink: (n, s, c) => `${s}（${c}）：${n} 人，查看名单`,
    people: (s, c, n) => `${n} · ${s}（${c}）`,
    peopleNone: '已查看的信件中暂无符合条件的。', peopleListed: (n, more) => `已列出 ${n} 人${more ? '，还有更多' : ''}。`,
    closePeople: '收起名单', movedAway: '已转出（信发出后转到别处，由现所在组织跟进）', mobile: '手机号', homeUnit: '户籍', branch: '流动党支部', when: '时间',
    xlsx: '下载 Excel（.xlsx）', downloading: '正在生成文件…', downloaded: (n) => `已下载 ${n}。`,
    print: '打印', printHint: '在新标签页打开该村的全部信件（每人一页，A4），用浏览器打印。', printOf: (n) => `打印${n}的信件`,
    form: {
      titleZh: '标题', titleEn: '英文标题', bodyZh: '正文', bodyEn: '英文正文', signatory: '落款', startsAt: '开始日期', endsAt: '结束日期',
      audience: '收信范围', units: '镇（街道）或村（社区）', categories: '类别', notReportedSince: '仅此日期以来未报到的',
      channels: '发送方式', reminderAfterDays: '未报到几天后提醒', reminderLimit: '最多提醒次数', optional: '（选填）',
      allMembers: '全部党员', pickUnits: '选择组织', remove: '移除', count: '统计人数', counting: '正在统计…',
      create: '保存草稿', saveDraft: '保存修改', saving: '正在保存…', fix: '请更正标出的内容。', required: '请填写此项。',
      newTitle: '撰写新来信', editTitle: '编辑草稿', saved: '已保存草稿。', cancel: '取消',
    },
  },
  en: {
    title: 'Letters from home',
    intro: "The year's letter to members away from home: write it, send it (SMS and print), and follow the funnel from sent to reported and confirmed.",
    introStaff: 'How the letters from home went out and how members reported, within your organisation.',
    list: 'Letters', none: 'No letters from home yet.', newCampaign: 'Write a new letter',
    status: { draft: 'Draft', sending: 'Sending', sent: 'Sent', ended: 'Ended' },
    progress: (made, total) => `${made}${total === null ? '' : ` of ${total}`} letters made`,
    dates: (from, to) => `${from} to ${to}`,
    viewFunnel: 'View funnel', edit: 'Edit', send: 'Send',
    sendConfirm: (t) => `Send “${t}”? It cannot be changed afterwards.`, sendStarted: 'Sending has started.', sendFailed: (m) => `Not sent: ${m}`,
    back: 'Back to the letters', funnel: 'Report-in funnel',
    stages: { letters: 'Letters', sent: 'Sent', delivered: 'Delivered', failed: 'Failed', opened: 'Opened', reported: 'Reported', confirmed: 'Confirmed', not_reported: 'Not reported' },
    channels: { all: 'All', print: 'Printed', sms: 'SMS' }, channel: 'Channel',
    node: 'This level', children: 'Units below', noChildren: 'Nothing below.', up: 'Up one level',
    childrenShown: (n, more) => `${n} units below shown${more ? ' (by name; more to load)' : ''}.`, moreChildren: (n) => `More (the next ${n})`,
    drill: (n) => `Funnel of ${n}`, sideHome: 'By home', sideHost: 'By host',
    chartLabel: (n, s) => `Report-in funnel of ${n}: ${s}`, chartLoading: 'Loading the chart…', chartFailed: 'The chart did not load; the numbers are in the table.',
    countLink: (n, s, c) => `${s} (${c}): ${n}, show who`,
    people: (s, c, n) => `${n} · ${s} (${c})`,
    peopleNone: 'None among the letters looked through yet.', peopleListed: (n, more) => `${n} listed${more ? ', more to load' : ''}.`,
    closePeople: 'Hide the list', movedAway: 'Moved away (since the letter went; followed up where they are now)', mobile: 'Mobile', homeUnit: 'Home', branch: 'Branch', when: 'When',
    xlsx: 'Download Excel (.xlsx)', downloading: 'Making the file…', downloaded: (n) => `Downloaded ${n}.`,
    print: 'Print', printHint: "Opens the village's letters in a new tab (a page each, A4) to print from the browser.", printOf: (n) => `Print the letters of ${n}`,
    form: {
      titleZh: 'Title (Chinese)', titleEn: 'Title (English)', bodyZh: 'Letter (Chinese)', bodyEn: 'Letter (English)', signatory: 'Signed by',
      startsAt: 'Starts', endsAt: 'Ends', audience: 'Who receives it', units: 'Towns or villages', categories: 'Categories',
      notReportedSince: 'Only those not reported since', channels: 'Channels', reminderAfterDays: 'Remind after (days)', reminderLimit: 'Reminders at most',
      optional: '(optional)', allMembers: 'Every member', pickUnits: 'Choose units', remove: 'Remove', count: 'Count members', counting: 'Counting…',
      create: 'Save draft', saveDraft: 'Save changes', saving: 'Saving…', fix: 'Please correct what is marked.', required: 'Please fill this in.',
      newTitle: 'New letter', editTitle: 'Edit draft', saved: 'Draft saved.', cancel: 'Cancel',
    },
  },
};
export const formExtras: Tables<{ audienceCount: (n: number) => string; channelNames: Record<'print' | 'sms', string> }> = {
  'zh-CN': { audienceCount: (n) => `共 ${n} 名党员`, channelNames: { print: '打印（每村一份，附二维码）', sms: '短信（固定网址与个人码）' } },
  en: { audienceCount: (n) => `${n} members`, channelNames: { print: 'Print (per village, with QR codes)', sms: 'SMS (fixed address and personal code)' } },
};
