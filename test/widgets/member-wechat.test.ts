// 我的报到 inside WeChat, in Chromium with WeChat's user agent, against a worker of its own whose
// WeChat settings point at the local WeChat fake (test/node/wechat-fake.ts). WeChat's two hosts
// are played by the browser's routes: open.weixin.qq.com's OAuth page answers with a code the fake
// issued, and res.wx.qq.com serves a fake JS-SDK (support/jweixin-fake.js). The member proves the
// check-in's mobile by SMS, taps the open tag, and the confirmation reaches that openid once.
// Outside WeChat, or with WeChat off, none of it loads and no WeChat host is asked anything.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../scripts/local-server.ts';
import { Ginkgo } from '../../sdk/src/index.ts';
import { startWechatFake, type WechatFake } from '../node/wechat-fake.ts';
import { freePort } from '../support/global-setup.ts';
import { startRecordingProxy } from '../support/recording-proxy.ts';
import { outboxLines } from '../support/sms-outbox.ts';
import { axeViolations, launchChromium, screenshot } from './support/browser.ts';
import { checkIn, freshMobile, visitor } from './support/check-in.ts';

const WECHAT_UA = 'Mozilla/5.0 (Linux; Android 13; V2219A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 '
  + 'Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';
const JWEIXIN = 'https://res.wx.qq.com/open/js/jweixin-1.6.0.js';
const TEMPLATES = { checkIn: 'tmpl-check-in-decided-01', request: 'tmpl-request-resolved-01' };
const phone = { viewport: { width: 360, height: 780 } };
const poll = <T>(read: () => Promise<T>, timeout = 10_000) => expect.poll(read, { timeout });
const text = async (locator: { textContent(): Promise<string | null> }) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ');

let fake: WechatFake;
let server: LocalServer;
let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
let persistTo: string;
let log: string;
let browser: Browser;
beforeAll(async () => {
  fake = await startWechatFake();
  fake.templates[TEMPLATES.checkIn] = ['character_string1', 'phrase2'];
  fake.templates[TEMPLATES.request] = ['character_string1', 'phrase2'];
  persistTo = mkdtempSync(join(tmpdir(), 'ginkgo-wechat-'));
  log = join(persistTo, 'wrangler-dev.log');
  server = await startLocalServer({
    port: await freePort(), persistTo, logFile: log, vars: {
      NOTIFY_QUIET_HOURS: 'off', WECHAT_APP_ID: fake.appId, WECHAT_APP_SECRET: fake.appSecret, WECHAT_API_ENDPOINT: fake.url,
      WECHAT_TEMPLATE_CHECK_IN: TEMPLATES.checkIn, WECHAT_TEMPLATE_REQUEST: TEMPLATES.request,
    },
  });
  // Its answers checked against the OpenAPI document too, as the suite's server's are.
  proxy = await startRecordingProxy(server.url);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  const report = await proxy?.stop();
  await server?.stop();
  await fake?.close();
  rmSync(persistTo, { recursive: true, force: true });
  expect(report?.failures ?? []).toEqual([]);
});

