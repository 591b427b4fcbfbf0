// The WeChat adapter (worker/src/notify/wechat.ts) against a local fake of WeChat's API.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsapiSignature, wechatClientFor } from '../../worker/src/notify/wechat.ts';
import { wechatData } from '../../worker/src/notify/templates.ts';
import type { AppEnv } from '../../worker/src/env.ts';
import { startWechatFake, type WechatFake } from './wechat-fake.ts';

const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
const TEMPLATE = 'tmpl-check-in-result-0001';
let fake: WechatFake;
beforeEach(async () => {
  fake = await startWechatFake();
  fake.templates[TEMPLATE] = ['character_string1', 'phrase2'];
});
afterEach(() => fake.close());

const client = (over: Partial<AppEnv['Bindings']> = {}) => wechatClientFor({
  WECHAT_APP_ID: fake.appId, WECHAT_APP_SECRET: fake.appSecret, WECHAT_API_ENDPOINT: fake.url, ...over,
} as AppEnv['Bindings'])!;
const message = { openid: OPENID, templateId: TEMPLATE, data: wechatData({ reference: 'GK-7Q4M2X9P', status: 'confirmed' }), page: 'https://ginkgo.example.gov.cn/s' };

describe('WeChat subscription messages', () => {
  it('sends one message per accepted subscription, with the token, openid, template and data WeChat checks', async () => {
    fake.subscriptions.set(`${OPENID} ${TEMPLATE}`, 1);
    const wechat = client();
    expect(await wechat.sendSubscription(message)).toEqual({ ok: true, providerMessageId: '3000000001' });
    expect(fake.sent).toEqual([{ touser: OPENID, template_id: TEMPLATE, page: message.page,
      data: { character_string1: { value: 'GK-7Q4M2X9P' }, phrase2: { value: '已确认' } } }]);
    // The subscription is spent: WeChat refuses a second message, for good.
    expect(await wechat.sendSubscription(message)).toMatchObject({ ok: false, reason: 'rejected', vendorCode: '43101' });
    expect(fake.tokenCalls).toHaveLength(1); // the token is reused
  });

  it('takes a fresh token once when WeChat says the one it has is invalid', async () => {
    fake.subscriptions.set(`${OPENID} ${TEMPLATE}`, 2);
    const wechat = client();
    expect(await wechat.sendSubscription(message)).toMatchObject({ ok: true });
    fake.expireTokens();
    expect(await wechat.sendSubscription(message)).toMatchObject({ ok: true });
    expect(fake.tokenCalls).toEqual([{ force_refresh: false }, { force_refresh: true }]);
    expect(fake.sent).toHaveLength(2);
  });

  it('refuses a wrong secret, an unknown template, and data not in the template\'s shape', async () => {
    fake.subscriptions.set(`${OPENID} ${TEMPLATE}`, 5);
    expect(await client({ WECHAT_APP_SECRET: 'wrong' }).sendSubscription(message)).toMatchObject({ ok: false, reason: 'rejected', vendorCode: '40125' });
    expect(await client().sendSubscription({ ...message, templateId: 'unknown' })).toMatchObject({ ok: false, reason: 'rejected', vendorCode: '40037' });
    expect(await client().sendSubscription({ ...message, data: { thing1: { value: 'x' } } })).toMatchObject({ ok: false, reason: 'rejected', vendorCode: '47003' });
    expect(fake.sent).toEqual([]);
  });

  it('is off (null) without an app id or secret: nothing pretends to send', () => {
    expect(wechatClientFor({ WECHAT_APP_ID: 'wx1' } as AppEnv['Bindings'])).toBeNull();
    expect(wechatClientFor({ WECHAT_APP_SECRET: 's' } as AppEnv['Bindings'])).toBeNull();
  });
});

describe('OAuth and wx.config', () => {
  it('exchanges a snsapi_base code for the openid, once', async () => {
    fake.codes.set('CODE-1', OPENID);
    expect(await client().openidFor('CODE-1')).toEqual({ ok: true, openid: OPENID });
    expect(await client().openidFor('CODE-1')).toMatchObject({ ok: false, vendorCode: '40029' });
  });

  it("signs as WeChat's JS-SDK appendix 1 does (its worked example)", async () => {
    expect(await jsapiSignature({
      ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
      nonceStr: 'Wm3WZYTPz0wzccnW', timestamp: 1414587457, url: 'http://mp.weixin.qq.com?params=value',
    })).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
    const signed = await client().jsConfig('https://ginkgo.example.gov.cn/s?ref=1#top', 1414587457000);
    if (!signed.ok) throw new Error(JSON.stringify(signed));
    expect(signed.config).toMatchObject({ appId: fake.appId, timestamp: 1414587457 });
    expect(signed.config.signature).toBe(await jsapiSignature({
      ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
      nonceStr: signed.config.nonceStr, timestamp: 1414587457, url: 'https://ginkgo.example.gov.cn/s?ref=1',
    }));
  });
});
