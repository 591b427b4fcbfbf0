// WeChat Official Account (服务号) API: the stable access token (`cgi-bin/stable_token`), one-time
// subscription messages (`cgi-bin/message/subscribe/bizsend`), the web OAuth code → openid
// exchange (`sns/oauth2/access_token`, snsapi_base) and the JS-SDK ticket (`cgi-bin/ticket/getticket`)
// for `wx.config`. WeChat answers errors as 200 with `errcode`/`errmsg`. Reports no reads.
import { sha1Hex } from '../lib/crypto.ts';
import { callVendor, jsonObject, str } from '../sms/http.ts';
import type { SmsOutcome } from '../sms/index.ts';
import type { AppEnv } from '../env.ts';

export const WECHAT_DEFAULT_ENDPOINT = 'https://api.weixin.qq.com';

export type WechatConfig = { appId: string; appSecret: string; endpoint: string; fetch: typeof fetch };
export type WechatClient = ReturnType<typeof wechatClient>;

/** errcode → our reason: token and system errors may pass, a refused subscription or bad data will not. */
export function wechatReason(code: number): 'throttled' | 'rejected' | 'unavailable' {
  if (code === -1 || code === 40001 || code === 42001 || code === 40014) return 'unavailable';
  if (code === 45009 || code === 45011 || code === 45047) return 'throttled';
  return 'rejected'; // 43101 no (or a spent) subscription, 40003 openid, 40037 template, 47003 data…
}

/** The client `env` configures, or null when any setting is missing: WeChat is then off. */
export function wechatClientFor(env: AppEnv['Bindings'], fetcher?: typeof fetch): WechatClient | null {
  const appId = env.WECHAT_APP_ID?.trim();
  const appSecret = env.WECHAT_APP_SECRET?.trim();
  if (!appId || !appSecret) return null;
  return wechatClient({
    appId, appSecret, endpoint: env.WECHAT_API_ENDPOINT?.trim() || WECHAT_DEFAULT_ENDPOINT,
    fetch: fetcher ?? ((input, init) => fetch(input, init)),
  });
}

/** Tokens and tickets live 2 h; kept per isolate, and refreshed a few minutes early. */
const cache = new Map<string, { value: string; until: number }>();

export function wechatClient(c: WechatConfig) {
  const base = new URL(c.endpoint).origin;
  const call = async (path: string, init: RequestInit = {}) => {
    const answer = await callVendor(c.fetch, `${base}${path}`, init);
    if (!answer.ok) return { ok: false as const, reason: 'unavailable' as const, message: answer.message };
    const body = jsonObject(answer.text);
    const code = typeof body?.errcode === 'number' ? body.errcode : 0;
    if (!body || answer.status >= 500) return { ok: false as const, reason: 'unavailable' as const, message: `HTTP ${answer.status}` };
    if (code !== 0) return { ok: false as const, reason: wechatReason(code), vendorCode: String(code), message: str(body.errmsg) };
    return { ok: true as const, body };
  };
  const cached = async (key: string, get: () => Promise<{ value: string; expiresIn: number } | SmsOutcome & { ok: false }>) => {
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return { ok: true as const, value: hit.value };
    const got = await get();
    if ('ok' in got) return got;
    cache.set(key, { value: got.value, until: Date.now() + Math.max(0, got.expiresIn - 300) * 1000 });
    return { ok: true as const, value: got.value };
  };
  const token = (forceRefresh = false) => {
    if (forceRefresh) cache.delete(`token:${base}:${c.appId}`);
    return cached(`token:${base}:${c.appId}`, async () => {
      const r = await call('/cgi-bin/stable_token', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credential', appid: c.appId, secret: c.appSecret, force_refresh: forceRefresh }),
      });
      if (!r.ok) return r;
      const value = str(r.body.access_token);
      return value ? { value, expiresIn: Number(r.body.expires_in) || 7200 } : { ok: false, reason: 'unavailable', message: 'no access_token' };
    });
  };
  return {
    /** One subscription message; `page` is where tapping it leads (a link is fine here, unlike an SMS). */
    async sendSubscription(m: { openid: string; templateId: string; data: Record<string, { value: string }>; page?: string | undefined }): Promise<SmsOutcome> {
      for (let attempt = 1; ; attempt++) {
        const t = await token(attempt > 1);
        if (!t.ok) return t;
        const r = await call(`/cgi-bin/message/subscribe/bizsend?access_token=${encodeURIComponent(t.value)}`, {
          method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ touser: m.openid, template_id: m.templateId, ...(m.page ? { page: m.page } : {}), data: m.data }),
        });
        // An expired or revoked token: once more with a fresh one.
        if (!r.ok && attempt === 1 && (r.vendorCode === '40001' || r.vendorCode === '42001')) continue;
        if (!r.ok) return r;
        const msgid = r.body.msgid;
        return { ok: true, providerMessageId: msgid === undefined ? null : String(msgid) };
      }
    },
    /** snsapi_base: the OAuth `code` from the redirect → the member's openid for this app. */
    async openidFor(code: string): Promise<{ ok: true; openid: string } | (SmsOutcome & { ok: false })> {
      const q = new URLSearchParams({ appid: c.appId, secret: c.appSecret, code, grant_type: 'authorization_code' });
      const r = await call(`/sns/oauth2/access_token?${q}`);
      if (!r.ok) return r;
      const openid = str(r.body.openid);
      return openid ? { ok: true, openid } : { ok: false, reason: 'rejected', message: 'no openid' };
    },
    /** `wx.config`'s signature for a page: sha1 over jsapi_ticket, noncestr, timestamp and url, in that order. */
    async jsConfig(url: string, now = Date.now()): Promise<{ ok: true; config: { appId: string; timestamp: number; nonceStr: string; signature: string } } | (SmsOutcome & { ok: false })> {
      const ticket = await cached(`ticket:${base}:${c.appId}`, async () => {
        const t = await token();
        if (!t.ok) return t;
        const r = await call(`/cgi-bin/ticket/getticket?access_token=${encodeURIComponent(t.value)}&type=jsapi`);
        if (!r.ok) return r;
        const value = str(r.body.ticket);
        return value ? { value, expiresIn: Number(r.body.expires_in) || 7200 } : { ok: false, reason: 'unavailable', message: 'no ticket' };
      });
      if (!ticket.ok) return ticket;
      const timestamp = Math.floor(now / 1000);
      const nonceStr = crypto.randomUUID().replaceAll('-', '').slice(0, 16);
      const signature = await jsapiSignature({ ticket: ticket.value, nonceStr, timestamp, url });
      return { ok: true, config: { appId: c.appId, timestamp, nonceStr, signature } };
    },
  };
}

/** WeChat JS-SDK 附录1: sha1 of `jsapi_ticket=…&noncestr=…&timestamp=…&url=…` (the url without its #fragment). */
export const jsapiSignature = (o: { ticket: string; nonceStr: string; timestamp: number; url: string }): Promise<string> =>
  sha1Hex(`jsapi_ticket=${o.ticket}&noncestr=${o.nonceStr}&timestamp=${o.timestamp}&url=${o.url.split('#')[0]}`);