/** A phone inside WeChat whose WeChat hosts are the test's: OAuth answers with a code for `openid`; every request to a WeChat host is listed. */
async function wechatPhone(openid: string): Promise<{ context: BrowserContext; wxRequests: string[]; codes: string[] }> {
  const context = await browser.newContext({ locale: 'zh-CN', ...phone, ...visitor(), userAgent: WECHAT_UA });
  const wxRequests: string[] = [];
  const codes: string[] = [];
  context.on('request', (r) => { if (/^https:\/\/[^/]*\.qq\.com\//.test(r.url())) wxRequests.push(r.url()); });
  await context.route('https://open.weixin.qq.com/**', async (route) => {
    const url = new URL(route.request().url());
    const q = url.searchParams;
    if (url.pathname !== '/connect/oauth2/authorize' || q.get('appid') !== fake.appId || q.get('scope') !== 'snsapi_base'
      || q.get('response_type') !== 'code' || !q.get('state')) return route.fulfill({ status: 400, body: 'not an authorize request' });
    const code = `CODE${codes.length}${Math.random().toString(36).slice(2, 12)}`;
    codes.push(code);
    fake.codes.set(code, openid);
    const back = new URL(q.get('redirect_uri')!);
    back.searchParams.set('code', code);
    back.searchParams.set('state', q.get('state')!);
    return route.fulfill({ status: 302, headers: { location: back.href } });
  });
  const jweixin = readFileSync(new URL('./support/jweixin-fake.js', import.meta.url), 'utf8');
  await context.route(JWEIXIN, (route) => route.fulfill({ contentType: 'text/javascript', body: jweixin }));
  // A tap on the open tag: WeChat now holds one accepted subscription per template for this openid.
  await context.exposeBinding('__wxAccept', (_source, ids: string[]) => {
    for (const id of ids) fake.subscriptions.set(`${openid} ${id}`, (fake.subscriptions.get(`${openid} ${id}`) ?? 0) + 1);
  });
  return { context, wxRequests, codes };
}

const smsCode = async (mobile: string, after: number) => {
  let code = '';
  await poll(async () => { code = (await outboxLines(log)).filter((l) => l.to === mobile && l.at >= after).at(-1)?.params.code ?? ''; return code; }).not.toBe('');
  return code;
};

it('subscribes a check-in to WeChat from 我的报到 after the member proves its mobile, and the confirmation reaches that openid once', async () => {
  const staff = new Ginkgo({ key: 'sk_test_pizhou_admin', baseUrl: proxy.url });
  const mobile = freshMobile();
  const form = await staff.checkIns.form();
  const sent = await staff.checkIns.create({
    branchId: 'br_cz_lingjiatang', name: '微信党员', mobile, homeUnitId: 'hu_gangshang_bei', currentCity: '常州市武进区', category: 'worker',
    consent: { version: form.consent.version, granted: true },
  });
  const openid = `oWx${Math.random().toString(36).slice(2).padEnd(24, 'x')}`;
  const { context, wxRequests, codes } = await wechatPhone(openid);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  // In through WeChat's OAuth and back, the page's own query kept; wx.config signed for the page as it now is.
  await page.goto(`${proxy.url}/status?k=pk_test_pizhou`);
  await page.waitForFunction(() => 'wx' in window && '__wxConfig' in window);
  const url = new URL(page.url());
  expect([url.searchParams.get('k'), url.searchParams.get('code')]).toEqual(['pk_test_pizhou', codes[0]]);
  const config = await page.evaluate(() => (window as unknown as { __wxConfig: { appId: string; nonceStr: string; timestamp: number; url: string; signature: string; openTagList: string[] } }).__wxConfig);
  expect(config).toMatchObject({ appId: fake.appId, url: page.url().split('#')[0], openTagList: ['wx-open-subscribe'] });
  expect(fake.signatureValid(config)).toBe(true);

  // The member finds the check-in by reference and last four digits; this phone remembers it. A reload goes round OAuth again (a code works once).
  const view = checkIn(page).locator('[part="status-view"]');
  await view.getByLabel('报到编号').fill(sent.reference);
  await view.getByLabel('手机号后四位').fill(mobile.slice(-4));
  await view.getByRole('button', { name: '查询', exact: true }).click();
  await poll(() => text(view.locator('[part="lookup-result"]'))).toContain('待党支部确认');
  await page.reload();
  await page.waitForFunction(() => '__wxConfig' in window);
  expect(new URL(page.url()).searchParams.get('code')).toBe(codes[1]);
  const item = checkIn(page).locator('[part="remembered-item"]').filter({ hasText: sent.reference });
  await item.locator('[part="wechat-button"]').click();

  // The full mobile, proved by SMS: another number is refused; the check-in's opens the subscription.
  const other = freshMobile();
  let asked = Date.now() - 1000;
  await item.getByLabel('手机号', { exact: true }).fill(other);
  await item.locator('[part="code-send-button"]').click();
  await item.getByLabel('短信验证码').fill(await smsCode(other, asked));
  await poll(() => text(item.locator('#wechat-error'))).toContain('这个手机号与报到时填写的不一致');
  await screenshot(page, 'member-wechat-mismatch-360');
  asked = Date.now() - 1000;
  await item.getByLabel('手机号', { exact: true }).fill(mobile);
  await item.locator('[part="code-send-button"]').click();
  await item.getByLabel('短信验证码').fill(await smsCode(mobile, asked));
  const tag = page.locator(`ginkgo-check-in > wx-open-subscribe[slot="wechat-${sent.reference}"]`);
  await tag.locator('button').waitFor();
  // In the form's light DOM, drawn inside the item through its slot, for our check-in template.
  expect(await tag.evaluate((el) => [el.getAttribute('template'), !!el.assignedSlot, el.getRootNode() === document]))
    .toEqual([TEMPLATES.checkIn, true, true]);
  expect(await axeViolations(page, 'ginkgo-check-in')).toEqual([]);
  await screenshot(page, 'member-wechat-360');

  // The member took longer than the code's 5 minutes: WeChat refuses it, so the page takes a new
  // one and sends the subscription with it.
  fake.codes.clear();
  // Minutes later in life; here seconds, so from another address, or this flow's eleventh lookup in a
  // minute would meet the per-address limit of 10 that lookups and js-config share.
  await page.setExtraHTTPHeaders(visitor().extraHTTPHeaders);
  await tag.locator('button').click();
  await page.waitForURL((u) => u.searchParams.get('code') === codes[2]);
  await poll(() => text(page.locator('ginkgo-check-in + .wechat-note'))).toBe('微信通知已订阅。');
  await screenshot(page, 'member-wechat-subscribed-360');

  // Staff confirm it: one subscription message to that openid, naming the reference, and no second.
  await staff.checkIns.confirm(sent.id);
  await poll(() => Promise.resolve(fake.sent.filter((m) => m.touser === openid).length), 15_000).toBe(1);
  await new Promise((r) => setTimeout(r, 2000));
  const toMember = fake.sent.filter((m) => m.touser === openid);
  expect(toMember).toHaveLength(1);
  expect(toMember[0]).toMatchObject({ template_id: TEMPLATES.checkIn, data: { character_string1: { value: sent.reference } } });
  // WeChat hosts: the three OAuth rounds (the first visit, the reload, the expired code) and the SDK, nothing else.
  const authorize = 'https://open.weixin.qq.com/connect/oauth2/authorize';
  expect(wxRequests.map((u) => u.replace(/\?.*/, ''))).toEqual([authorize, JWEIXIN, authorize, JWEIXIN, authorize, JWEIXIN]);
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);

it('signs a page through the SDK, with the templates for the open tag', async () => {
  const member = new Ginkgo({ key: 'pk_test_pizhou', baseUrl: proxy.url });
  const url = `${proxy.url}/status?k=pk_test_pizhou&code=CODE&state=STATE`;
  const config = await member.wechat.jsConfig(`${url}#wechat_redirect`);
  expect(config).toMatchObject({ appId: fake.appId, jsApiList: [], openTagList: ['wx-open-subscribe'], templates: TEMPLATES });
  // Signed without the fragment, as WeChat checks it.
  expect(fake.signatureValid({ ...config, url })).toBe(true);
});

it('loads nothing of WeChat outside its browser, though WeChat is on', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', ...phone, ...visitor() });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${proxy.url}/status?k=pk_test_pizhou`);
  await poll(() => text(checkIn(page).locator('[part="status-view"]'))).toContain('这台手机上还没有报到记录');
  await page.waitForLoadState('networkidle');
  expect(requests.filter((u) => /qq\.com|status-wechat|wechat/.test(u))).toEqual([]);
  expect(await page.evaluate(() => document.querySelector('ginkgo-check-in')!.wechat)).toBe(false);
  await context.close();
});

it('inside WeChat with WeChat off (the suite\'s server), asks the API once and nothing of WeChat\'s', async () => {
  const apiUrl = inject('apiUrl');
  const context = await browser.newContext({ locale: 'zh-CN', ...phone, ...visitor(), userAgent: WECHAT_UA });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const answered = page.waitForResponse((r) => r.url().includes('/v1/wechat/js-config'));
  await page.goto(`${apiUrl}/status?k=pk_test_pizhou`);
  expect((await answered).status()).toBe(404);
  await poll(() => text(checkIn(page).locator('[part="status-view"]'))).toContain('这台手机上还没有报到记录');
  // Time for anything the answer would have started (a redirect, the SDK).
  await page.waitForTimeout(1000);
  expect(page.url()).toBe(`${apiUrl}/status?k=pk_test_pizhou`);
  expect(requests.filter((u) => /qq\.com/.test(u))).toEqual([]);
  await context.close();
});
