// Notifications (docs/notifications.md): the SMS vendors' delivery receipts (no key: a secret
// token in the path), and the WeChat status page's subscription capture and `wx.config`.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import {
  NotificationReceiptAck, NotificationReceiptParams, NotificationReceipts, WechatJsConfig, WechatJsConfigQuery,
  WechatSubscriptionCreate, WechatSubscriptionResult,
} from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { applyReports, receiptTokenValid, reportsOf } from '../notify/receipts.ts';
import { captureSubscription, jsConfig } from '../notify/subscriptions.ts';
import { anyKeySecurity as security, error, json, jsonBody, keyedErrors, noStore, notFoundError } from './common.ts';

const tags = ['Notifications'];
const rateLimited = { 429: error('Too many attempts for this reference or from this address; `Retry-After` says when to try again.') };

const receipts = createRoute({
  method: 'post', path: '/v1/notification-receipts/{vendor}/{token}', operationId: 'postNotificationReceipts', tags, security: [],
  summary: 'Delivery receipts from the SMS vendor (its callback URL)',
  description: 'Configure `https://<api>/v1/notification-receipts/aliyun/<NOTIFY_RECEIPT_TOKEN>` (or `/tencent/…`) as the vendor\'s '
    + 'receipt callback. Each report marks the message sent with that vendor id `delivered`, or `failed` with the carrier\'s code. '
    + 'A wrong token (or none configured) is a 404. WeChat reports no deliveries or reads.',
  request: { params: NotificationReceiptParams, ...jsonBody(NotificationReceipts) },
  responses: { 200: json(NotificationReceiptAck, 'Taken: the answer the vendor expects.'), 400: error('Not a receipt batch.'), ...notFoundError },
});

const subscribe = createRoute({
  method: 'post', path: '/wechat/subscriptions', operationId: 'createWechatSubscription', tags, security,
  middleware: [requirePermission('public:read'), noStore] as const,
  summary: 'Record a WeChat one-time subscription to news of a check-in or request (the status page, inside WeChat)',
  description: 'The reference, a proof of its mobile, `wx-open-subscribe`\'s `subscribeDetails` and an OAuth `code` (snsapi_base), which '
    + 'the server exchanges for the member\'s openid. Each accepted template of ours stored allows one message, sent when the check-in is '
    + 'decided or the request resolved. The same 404 for an unknown reference or a proof of another number; 404 too when WeChat is not '
    + 'set up. Attempts are limited per reference and per client address, as status lookups are.',
  request: { ...jsonBody(WechatSubscriptionCreate) },
  responses: {
    201: json(WechatSubscriptionResult, 'Stored (`subscribed` empty: nothing accepted of ours, or nothing left to tell).'),
    ...keyedErrors, ...notFoundError, ...rateLimited,
  },
});

const config = createRoute({
  method: 'get', path: '/wechat/js-config', operationId: 'getWechatJsConfig', tags, security,
  middleware: [requirePermission('public:read'), noStore] as const,
  summary: 'The `wx.config` signature for a page, with `wx-open-subscribe` open',
  description: 'SHA-1 over the JS-SDK ticket, a nonce, the time and the page URL. The page must be of an origin the key allows (any, for a '
    + 'key listing none). 404 when WeChat is not set up.',
  request: { query: WechatJsConfigQuery },
  responses: { 200: json(WechatJsConfig, 'For `wx.config`.'), ...keyedErrors, ...notFoundError, ...rateLimited, 503: error('WeChat gave no ticket.') },
});

/** Unkeyed: mounted before the keyed API (app.ts). */
export const notificationReceiptRoutes = new OpenAPIHono<AppEnv>()
  .openapi(receipts, async (c) => {
    const { vendor, token } = c.req.valid('param');
    if (!(await receiptTokenValid(c.env, token))) throw notFound('The receipt endpoint');
    await applyReports(c.env, reportsOf(vendor, c.req.valid('json') as Record<string, unknown>[]));
    return c.json(vendor === 'aliyun' ? { code: 0, msg: '成功' } : { result: 0, errmsg: 'OK' }, 200);
  });

export const wechatRoutes = new OpenAPIHono<AppEnv>()
  .openapi(subscribe, async (c) => c.json({ subscribed: await captureSubscription(c, c.req.valid('json')) }, 201))
  .openapi(config, async (c) => c.json(await jsConfig(c, c.req.valid('query').url), 200));
