// A local stand-in for the WeChat Official Account API (node:http on 127.0.0.1), written from
// WeChat's docs, sharing no code with worker/src/notify/wechat.ts. It checks what WeChat checks:
// the app secret, the access token, the openid, the template id, the `data` shape (each keyword
// of the template, each `{value}`), and one message per accepted subscription; errors come back
// as HTTP 200 with `errcode`/`errmsg`, as WeChat's do.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type WechatFake = {
  url: string; appId: string; appSecret: string;
  /** Template id → its keywords. */
  templates: Record<string, string[]>;
  /** OAuth codes not yet used → openid. */
  codes: Map<string, string>;
  /** `openid template` → accepted subscriptions not yet spent. */
  subscriptions: Map<string, number>;
  sent: { touser: string; template_id: string; page?: string; data: Record<string, { value: string }> }[];
  tokenCalls: { force_refresh?: boolean }[];
  /** Whether `wx.config` got a signature WeChat accepts for that page: sha1 over the ticket, nonce, time and URL. */
  signatureValid(config: { nonceStr: string; timestamp: number; url: string; signature: string }): boolean;
  /** Makes every token issued so far invalid (as a token expires, or another server refreshed it by force). */
  expireTokens(): void;
  close(): Promise<void>;
};

const TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';

export async function startWechatFake(appId = 'wx1234567890abcdef', appSecret = 'test-wechat-secret-0001'): Promise<WechatFake> {
  let server: Server;
  let tokens = new Set<string>();
  let n = 0;
  const fake: WechatFake = {
    url: '', appId, appSecret, templates: {}, codes: new Map(), subscriptions: new Map(), sent: [], tokenCalls: [],
    expireTokens: () => { tokens = new Set(); },
    signatureValid: (c) => c.signature === createHash('sha1')
      .update(`jsapi_ticket=${TICKET}&noncestr=${c.nonceStr}&timestamp=${c.timestamp}&url=${c.url.split('#')[0]}`).digest('hex'),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  const err = (errcode: number, errmsg: string) => ({ errcode, errmsg });
  const handle = (req: IncomingMessage, raw: string): unknown => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = (() => { try { return JSON.parse(raw) as Record<string, unknown>; } catch { return undefined; } })();
    if (url.pathname === '/cgi-bin/stable_token' && req.method === 'POST') {
      if (!body || body.grant_type !== 'client_credential') return err(40002, 'invalid grant_type');
      if (body.appid !== appId) return err(40013, 'invalid appid');
      if (body.secret !== appSecret) return err(40125, 'invalid appsecret');
      fake.tokenCalls.push({ force_refresh: body.force_refresh as boolean | undefined });
      const token = `ACCESS_TOKEN_${++n}`;
      tokens.add(token);
      return { access_token: token, expires_in: 7200 };
    }
    const tokenOk = tokens.has(url.searchParams.get('access_token') ?? '');
    if (url.pathname === '/cgi-bin/message/subscribe/bizsend' && req.method === 'POST') {
      if (!tokenOk) return err(40001, 'invalid credential, access_token is invalid or not latest');
      if (!body || typeof body.touser !== 'string' || !/^o[\w-]{20,}$/.test(body.touser)) return err(40003, 'invalid openid');
      const keywords = fake.templates[body.template_id as string];
      if (!keywords) return err(40037, 'invalid template_id');
      const data = body.data as Record<string, unknown> | undefined;
      const shapeOk = data && typeof data === 'object' && Object.keys(data).length === keywords.length
        && keywords.every((k) => typeof (data[k] as { value?: unknown } | undefined)?.value === 'string');
      if (!shapeOk) return err(47003, 'argument invalid! data.value invalid');
      const key = `${body.touser} ${body.template_id as string}`;
      const left = fake.subscriptions.get(key) ?? 0;
      if (left < 1) return err(43101, 'user refuse to accept the msg');
      fake.subscriptions.set(key, left - 1);
      fake.sent.push(body as WechatFake['sent'][number]);
      return { errcode: 0, errmsg: 'ok', msgid: 3000000000 + fake.sent.length };
    }
    if (url.pathname === '/sns/oauth2/access_token' && req.method === 'GET') {
      const q = url.searchParams;
      if (q.get('appid') !== appId || q.get('secret') !== appSecret) return err(40125, 'invalid appsecret');
      if (q.get('grant_type') !== 'authorization_code') return err(40002, 'invalid grant_type');
      const openid = fake.codes.get(q.get('code') ?? '');
      if (!openid) return err(40029, 'invalid code');
      fake.codes.delete(q.get('code')!); // a code works once
      return { access_token: 'WEB_TOKEN', expires_in: 7200, refresh_token: 'R', openid, scope: 'snsapi_base' };
    }
    if (url.pathname === '/cgi-bin/ticket/getticket' && req.method === 'GET') {
      if (!tokenOk) return err(40001, 'invalid credential');
      if (url.searchParams.get('type') !== 'jsapi') return err(40097, 'invalid args');
      return { errcode: 0, errmsg: 'ok', ticket: TICKET, expires_in: 7200 };
    }
    return err(-1, 'system error');
  };
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(handle(req, Buffer.concat(chunks).toString('utf8'))));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
