// The copy of the SMS code step and the status lookup, Chinese first: part of their chunk, not of
// the first load. The send button's label, the offline message and "verify first" are the form's
// own (messages.ts): they show before the chunk is here. The code's own words are code-messages.ts.
import type { CheckInReceipt, CheckInServiceRequest } from '../../../schema/check-ins.ts';
import type { Lang } from '../shared/i18n.ts';
import { codeMessages } from './code-messages.ts';

export { duration } from './code-messages.ts';

const zhCN = {
  ...codeMessages['zh-CN'],
  lookupTitle: '查询报到进度',
  last4: '手机号后四位',
  lookup: '查询',
  lookupNotFound: '没有找到，请核对报到编号和手机号后四位。',
  lookupOffline: '网络连接不稳定，请检查网络后重试。',
  lookupTrouble: '暂时无法查询，请稍后再试。',
  status: (r: CheckInReceipt) => r.status === 'pending' ? '待党支部确认'
    : r.status === 'confirmed' ? '党支部已确认' : `${r.status === 'returned' ? '请修改后重新报到' : '未通过'}：${r.rejectReason ?? ''}`,
  requestStatus: { open: '待处理', assigned: '处理中', resolved: '已解决', closed: '已关闭' } as Record<CheckInServiceRequest['status'], string>,
  resolution: '处理结果：',
  statusTitle: '我的报到',
  rememberedIntro: '这台手机上提交或查询过的报到：',
  rememberedNone: '这台手机上还没有报到记录。输入报到编号和手机号后四位即可查询，查到后本机会记住。',
  gone: '查不到这条报到（可能已被删除）。',
  forget: '从本机移除',
  wechatOffer: '有结果时用微信通知我',
  wechatIntro: '请输入报到时填写的手机号，用短信验证码验证后即可订阅微信通知。',
  wechatMismatch: '这个手机号与报到时填写的不一致，请核对。',
  wechatReady: '点击下方按钮，在微信中允许接收通知；每次订阅通知一次结果。',
  wechatCheckIn: '报到审核结果',
};

export type VerificationMessages = typeof zhCN;

const en: VerificationMessages = {
  ...codeMessages.en,
  lookupTitle: 'Look up a check-in',
  last4: 'Last four digits of your mobile',
  lookup: 'Look up',
  lookupNotFound: 'Not found. Check the reference and the last four digits.',
  lookupOffline: 'The connection is unstable. Check your network and try again.',
  lookupTrouble: 'It cannot be looked up just now; please try again shortly.',
  status: (r) => r.status === 'pending' ? 'Waiting for the branch to confirm'
    : r.status === 'confirmed' ? 'Confirmed by the branch' : `${r.status === 'returned' ? 'Please correct and check in again' : 'Not accepted'}: ${r.rejectReason ?? ''}`,
  requestStatus: { open: 'Open', assigned: 'In progress', resolved: 'Resolved', closed: 'Closed' },
  resolution: 'Outcome: ',
  statusTitle: 'My check-ins',
  rememberedIntro: 'Check-ins sent or looked up on this phone:',
  rememberedNone: 'No check-ins on this phone yet. Look one up with its reference and the last four digits of your mobile; this phone then remembers it.',
  gone: 'This check-in can no longer be found (it may have been erased).',
  forget: 'Remove from this phone',
  wechatOffer: 'Tell me in WeChat',
  wechatIntro: 'Enter the mobile number you checked in with and verify it with a text message code; then you can subscribe.',
  wechatMismatch: 'This is not the mobile number this check-in was sent with.',
  wechatReady: 'Tap below and allow the notification in WeChat; each subscription brings one message with the outcome.',
  wechatCheckIn: 'Check-in decision',
};

export const verificationMessages: Record<Lang, VerificationMessages> = { 'zh-CN': zhCN, en };
