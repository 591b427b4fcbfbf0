// Static files come from Workers static assets, which only `wrangler dev` (not the test pool) serves.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { finder, launchChromium } from '../widgets/support/browser.ts';

const url = (path: string) => `${inject('apiUrl')}${path}`;

it('serves /widgets.js for any origin to load, with safe headers', async () => {
  const res = await fetch(url('/widgets.js'));
  expect(res.status).toBe(200);
  expect(res.headers.get('Content-Type')).toMatch(/javascript/);
  expect(res.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
  expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
  expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
});

it('serves the demo portal with all three widgets', async () => {
  const res = await fetch(url('/'));
  expect(res.status).toBe(200);
  const page = await res.text();
  for (const tag of ['<ginkgo-branch-finder', '<ginkgo-check-in', '<ginkgo-station-directory']) expect(page).toContain(tag);
  expect(res.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
});

/** The directive's sources, e.g. `script-src` of `default-src 'self'; script-src 'self'`. */
const directive = (csp: string, name: string) => csp.split(';').map((d) => d.trim().split(/\s+/)).find(([n]) => n === name)?.slice(1);

describe('the pages (/, /check-in, /status, /my-data, /letter, /privacy.html)', () => {
  const pages = [
    '/', '/index.html', '/check-in', '/check-in?k=pk_test_pizhou&b=br_cz_lingjiatang', '/status?k=pk_test_pizhou', '/my-data?k=pk_test_pizhou', '/letter?k=pk_test_pizhou', '/privacy.html',
  ];

  it.each(pages)('%s: scripts from this origin only, none inline; no framing', async (path) => {
    const res = await fetch(url(path));
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/text\/html/);
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    // 我的报到 alone may load WeChat's JS-SDK (inside WeChat only: member-wechat.test.ts), and its report beacon.
    const status = path.startsWith('/status');
    expect(directive(csp, 'script-src')).toEqual(status ? ["'self'", 'https://res.wx.qq.com'] : ["'self'"]);
    expect(directive(csp, 'img-src')).toEqual(status ? ["'self'", 'data:', 'https://open.weixin.qq.com'] : ["'self'", 'data:']);
    expect(directive(csp, 'connect-src')).toEqual(["'self'"]);
    expect(directive(csp, 'default-src')).toEqual(["'self'"]);
    expect(directive(csp, 'object-src')).toEqual(["'none'"]);
    expect(directive(csp, 'base-uri')).toEqual(["'none'"]);
    expect(directive(csp, 'frame-ancestors')).toEqual(["'none'"]);
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    // Every <script> has a src: nothing inline, no inline event handlers.
    const html = await res.text();
    expect(html.match(/<script\b[^>]*>/g)?.filter((tag) => !/\ssrc=/.test(tag)) ?? []).toEqual([]);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('/s, the short address notification messages name, opens 我的报到 with the deployment\'s key', async () => {
    const res = await fetch(url('/s'), { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('Location')).toBe('/status?k=pk_test_pizhou');
  });

  it('/l and /l/<token>, the letter\'s addresses, open the letter page with the key, a token in the fragment only', async () => {
    const qr = await fetch(url('/l/ltr_0123456789abcdef0123.1767225600.abcdefghijklmnopqrstuv'), { redirect: 'manual' });
    expect(qr.headers.get('Location')).toBe('/letter?k=pk_test_pizhou#t=ltr_0123456789abcdef0123.1767225600.abcdefghijklmnopqrstuv');
    const sms = await fetch(url('/l?c=ABCDE-FGHJK'), { redirect: 'manual' });
    expect(sms.headers.get('Location')).toBe('/letter?k=pk_test_pizhou&c=ABCDE-FGHJK');
  });

  it('keep /widgets.js loadable from any origin', async () => {
    const res = await fetch(url('/widgets.js'));
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(res.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
  });

  it('work in Chromium under their CSP: the widgets render and talk to the API, nothing is blocked or sent elsewhere', async () => {
    const browser = await launchChromium();
    try {
      for (const [path, ready] of [
        ['/', (page: Page) => finder(page).locator('[part="city-select"] option').nth(1).waitFor({ state: 'attached' })],
        ['/check-in?k=pk_test_pizhou&s=st_changzhou', (page: Page) => page.locator('#nearby li').first().waitFor()],
        ['/privacy.html', (page: Page) => page.locator('h1').waitFor()],
        ['/my-data?k=pk_test_pizhou', (page: Page) => page.locator('#proof-mobile').waitFor()],
        ['/letter?k=pk_test_pizhou', (page: Page) => page.locator('#code').waitFor()],
      ] as const) {
        const context = await browser.newContext({ locale: 'zh-CN' });
        const page = await context.newPage();
        const elsewhere: string[] = [];
        const api: string[] = [];
        page.on('request', (request) => {
          const target = new URL(request.url());
          if (!/^https?:$/.test(target.protocol)) return;
          if (target.origin !== new URL(url('/')).origin) elsewhere.push(request.url());
          else if (target.pathname.startsWith('/v1/')) api.push(target.pathname);
        });
        await page.addInitScript(() => {
          const w = window as unknown as { violations: string[] };
          w.violations = [];
          document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
        });
        await page.goto(url(path));
        await ready(page);
        await page.waitForLoadState('networkidle');
        expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations), path).toEqual([]);
        expect(elsewhere, path).toEqual([]);
        if (!['/privacy.html', '/my-data?k=pk_test_pizhou', '/letter?k=pk_test_pizhou'].includes(path)) expect(api.length, path).toBeGreaterThan(0);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  }, 60_000);
});

it('serves the docs UI script from our own origin', async () => {
  const res = await fetch(url('/docs/scalar.js'));
  expect(res.status).toBe(200);
});
