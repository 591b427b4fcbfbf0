// WeChat subscriptions through the worker: the status page stores one (reference + mobile proof +
// subscribeDetails + OAuth code), the decision spends it on one notification, the consumer sends it
// once. WeChat itself is played by a small fake behind the runtime's fetch (the adapter's own
// checks against a fuller fake: test/node/wechat-adapter.test.ts).
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckInReceipt, WechatJsConfig, WechatSubscriptionResult } from '../../schema/index.ts';
import { app } from '../../worker/src/app.ts';
import { submission, submit } from './check-in-helpers.ts';
import { expectError, PK, proofFor, seed, SK } from './helpers.ts';
import { bindings, chinaTime, deliver, rowsFor } from './notification-helpers.ts';

beforeAll(seed);
const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
const wechatEnv = bindings({
  WECHAT_APP_ID: 'wx-test-app', WECHAT_APP_SECRET: 'wx-test-secret', WECHAT_TEMPLATE_CHECK_IN: 'tmpl-ci',
  WECHAT_TEMPLATE_REQUEST: 'tmpl-sr', WECHAT_API_ENDPOINT: 'https://wechat.test', WECHAT_STATUS_URL: 'https://ginkgo.example.gov.cn/s',
});

let sent: Record<string, unknown>[];
let codes: Map<string, string>;
beforeEach(() => {
  sent = [];
  codes = new Map([['CODE-1', OPENID]]);
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.host !== 'wechat.test') return realFetch(input, init);
    const body = init?.body ? JSON.parse(String(init.body)) as Record<string, unknown> : {};
    if (url.pathname === '/cgi-bin/stable_token') return Response.json(body.secret === 'wx-test-secret' ? { access_token: 'T1', expires_in: 7200 } : { errcode: 40125, errmsg: 'invalid appsecret' });
    if (url.pathname === '/sns/oauth2/access_token') {
      const openid = codes.get(url.searchParams.get('code') ?? '');
      codes.delete(url.searchParams.get('code') ?? '');
      return Response.json(openid ? { openid, access_token: 'W', scope: 'snsapi_base' } : { errcode: 40029, errmsg: 'invalid code' });
    }
    if (url.pathname === '/cgi-bin/message/subscribe/bizsend' && url.searchParams.get('access_token') === 'T1') {
      sent.push(body);
      return Response.json({ errcode: 0, errmsg: 'ok', msgid: 42 });
    }
    if (url.pathname === '/cgi-bin/ticket/getticket') return Response.json({ errcode: 0, ticket: 'TICKET', expires_in: 7200 });
    return Response.json({ errcode: -1, errmsg: 'system error' });
  });
});
afterEach(() => { vi.restoreAllMocks(); });

const request = (path: string, init: RequestInit = {}) => app.request(path, {
  ...init, headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': `10.9.${Math.floor(Math.random() * 250)}.1`, ...init.headers as Record<string, string> },
}, wechatEnv);
const subscribe = (body: unknown) => request(`/v1/wechat/subscriptions?key=${PK}`, { method: 'POST', body: JSON.stringify(body) });
const details = JSON.stringify({ 'tmpl-ci': JSON.stringify({ status: 'accept' }), 'tmpl-other': JSON.stringify({ status: 'accept' }), 'tmpl-sr': JSON.stringify({ status: 'reject' }) });

describe('a WeChat subscription to a check-in', () => {
  it('is stored for the proven mobile, spent by the decision, and sent once', async () => {
    const s = submission();
    const receipt = await (await submit(s)).json<CheckInReceipt>();
    const res = await subscribe({ reference: receipt.reference, mobileProof: await proofFor(s.mobile), code: 'CODE-1', subscribeDetails: details });
    expect(res.status).toBe(201);
    expect(await res.json<WechatSubscriptionResult>()).toEqual({ subscribed: ['tmpl-ci'] });

    const confirm = () => request(`/v1/check-ins/${receipt.id}/confirm`, { method: 'POST', headers: { Authorization: `Bearer ${SK}` }, body: '{}' });
    expect((await confirm()).status).toBe(200);
    expect((await confirm()).status).toBe(200);
    const rows = await rowsFor(receipt.id);
    // No SMS (notify was not ticked), one WeChat message.
    expect(rows).toMatchObject([{ channel: 'wechat', recipient: OPENID, templateId: 'tmpl-ci', status: 'queued' }]);
    await deliver([rows[0]!.id, rows[0]!.id], { env: wechatEnv, now: () => chinaTime(10) });
    expect(sent).toEqual([{ touser: OPENID, template_id: 'tmpl-ci', page: 'https://ginkgo.example.gov.cn/s',
      data: { character_string1: { value: receipt.reference }, phrase2: { value: '已确认' } } }]);
    expect(await rowsFor(receipt.id)).toMatchObject([{ status: 'sent', vendorMessageId: '42' }]);
  });

  it('refuses a proof of another number (the same 404 as an unknown reference) and a bad code, storing nothing', async () => {
    const s = submission();
    const receipt = await (await submit(s)).json<CheckInReceipt>();
    await expectError(await subscribe({ reference: receipt.reference, mobileProof: await proofFor('13912345678'), code: 'CODE-1', subscribeDetails: details }), 404, 'not_found');
    await expectError(await subscribe({ reference: 'GK-00000000', mobileProof: await proofFor(s.mobile), code: 'CODE-1', subscribeDetails: details }), 404, 'not_found');
    await expectError(await subscribe({ reference: receipt.reference, mobileProof: await proofFor(s.mobile), code: 'WRONG', subscribeDetails: details }), 400, 'validation_failed');
    await expectError(await subscribe({ reference: receipt.reference, mobileProof: await proofFor(s.mobile), code: 'CODE-1', subscribeDetails: 'not json' }), 400, 'validation_failed');
    await request(`/v1/check-ins/${receipt.id}/confirm`, { method: 'POST', headers: { Authorization: `Bearer ${SK}` }, body: '{}' });
    expect(await rowsFor(receipt.id)).toEqual([]);
  });

  it('is off, answering 404, when WeChat is not configured', async () => {
    const res = await app.request(`/v1/wechat/js-config?key=${PK}&url=${encodeURIComponent('http://localhost:5173/s')}`, {}, bindings());
    await expectError(res, 404, 'not_found');
  });
});

describe('wx.config', () => {
  it('signs a page of an allowed origin, with wx-open-subscribe open, and refuses another origin', async () => {
    const res = await request(`/v1/wechat/js-config?key=${PK}&url=${encodeURIComponent('http://localhost:5173/s?ref=GK-1')}`);
    expect(res.status).toBe(200);
    const config = await res.json<WechatJsConfig>();
    expect(config).toMatchObject({ appId: 'wx-test-app', openTagList: ['wx-open-subscribe'], jsApiList: [], templates: { checkIn: 'tmpl-ci', request: 'tmpl-sr' } });
    expect(config.signature).toMatch(/^[0-9a-f]{40}$/);
    await expectError(await request(`/v1/wechat/js-config?key=${PK}&url=${encodeURIComponent('https://evil.example/s')}`), 400, 'validation_failed');
  });
});
