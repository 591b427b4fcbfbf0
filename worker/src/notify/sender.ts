// The one sender behind every channel: a stored notification in, the vendor's outcome out.
// A channel whose settings are missing is off (null), never a pretend send.
import type { notifications } from '../../../schema/index.ts';
import type { AppEnv } from '../env.ts';
import { smsSenderFor, type SmsOutcome } from '../sms/index.ts';
import { SMS_TEMPLATE_OF, wechatData } from './templates.ts';
import { wechatClientFor } from './wechat.ts';

export type Notification = typeof notifications.$inferSelect;
export type NotificationSender = { send(n: Notification): Promise<SmsOutcome> };

export function senderFor(env: AppEnv['Bindings'], channel: Notification['channel'], fetcher?: typeof fetch): NotificationSender | null {
  if (channel === 'sms') {
    const sms = smsSenderFor(env, fetcher);
    return { send: (n) => sms.send({ tenantId: n.tenantId, mobile: n.recipient, template: SMS_TEMPLATE_OF[n.event], params: n.params }) };
  }
  const wechat = wechatClientFor(env, fetcher);
  if (!wechat) return null;
  return {
    send: (n) => wechat.sendSubscription({ openid: n.recipient, templateId: n.templateId ?? '', data: wechatData(n.params), page: env.WECHAT_STATUS_URL }),
  };
}
