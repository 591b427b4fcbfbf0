// The my-data page's words, zh-CN first.
import type { DataRequest, MyData } from '../../schema/data-requests.ts';

type Status = MyData['checkIns'][number]['status'] | MyData['serviceRequests'][number]['status'];
type Category = NonNullable<MyData['member']>['category'];

const zh = {
  title: '我的信息 · 流动党员', heading: '我的信息', other: 'English',
  noKey: '链接不完整（缺少 k 参数），请从报到页面或党组织提供的链接进入。',
  verifyTitle: '验证手机号', verifyIntro: '为保护您的信息，请先用短信验证码证明这是您的手机号。',
  mobile: '手机号',
  expired: '验证已过期，请重新验证手机号。', tooMany: '操作太频繁，请一分钟后再试。', failed: (m: string) => `操作失败：${m}`,
  record: '花名册记录', noRecord: '花名册中没有这个手机号的记录。', name: '姓名', homeUnit: '家乡党组织', city: '现居城市', category: '类别',
  employer: '工作单位', branch: '流动党支部', since: '登记时间',
  categories: { worker: '务工', business_owner: '经商', employee: '就业', student: '学习', other: '其他' } as Record<Category, string>,
  download: '下载我的信息（JSON）', downloadHint: '文件包含本页显示的全部信息。每次查看都会留有记录。',
  checkIns: '报到记录', sent: '提交时间', consent: '同意书版本', consentWithdrawnAt: '撤回同意时间', none: '没有。',
  statuses: { pending: '待确认', confirmed: '已确认', rejected: '未通过', returned: '退回修改', open: '待处理', assigned: '处理中', resolved: '已解决', closed: '已关闭' } as Record<Status, string>,
  requestsForHelp: '服务需求', consents: '我的同意',
  withdrawMeaning: '撤回报到同意后：未确认的报到立即终止，不再处理您在报到表中填写的信息；家乡党组织依职责保留花名册记录。撤回向合作单位共享的同意后，该单位立即无法再查看您的信息。撤回记录会保留。',
  withdrawCheckIn: '撤回报到同意', withdrawPartner: '撤回共享同意', withdrawConfirm: '确定撤回同意吗？', withdrawn: '已撤回同意。',
  granted: '同意时间', noPartners: '没有向合作单位共享的同意。', messages: '收到的短信',
  askTitle: '更正或删除', askIntro: '党组织须在 15 日内处理。删除将移除花名册记录、报到、服务需求、同意记录和短信，无法恢复。',
  kind: '请求类型', field: '需要更正的内容', text: '说明', ask: '提交请求', textMissing: '请写明应如何更正。',
  erasureConfirm: '删除后无法恢复，确定申请删除吗？', asked15: '已提交，党组织将在 15 日内处理。',
  kinds: { export: '查阅复制', correction: '更正', erasure: '删除' } as Record<DataRequest['kind'], string>,
  fields: { name: '姓名', mobile: '手机号', home_unit: '家乡党组织', current_city: '现居城市', category: '类别', employer: '工作单位', other: '其他' } as Record<NonNullable<DataRequest['field']>, string>,
  myRequests: '我的请求', noRequests: '还没有更正或删除请求。', requestStatuses: { open: '处理中', done: '已办结', refused: '未予办理' } as Record<DataRequest['status'], string>,
  asked: '提出时间', due: '办理期限', yourWords: '您的说明', outcome: '处理结果',
};
export type Words = typeof zh;

const en: Words = {
  title: 'My data · Mobile members', heading: 'My data', other: '中文',
  noKey: 'This link is incomplete (the k parameter is missing). Open it from the check-in page or a link your organisation gave you.',
  verifyTitle: 'Verify your mobile', verifyIntro: 'To protect your data, first prove with an SMS code that this is your number.',
  mobile: 'Mobile',
  expired: 'The verification has expired; verify your mobile again.', tooMany: 'Too many tries; wait a minute.', failed: (m) => `That did not work: ${m}`,
  record: 'Roster record', noRecord: 'The roster holds no record for this mobile.', name: 'Name', homeUnit: 'Home unit', city: 'Current city', category: 'Category',
  employer: 'Employer', branch: 'Host branch', since: 'On the roster since',
  categories: { worker: 'Worker', business_owner: 'Business owner', employee: 'Employee', student: 'Student', other: 'Other' },
  download: 'Download my data (JSON)', downloadHint: 'The file holds everything this page shows. Each view is recorded.',
  checkIns: 'Check-ins', sent: 'Sent', consent: 'Consent version', consentWithdrawnAt: 'Consent withdrawn', none: 'None.',
  statuses: { pending: 'Pending', confirmed: 'Confirmed', rejected: 'Not accepted', returned: 'Returned', open: 'Open', assigned: 'In hand', resolved: 'Resolved', closed: 'Closed' },
  requestsForHelp: 'Requests for help', consents: 'My consents',
  withdrawMeaning: 'Withdrawing the check-in consent ends pending check-ins at once and stops any processing of what you sent in the form; your home organisation keeps the roster record it needs. Withdrawing a partner consent stops that partner seeing your data at once. Withdrawals stay on record.',
  withdrawCheckIn: 'Withdraw check-in consent', withdrawPartner: 'Withdraw sharing consent', withdrawConfirm: 'Withdraw this consent?', withdrawn: 'Consent withdrawn.',
  granted: 'Given', noPartners: 'No consent to share with partners.', messages: 'Text messages received',
  askTitle: 'Correction or erasure', askIntro: 'Your organisation answers within 15 days. Erasure removes the roster record, check-ins, requests for help, consents and messages, for good.',
  kind: 'Request', field: 'What is wrong', text: 'Details', ask: 'Send request', textMissing: 'Say what the correction should be.',
  erasureConfirm: 'Erasure cannot be undone. Ask for it?', asked15: 'Sent. Your organisation answers within 15 days.',
  kinds: { export: 'Copy', correction: 'Correction', erasure: 'Erasure' },
  fields: { name: 'Name', mobile: 'Mobile', home_unit: 'Home unit', current_city: 'Current city', category: 'Category', employer: 'Employer', other: 'Other' },
  myRequests: 'My requests', noRequests: 'No correction or erasure requests yet.', requestStatuses: { open: 'In hand', done: 'Done', refused: 'Refused' },
  asked: 'Asked', due: 'Due by', yourWords: 'Your words', outcome: 'Outcome',
};

export const copy = { 'zh-CN': zh, en };
