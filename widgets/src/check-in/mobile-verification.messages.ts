// The copy of the SMS code step and the status lookup, Chinese first: part of their chunk, not of
// the first load. The send button's label, the offline message and "verify first" are the form's
// own (messages.ts): they show before the chunk is here.
import type { CheckInReceipt, CheckInServiceRequest } from '../../../schema/check-ins.ts';
import type { Lang } from '../shared/i18n.ts';

/** 45 秒 / 3 分钟 / 2 小时; 45 s / 3 min / 2 h: seconds up to a minute and a half, then minutes, then hours. */
export const duration = (seconds: number, m: VerificationMessages): string => seconds <= 90 ? `${seconds} ${m.units[0]}`
  : seconds <= 90 * 60 ? `${Math.ceil(seconds / 60)} ${m.units[1]}` : `${Math.ceil(seconds / 3600)} ${m.units[2]}`;

const zhCN = {
  codeLabel: '短信验证码',
  codeSending: '正在发送验证码…',
  sentTo: (mobile: string, minutes: number) => `验证码已发送至 ${mobile}，${minutes} 分钟内有效。`,
  check: '验证',
  checking: '正在验证…',
  resendIn: (wait: string) => `${wait}后可重新发送`,
  resend: '重新发送',
  verified: '手机号已验证',
  codeFormat: (length: number) => `请输入 ${length} 位数字验证码`,
  incorrect: (left: number) => `验证码不正确，还可以再试 ${left} 次。`,
  expired: '验证码已过期，请重新获取。',
  exhausted: '错误次数太多，这个验证码已失效，请重新获取。',
  tooOften: (wait: string) => `获取验证码太频繁，请 ${wait}后再试。`,
  smsDown: '短信暂时无法发送，请稍后再试。',
  notHuman: '安全验证未通过，请再试一次。',
  checkOffline: '请联网后再验证，已填写的内容会保留。',
  codeTrouble: '暂时无法完成验证，请稍后再试。',
  units: ['秒', '分钟', '小时'],
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
  codeLabel: 'Code from the text message',
  codeSending: 'Sending the code…',
  sentTo: (mobile, minutes) => `Code sent to ${mobile}; it works for ${minutes} minutes.`,
  check: 'Verify',
  checking: 'Verifying…',
  resendIn: (wait) => `Send again in ${wait}`,
  resend: 'Send again',
  verified: 'Mobile number verified',
  codeFormat: (length) => `Enter the ${length}-digit code`,
  incorrect: (left) => `That code is not right; ${left} ${left === 1 ? 'try' : 'tries'} left.`,
  expired: 'The code has expired; ask for a new one.',
  exhausted: 'Too many wrong tries: this code no longer works; ask for a new one.',
  tooOften: (wait) => `Too many codes asked for; try again in ${wait}.`,
  smsDown: 'Text messages cannot be sent just now; please try again later.',
  notHuman: 'The security check did not pass; please try again.',
  checkOffline: 'Connect to the internet to verify; everything you typed is kept.',
  codeTrouble: 'Verification is unavailable just now; please try again later.',
  units: ['s', 'min', 'h'],
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
