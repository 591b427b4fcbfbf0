// Notifications' API contract (docs/notifications.md): the vendors' delivery receipts, and the
// WeChat status page's subscription capture and `wx.config` signature.
import { z } from '@hono/zod-openapi';
import { MobileProofToken } from './mobile-verification.ts';
import { notificationChannels, notificationEvents, notificationStatuses } from './notification-tables.ts';

/** What staff see of a notification on a check-in or request: never the number or openid it went to. */
export const NotificationSummary = z.object({
  event: z.enum(notificationEvents),
  channel: z.enum(notificationChannels),
  status: z.enum(notificationStatuses).openapi({ description: '`delivered` only where the SMS vendor sent a receipt; WeChat reports no deliveries or reads.' }),
  attempts: z.number().int(),
  createdAt: z.number().int(),
  deferredUntil: z.number().int().nullable().openapi({ description: 'Held back until then (quiet hours 21:00–08:00 China time, or a per-recipient limit).' }),
  sentAt: z.number().int().nullable(),
  deliveredAt: z.number().int().nullable(),
  lastError: z.string().nullable(),
}).openapi('NotificationSummary', { description: 'A message the member (who opted in) was sent, or is to be sent, about this.' });
export type NotificationSummary = z.infer<typeof NotificationSummary>;

export const NotificationReceiptParams = z.object({
  vendor: z.enum(['aliyun', 'tencent']).openapi({ param: { name: 'vendor', in: 'path' } }),
  token: z.string().min(1).max(128).openapi({ param: { name: 'token', in: 'path' }, description: 'NOTIFY_RECEIPT_TOKEN, in the callback URL configured at the vendor.' }),
});

/** Aliyun's SMS receipt push (SmsReport): one entry per message; other fields are ignored. */
const AliyunReceipt = z.object({
  biz_id: z.string().max(128), success: z.boolean(), err_code: z.string().max(64).optional(), report_time: z.string().max(64).optional(),
}).passthrough();
/** Tencent's SMS status callback: one entry per message; other fields are ignored. */
const TencentReceipt = z.object({
  sid: z.string().max(128), report_status: z.string().max(32), errmsg: z.string().max(128).optional(), user_receive_time: z.string().max(64).optional(),
}).passthrough();
export const NotificationReceipts = z.array(z.union([AliyunReceipt, TencentReceipt])).max(1000).openapi('NotificationReceipts', {
  description: 'The vendor\'s batch, as it posts it: Aliyun `[{biz_id, success, err_code, …}]`, Tencent `[{sid, report_status, errmsg, …}]`.',
});
export const NotificationReceiptAck = z.object({
  code: z.number().int().optional(), msg: z.string().optional(), result: z.number().int().optional(), errmsg: z.string().optional(),
}).openapi('NotificationReceiptAck', { description: 'What the vendor expects back: Aliyun `{code: 0, msg}`, Tencent `{result: 0, errmsg}`.' });

export const WechatSubscriptionCreate = z.object({
  reference: z.string().max(16).normalize('NFKC').openapi({ description: 'The check-in\'s (`GK-…`) or service request\'s (`SR-…`) reference.' }),
  mobileProof: MobileProofToken.openapi({ description: 'A proof of the mobile the check-in or request was sent for (`/v1/mobile-verifications`).' }),
  code: z.string().min(1).max(256).openapi({ description: 'The OAuth `code` from the snsapi_base redirect, exchanged here for the member\'s openid.' }),
  subscribeDetails: z.union([z.string().max(4096), z.record(z.string(), z.unknown())]).openapi({
    description: '`wx-open-subscribe`\'s success event `detail.subscribeDetails` as given: per template id, `{"status":"accept"}` (or its JSON text).',
  }),
}).openapi('WechatSubscriptionCreate');

export const WechatSubscriptionResult = z.object({
  subscribed: z.array(z.string()).openapi({ description: 'The template ids stored: each allows one message about this check-in or request.' }),
}).openapi('WechatSubscriptionResult');

export const WechatJsConfigQuery = z.object({
  url: z.string().url().max(1024).openapi({ param: { name: 'url', in: 'query' }, description: 'The page\'s URL, without its #fragment.' }),
});
export const WechatJsConfig = z.object({
  appId: z.string(), timestamp: z.number().int(), nonceStr: z.string(), signature: z.string(),
  jsApiList: z.array(z.string()), openTagList: z.array(z.string()),
  templates: z.object({
    checkIn: z.string().openapi({ description: 'For a check-in (`GK-…`): its decision.' }),
    request: z.string().openapi({ description: 'For a service request (`SR-…`): its resolution.' }),
  }).openapi({ description: 'The subscription template ids for `wx-open-subscribe`\'s `template` attribute; not part of `wx.config`.' }),
}).openapi('WechatJsConfig', { description: 'Pass to `wx.config` as is (with `debug: false`), less `templates`.' });

export type WechatSubscriptionCreate = z.input<typeof WechatSubscriptionCreate>;
export type WechatSubscriptionResult = z.infer<typeof WechatSubscriptionResult>;
export type WechatJsConfig = z.infer<typeof WechatJsConfig>;
