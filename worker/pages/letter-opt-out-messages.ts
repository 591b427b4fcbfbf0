// The opt-out screen's words (letter-opt-out.ts, loaded with it): Chinese first, English beside it.
// The link that opens it is the letter page's own (letter-messages.ts).
const zh = {
  heading: '不再接收家乡来信短信',
  what: '确认后，家乡来信和报到提醒短信将不再发到您的手机，今后每一次家乡来信活动都不再发送。',
  apart: '不受影响：您报到或提出服务需求时选择接收的通知（如报到审核结果），以及您自己获取的验证码。纸质来信仍可能送到。',
  ask: (mobile: string) => `为确认是您本人，请输入收到这封信的手机号（${mobile}），并填写发到该手机的验证码。验证通过后即停止发送。`,
  back: '返回来信',
  doneHeading: '已停止发送短信',
  done: (date: string, mobile: string) => `自${date}起，家乡来信和报到提醒短信不再发送到 ${mobile}。`,
  doneMore: '您仍可随时打开本页阅读来信、报到。',
  notThisNumber: '这不是收到这封信的手机号，不能用它停止发送。请输入收到这封信的手机号。',
  expired: '本次活动已经结束，来信的链接已失效，无法在这里停止发送。',
  invalid: '这封来信已无法打开，无法在这里停止发送。',
  tooMany: '尝试次数过多，请一分钟后再试。',
  failed: '暂时无法停止发送，请检查网络后重试。',
};
export type OptOutWords = typeof zh;

const en: OptOutWords = {
  heading: 'Stop letters from home by text message',
  what: 'Once you confirm, letters from home and their check-in reminders are no longer texted to your mobile, in this campaign and every later one.',
  apart: 'Not affected: notifications you asked for when you checked in or asked for help (such as the outcome of a check-in), and codes you ask for yourself. A printed letter may still reach you.',
  ask: (mobile) => `To make sure it is you, enter the mobile this letter was sent to (${mobile}) and the code we text to it. Once it is verified, the messages stop.`,
  back: 'Back to the letter',
  doneHeading: 'Text messages stopped',
  done: (date, mobile) => `Since ${date}, letters from home and their reminders are no longer texted to ${mobile}.`,
  doneMore: 'You can still open this page any time to read the letter and check in.',
  notThisNumber: 'This is not the mobile this letter was sent to, so it cannot stop the messages. Enter the mobile this letter was sent to.',
  expired: 'This campaign has ended: the letter\'s link no longer works, so the messages cannot be stopped here.',
  invalid: 'This letter can no longer be opened, so the messages cannot be stopped here.',
  tooMany: 'Too many tries. Please wait a minute and try again.',
  failed: 'The messages could not be stopped just now. Check the connection and try again.',
};

export const optOutCopy = { 'zh-CN': zh, en };
