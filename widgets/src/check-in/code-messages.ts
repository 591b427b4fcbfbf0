// The words of an SMS code (sending it, checking it, each way that fails), Chinese first: the
// check-in form's code step (mobile-verification.messages.ts spreads them into its copy) and the
// hosted pages' (worker/pages/mobile-proof.ts), which need nothing else of the form's.
import type { Lang } from '../shared/i18n.ts';

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
};

export type CodeMessages = typeof zhCN;

const en: CodeMessages = {
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
};

export const codeMessages: Record<Lang, CodeMessages> = { 'zh-CN': zhCN, en };

/** 45 秒 / 3 分钟 / 2 小时; 45 s / 3 min / 2 h: seconds up to a minute and a half, then minutes, then hours. */
export const duration = (seconds: number, m: CodeMessages): string => seconds <= 90 ? `${seconds} ${m.units[0]}`
  : seconds <= 90 * 60 ? `${Math.ceil(seconds / 60)} ${m.units[1]}` : `${Math.ceil(seconds / 3600)} ${m.units[2]}`;
