// 我的报到 inside WeChat: loaded by check-in.js on /status only, and only in WeChat's browser, so
// no other page or browser ever talks to a WeChat host. If the API says WeChat is on (js-config
// answers; 404 when it is off), the page takes an snsapi_base OAuth code (a redirect through
// open.weixin.qq.com, keeping the page's own query), loads jweixin and calls wx.config with
// wx-open-subscribe. The form then offers, for what still waits, to prove the mobile; with the
// proof (ginkgo-wechat-proof) this script slots a wx-open-subscribe into the form's light DOM
// (WeChat's open tags work in no shadow root), and on its success event records the subscription.
// A module, for a scope apart from check-in.js.
const JWEIXIN = 'https://res.wx.qq.com/open/js/jweixin-1.6.0.js';
/** The OAuth state this tab sent (a code that comes back without it is not ours: a link with someone else's code). */
const STATE = 'ginkgo-wechat-state';
/** A subscription whose code had expired (5 minutes) or was spent: sent again with the next code. */
const PENDING = 'ginkgo-wechat-pending';

const copy = {
  'zh-CN': {
    subscribe: '订阅微信通知', done: '已订阅：有结果时微信会通知你一次。', declined: '没有订阅（未允许通知）。',
    failed: '订阅没有成功，请稍后再试。', pendingDone: '微信通知已订阅。',
  },
  en: {
    subscribe: 'Subscribe in WeChat', done: 'Subscribed: WeChat tells you once when there is an outcome.',
    declined: 'Not subscribed (the notification was not allowed).', failed: 'The subscription did not go through; please try again later.',
    pendingDone: 'WeChat notification subscribed.',
  },
};

const params = new URLSearchParams(location.search);
const t = copy[params.get('lang') === 'en' ? 'en' : 'zh-CN'];
const key = params.get('k') ?? '';
const form = document.querySelector('ginkgo-check-in');
let code = '';
let appId = '';
let templates = { checkIn: '', request: '' };

const api = (path, init) => fetch(`/v1${path}${path.includes('?') ? '&' : '?'}key=${encodeURIComponent(key)}`, init);

/** To WeChat and back with a code: the page's address without an earlier code and state. */
function authorize(app) {
  const back = new URL(location.href);
  back.hash = '';
  back.searchParams.delete('code');
  back.searchParams.delete('state');
  const state = crypto.randomUUID().replaceAll('-', '');
  sessionStorage.setItem(STATE, state);
  // WeChat reads the parameters in this order.
  const query = new URLSearchParams({ appid: app, redirect_uri: back.href, response_type: 'code', scope: 'snsapi_base', state });
  location.replace(`https://open.weixin.qq.com/connect/oauth2/authorize?${query}#wechat_redirect`);
}

function loadJweixin() {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = JWEIXIN;
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });
}

function note(slot, text) {
  const p = document.createElement('p');
  p.className = 'wechat-note';
  p.setAttribute('role', 'status');
  if (slot) p.slot = slot;
  p.textContent = text;
  return p;
}

/** Records an accepted subscription; `false` when the code no longer works (a fresh one is fetched, and this is sent with it). */
async function record(subscription) {
  const res = await api('/wechat/subscriptions', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...subscription, code }),
  }).catch(() => null);
  if (res?.ok) return (await res.json()).subscribed.length ? t.done : t.declined;
  const body = res && await res.json().catch(() => null);
  if (res?.status === 400 && body?.error?.details?.some((d) => d.path === 'code')) return false;
  return t.failed;
}

/** The open tag for one reference, in the form's `wechat-<reference>` slot; WeChat draws its template. */
function subscribeTag(reference, mobileProof) {
  const slot = `wechat-${reference}`;
  const tag = document.createElement('wx-open-subscribe');
  tag.slot = slot;
  tag.setAttribute('template', reference.startsWith('SR-') ? templates.request : templates.checkIn);
  // Its content is WeChat's, drawn apart from the page: the styles go inside the template (the
  // page's accent, white text at 6.5:1).
  const template = document.createElement('script');
  template.type = 'text/wxtag-template';
  template.textContent = '<style>.b{display:block;width:100%;min-height:44px;padding:8px 16px;border:0;border-radius:999px;'
    + `background:#b3261e;color:#fff;font-size:16px}</style><button class="b">${t.subscribe}</button>`;
  tag.append(template);
  tag.addEventListener('success', async (event) => {
    const subscription = { reference, mobileProof, subscribeDetails: event.detail.subscribeDetails };
    const said = await record(subscription);
    if (said === false) {
      sessionStorage.setItem(PENDING, JSON.stringify(subscription));
      return authorize(appId);
    }
    tag.replaceWith(note(slot, said));
  });
  tag.addEventListener('error', () => tag.after(note(slot, t.failed)));
  return tag;
}

async function start() {
  const res = await api(`/wechat/js-config?url=${encodeURIComponent(location.href.split('#')[0])}`).catch(() => null);
  if (!res?.ok) return; // WeChat is off (404) or out of reach: the page stays as it is.
  const config = await res.json();
  const state = sessionStorage.getItem(STATE);
  // Each load takes a code of its own (a code works once, for 5 minutes): a reload goes round again.
  if (!params.get('code') || !state || params.get('state') !== state) return authorize(config.appId);
  sessionStorage.removeItem(STATE);
  code = params.get('code');
  templates = config.templates;
  appId = config.appId;
  await loadJweixin();
  const { timestamp, nonceStr, signature, jsApiList, openTagList } = config;
  wx.config({ debug: false, appId, timestamp, nonceStr, signature, jsApiList, openTagList });
  wx.ready(async () => {
    form.wechat = true;
    const pending = sessionStorage.getItem(PENDING);
    if (!pending) return;
    sessionStorage.removeItem(PENDING);
    const said = await record(JSON.parse(pending));
    form.after(note('', said === false ? t.failed : said === t.done ? t.pendingDone : said));
  });
}

document.addEventListener('ginkgo-wechat-proof', (event) => {
  for (const reference of event.detail.references) {
    form.querySelector(`[slot="wechat-${reference}"]`)?.remove();
    form.append(subscribeTag(reference, event.detail.mobileProof));
  }
});

if (form && key) void start();
