// <ginkgo-check-in> on the demo portal, in real Chromium against the real worker: a full check-in
// in both languages at 360 px (the mobile verified by the SMS code the local outbox "sent", the
// service request a ticked need became, and its status as staff handle it), the code step and each
// of its answers, exactly once under double clicks and while offline (the proof kept with the
// saved submission), validation, axe.
//
// Each browser context is a visitor of its own address (see visitor()): the API sends at most 10
// codes an hour per address, and one a minute per number, so each test uses fresh numbers.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REFERENCE_PATTERN } from '../../schema/check-ins.ts';
import { SERVICE_REQUEST_REFERENCE_PATTERN } from '../../schema/service-requests.ts';
import { Ginkgo } from '../../sdk/src/index.ts';
import { axeViolations, finder, launchChromium, openPage, screenshot, statusSays } from './support/browser.ts';
import { servePartnerPages } from './support/partner-server.ts';
import {
  askForCode, checkIn, fillForm, freshMobile, LABELS, recordSuccessEvents, serverCheckIns, shootForm, successEvents, verifyMobile, visitor,
} from './support/check-in.ts';

const apiUrl = inject('apiUrl');
/** Network and rendering take their time on a loaded machine: wait up to 5 s, not vitest's 1 s. */
const poll = <T>(read: () => Promise<T>, timeout = 5_000) => expect.poll(read, { timeout });
const phone = { viewport: { width: 360, height: 780 } };
const LINGJIATANG = { id: 'br_cz_lingjiatang', zh: '凌家塘市场流动党员党支部', en: 'Lingjiatang Market Branch' };
/** Where Lingjiatang's needs go: the Changzhou station. */
const STATION = { zh: '邳州流动党员常州服务驿站', en: 'Pizhou Service Station, Changzhou' };
const SR_CODE = /SR-[0-9A-HJKMNP-TV-Z]{8}/;
/** The mobile verification chunk, whatever its content hash: requests are recorded by this name. */
const CHUNK = '/widgets/mobile-verification.js';
const requestPath = (url: string) => new URL(url).pathname.replace(/^\/widgets\/mobile-verification-[0-9a-f]{8}\.js$/, CHUNK);
/** The code's lifetime on the server (schema/mobile-verification.ts). */
const CODE_TTL_MS = 300_000;
const masked = (mobile: string) => `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
/** A six-digit code that is not `code`. */
const wrongFor = (code: string) => (code === '000000' ? '111111' : '000000');

let browser: Browser;
/** The expiry test's page: its code is asked for first thing, and typed once the code has expired (the last test). */
let expiring: { context: BrowserContext; page: Page; code: string; sentAt: number } | undefined;

beforeAll(async () => {
  browser = await launchChromium();
  const context = await browser.newContext({ locale: 'zh-CN', ...phone, ...visitor() });
  const page = await context.newPage();
  await page.goto(`${apiUrl}/`);
  const mobile = freshMobile();
  await checkIn(page).getByLabel(LABELS['zh-CN'].mobile, { exact: true }).fill(mobile);
  const sentAt = Date.now();
  expiring = { context, page, code: await askForCode(page, mobile), sentAt };
});
afterAll(async () => {
  await expiring?.context.close();
  await browser?.close();
});

/** The demo portal at 360 px with Lingjiatang chosen in the finder; requests and page errors recorded. */
async function openForm(lang: 'zh-CN' | 'en' = 'zh-CN') {
  const context = await browser.newContext({ locale: lang === 'en' ? 'en-GB' : 'zh-CN', ...phone, ...visitor() });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(requestPath(r.url())));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${apiUrl}/${lang === 'en' ? '?lang=en' : ''}`);
  await statusSays(page, lang === 'en' ? 'Found' : '找到');
  await finder(page).getByRole('button', { name: lang === 'en' ? `Select ${LINGJIATANG.en}` : `选择 ${LINGJIATANG.zh}` }).click();
  await checkIn(page).getByLabel(LABELS[lang].town).waitFor();
  return { context, page, requests, errors, form: checkIn(page) };
}

/** The id of the element focused inside the form's shadow root. */
const focusedId = (page: Page) => page.evaluate(() => document.querySelector('ginkgo-check-in')!.shadowRoot!.activeElement?.id);

describe.each([
  {
    lang: 'zh-CN' as const, url: '/', locale: 'zh-CN', select: `选择 ${LINGJIATANG.zh}`, branch: LINGJIATANG.zh, found: '找到', pending: '待党支部确认', lookup: '查询',
    need: '技能培训', station: STATION.zh, keep: '请一并保存以上服务需求编号', open: '待处理', assigned: '处理中',
  },
  {
    lang: 'en' as const, url: '/?lang=en', locale: 'en-GB', select: `Select ${LINGJIATANG.en}`, branch: LINGJIATANG.en, found: 'Found', pending: 'Waiting for the branch to confirm', lookup: 'Look up',
    need: 'Skills training', station: STATION.en, keep: 'Keep these codes', open: 'Open', assigned: 'In progress',
  },
])('a full check-in at 360 px ($lang)', ({ lang, url, locale, select, branch, found, pending, lookup, need, station, keep, open, assigned }) => {
  it('finder → prefilled branch → fields, the SMS code and a need → consent → references → status lookup by proof as staff act, and the event reaches the page', async () => {
    const context = await browser.newContext({ locale, ...phone, ...visitor() });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await recordSuccessEvents(page);
    await page.goto(`${apiUrl}${url}`);
    const since = Date.now() - 60_000;
    const mobile = freshMobile();

    await statusSays(page, found);
    await finder(page).getByRole('button', { name: select }).click();
    await poll(() => checkIn(page).locator('[part="branch-name"]').textContent()).toContain(branch);
    // The portal's selection box links the branch's QR poster, which names the branch.
    const posterHref = await page.locator('#selection a[target="_blank"]').getAttribute('href');
    expect(posterHref).toBe(`/v1/branches/${LINGJIATANG.id}/poster?key=pk_test_pizhou`);
    const poster = await page.request.get(`${apiUrl}${posterHref}`);
    expect(poster.status()).toBe(200);
    expect(await poster.text()).toContain(LINGJIATANG.zh);
    await fillForm(page, mobile, lang);
    await checkIn(page).getByLabel(LABELS[lang].consent).check();
    await shootForm(page, `check-in-filled-360-${lang}`);
    await checkIn(page).getByRole('button', { name: LABELS[lang].submit }).click();

    const reference = checkIn(page).locator('[part="reference"]');
    await reference.waitFor();
    const code = (await reference.textContent())!.trim();
    expect(code).toMatch(REFERENCE_PATTERN);
    // The ticked need became a service request: its own code, and where it went.
    const success = checkIn(page).locator('[part="success"]');
    const requestLine = (await success.getByRole('listitem').allTextContents()).map((l) => l.replace(/\s+/g, ' ').trim());
    expect(requestLine).toEqual([expect.stringMatching(new RegExp(`^${need} · SR-[0-9A-Z]{8} · ${station}$`))]);
    const srCode = requestLine[0]!.match(SR_CODE)![0];
    expect(srCode).toMatch(SERVICE_REQUEST_REFERENCE_PATTERN);
    expect(await success.textContent()).toContain(keep);
    // The same code the server has for this check-in.
    const widgetKey = new Ginkgo({ key: 'pk_test_pizhou', baseUrl: apiUrl });
    const onServer = await widgetKey.checkIns.status({ reference: code, mobileLast4: mobile.slice(-4) });
    expect(onServer.serviceRequests.map((r) => r.reference)).toEqual([srCode]);

    // The lookup proves the mobile with the code's proof: no last four digits to type.
    const result = checkIn(page).locator('[part="lookup-result"]');
    expect(await checkIn(page).locator('#last4').count()).toBe(0);
    await checkIn(page).getByRole('button', { name: lookup, exact: true }).click();
    await poll(() => result.textContent()).toContain(pending);
    expect((await result.textContent())!.replace(/\s+/g, ' ')).toContain(`${need} · ${srCode} · ${open}`);
    // A station volunteer takes it on: the next look-up says so.
    const admin = new Ginkgo({ key: 'sk_test_pizhou_admin', baseUrl: apiUrl });
    let id: string | undefined;
    for await (const r of admin.serviceRequests.list({ status: 'open', category: 'training' })) if (r.reference === srCode) { id = r.id; break; }
    await admin.serviceRequests.assign(id!, { assignee: '技能培训志愿队' });
    await checkIn(page).getByRole('button', { name: lookup, exact: true }).click();
    await poll(async () => (await result.textContent())!.replace(/\s+/g, ' ')).toContain(`${need} · ${srCode} · ${assigned}`);
    expect(await successEvents(page)).toEqual([code]);
    const onRecord = await serverCheckIns(apiUrl, LINGJIATANG.id, mobile, since);
    expect(onRecord.map((c) => [c.reference, c.mobileVerified])).toEqual([[code, true]]);
    expect(await axeViolations(page, 'ginkgo-check-in')).toEqual([]);
    await shootForm(page, `check-in-done-360-${lang}`);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the SMS code at 360 px', () => {
  it('is asked for with the proof of work solved unnoticed: the chunk loads on the first tap, not before', async () => {
    const { context, page, requests, errors, form } = await openForm();
    const send = form.locator('[part="code-send-button"]');
    expect(await send.isDisabled()).toBe(true); // no mobile yet
    const mobile = freshMobile();
    await form.getByLabel(LABELS['zh-CN'].mobile, { exact: true }).fill(mobile);
    expect(await send.isEnabled()).toBe(true);
    await shootForm(page, 'check-in-code-0-ask-360');
    const before = requests.length;
    expect(requests.filter((p) => p === CHUNK || p.startsWith('/v1/mobile-verifications'))).toEqual([]);

    const asked = Date.now();
    await askForCode(page, mobile);
    const input = form.getByLabel(LABELS['zh-CN'].code);
    await input.waitFor();
    // Loaded on the tap: the chunk, then the challenge it solved, then the code request.
    expect(requests.slice(before).filter((p) => p === CHUNK || p.startsWith('/v1/mobile-verifications')))
      .toEqual([CHUNK, '/v1/mobile-verifications/challenge', '/v1/mobile-verifications']);
    // Nothing to do for the member but wait a moment: no puzzle, no checkbox.
    expect(Date.now() - asked).toBeLessThan(10_000);
    expect(await form.locator('iframe, [type="checkbox"][id*="captcha"]').count()).toBe(0);
    expect(await input.getAttribute('inputmode')).toBe('numeric');
    expect(await input.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await input.getAttribute('maxlength')).toBe('6');
    expect(await focusedId(page)).toBe('code');
    expect(await form.locator('#code-note').textContent()).toBe(`验证码已发送至 ${masked(mobile)}，5 分钟内有效。`);
    expect(await input.getAttribute('aria-describedby')).toBe('code-note');
    await poll(() => send.textContent()).toMatch(/^\s*(5\d|60) 秒后可重新发送\s*$/);
    expect(await send.isDisabled()).toBe(true);
    expect(await axeViolations(page, 'ginkgo-check-in')).toEqual([]);
    await shootForm(page, 'check-in-code-1-sent-360');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says how many tries are left after a wrong code, takes the right one, and drops the proof when the mobile changes', async () => {
    const { context, page, errors, form } = await openForm();
    const mobile = freshMobile();
    await fillForm(page, mobile, 'zh-CN', { verify: false });
    await form.getByLabel(LABELS['zh-CN'].consent).check();
    const code = await askForCode(page, mobile);
    const input = form.getByLabel(LABELS['zh-CN'].code);
    await input.fill(wrongFor(code));
    await poll(() => form.locator('#code-error').textContent()).toBe('验证码不正确，还可以再试 4 次。');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await input.getAttribute('aria-describedby')).toBe('code-note code-error');
    expect(await input.inputValue()).toBe('');
    expect(await focusedId(page)).toBe('code');
    expect(await axeViolations(page, 'ginkgo-check-in')).toEqual([]);
    await shootForm(page, 'check-in-code-2-wrong-360');

    await input.fill(code);
    const verified = form.locator('[part="code-verified"]');
    await poll(() => verified.textContent()).toBe(LABELS['zh-CN'].verified);
    expect(await focusedId(page)).toBe('code-done');
    await shootForm(page, 'check-in-code-3-verified-360');

    // Another number: the proof was for the old one. Sending now is refused here, before the server.
    await form.getByLabel(LABELS['zh-CN'].mobile, { exact: true }).fill(freshMobile());
    expect(await verified.count()).toBe(0);
    await form.getByRole('button', { name: LABELS['zh-CN'].submit }).click();
    await poll(() => form.locator('#mobile-error').textContent()).toBe('请先获取验证码，验证手机号');
    await poll(() => form.getByRole('alert').last().textContent()).toContain('有 1 项需要修改');
    expect(await focusedId(page)).toBe('code-send');
    expect(await form.locator('#code-send').getAttribute('aria-describedby')).toBe('mobile-error');
    await shootForm(page, 'check-in-code-4-verify-first-360');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is used up after five wrong codes, and asks for a new one', async () => {
    const { context, page, form } = await openForm();
    const mobile = freshMobile();
    await form.getByLabel(LABELS['zh-CN'].mobile, { exact: true }).fill(mobile);
    const code = await askForCode(page, mobile);
    const input = form.getByLabel(LABELS['zh-CN'].code);
    for (const left of [4, 3, 2, 1]) {
      await input.fill(wrongFor(code));
      await poll(() => form.locator('#code-error').textContent()).toBe(`验证码不正确，还可以再试 ${left} 次。`);
    }
    await input.fill(wrongFor(code));
    await poll(() => form.locator('#code-error').textContent()).toBe('错误次数太多，这个验证码已失效，请重新获取。');
    expect(await input.count()).toBe(0); // that request is spent: nothing more to check
    expect(await focusedId(page)).toBe('code-error'); // the send button still counts down
    await shootForm(page, 'check-in-code-5-used-up-360');
    await context.close();
  });

  it('is sent again after the countdown; another visitor asking for the same number meanwhile is told when to try', { timeout: 120_000 }, async () => {
    const first = await openForm();
    const mobile = freshMobile();
    await first.form.getByLabel(LABELS['zh-CN'].mobile, { exact: true }).fill(mobile);
    const old = await askForCode(first.page, mobile);

    // One code a minute per number, whoever asks: the server says how long to wait, the button counts it down.
    const second = await openForm();
    await second.form.getByLabel(LABELS['zh-CN'].mobile, { exact: true }).fill(mobile);
    await second.form.locator('[part="code-send-button"]').click();
    await poll(() => second.form.locator('#code-error').textContent()).toMatch(/^获取验证码太频繁，请 ([1-5]\d|60) 秒后再试。$/);
    await poll(() => second.form.locator('[part="code-send-button"]').textContent()).toMatch(/^\s*\d+ 秒后可重新发送\s*$/);
    await shootForm(second.page, 'check-in-code-6-too-often-360');
    await second.context.close();

    const send = first.form.locator('[part="code-send-button"]');
    await shootForm(first.page, 'check-in-code-7-countdown-360');
    await poll(() => send.textContent(), 70_000).toMatch(/^\s*重新发送\s*$/);
    expect(await send.isEnabled()).toBe(true);
    const asked = Date.now() - 1000;
    await send.click();
    const { waitForSmsCode } = await import('../support/sms-outbox.ts');
    const fresh = await waitForSmsCode(mobile, { after: asked });
    await poll(() => first.form.locator('#code-note').textContent()).toContain(masked(mobile));
    // The form checks the newest request: the first code is not its code.
    const input = first.form.getByLabel(LABELS['zh-CN'].code);
    if (old !== fresh) {
      await input.fill(old);
      await poll(() => first.form.locator('#code-error').textContent()).toBe('验证码不正确，还可以再试 4 次。');
    }
    await input.fill(fresh);
    await poll(() => first.form.locator('[part="code-verified"]').textContent()).toBe(LABELS['zh-CN'].verified);
    await first.context.close();
  });

  it('says so when offline, keeping what was typed, before and after the chunk is here', async () => {
    const { context, page, form, errors } = await openForm();
    const mobile = freshMobile();
    await fillForm(page, mobile, 'zh-CN', { verify: false });
    await context.setOffline(true);
    await form.locator('[part="code-send-button"]').click();
    await poll(() => form.locator('#code-error').textContent()).toBe('请联网后获取验证码，已填写的内容会保留。');
    expect(await form.locator('#code-error').getAttribute('role')).toBe('alert');
    expect(await form.getByLabel(LABELS['zh-CN'].mobile, { exact: true }).getAttribute('aria-invalid')).toBe('false');
    expect(await form.getByLabel(LABELS['zh-CN'].name, { exact: true }).inputValue()).toBe('测试党员');
    expect(await form.getByLabel(LABELS['zh-CN'].mobile, { exact: true }).inputValue()).toBe(mobile);
    await shootForm(page, 'check-in-code-8-offline-360');

    await context.setOffline(false);
    const code = await askForCode(page, mobile);
    expect(await form.locator('#code-error').textContent()).toBe('');
    await context.setOffline(true);
    await form.getByLabel(LABELS['zh-CN'].code).fill(code);
    await poll(() => form.locator('#code-error').textContent()).toBe('请联网后再验证，已填写的内容会保留。');
    await context.setOffline(false);
    await form.getByRole('button', { name: '验证', exact: true }).click();
    await poll(() => form.locator('[part="code-verified"]').textContent()).toBe(LABELS['zh-CN'].verified);
    expect(await form.getByLabel(LABELS['zh-CN'].city).inputValue()).toBe('常州市武进区');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says when text messages cannot be sent (the server\'s 503 sms_unavailable)', async () => {
    const { context, page, form } = await openForm('en');
    // The local outbox never fails to "send": this answer is the server's documented one, stood in for.
    await page.route(`${apiUrl}/v1/mobile-verifications`, (route) => route.fulfill({
      status: 503, contentType: 'application/json', headers: { 'Retry-After': '60' },
      body: JSON.stringify({ error: { code: 'sms_unavailable', message: 'SMS is unavailable just now; try again in a minute.', requestId: 'test' } }),
    }));
    await form.getByLabel(LABELS.en.mobile, { exact: true }).fill(freshMobile());
    await form.locator('[part="code-send-button"]').click();
    await poll(() => form.locator('#code-error').textContent()).toBe('Text messages cannot be sent just now; please try again later.');
    await poll(() => form.locator('[part="code-send-button"]').isEnabled()).toBe(true);
    await shootForm(page, 'check-in-code-9-sms-unavailable-360-en');
    await context.close();
  });

  it('works on a partner page of another origin under a strict CSP: the chunk loads as a CORS module', async () => {
    const csp = `default-src 'none'; script-src ${apiUrl}; connect-src ${apiUrl}; style-src 'self'`;
    const partner = await servePartnerPages(() => ({
      headers: { 'Content-Security-Policy': csp },
      body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Partner</title>
        <script src="${apiUrl}/widgets.js"></script></head>
        <body><ginkgo-check-in key="pk_test_pizhou" branch="${LINGJIATANG.id}"></ginkgo-check-in></body></html>`,
    }));
    // Another origin: no visitor address header here (it would need CORS), this page is 127.0.0.1.
    const context = await browser.newContext({ locale: 'zh-CN', ...phone });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { violations: string[] };
      w.violations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${partner.url}/`);
    const mobile = freshMobile();
    await checkIn(page).getByLabel(LABELS['zh-CN'].mobile, { exact: true }).fill(mobile);
    await verifyMobile(page, mobile);
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
    await partner.close();
  });
});

describe('exactly once', () => {
  it('makes one check-in from a double click and another click while sending', async () => {
    const { page, close } = await openPage(browser, `${apiUrl}/`, { ...phone, ...visitor() });
    const since = Date.now() - 60_000;
    const mobile = freshMobile();
    await statusSays(page, '找到');
    await finder(page).getByRole('button', { name: `选择 ${LINGJIATANG.zh}` }).click();
    await fillForm(page, mobile);
    await checkIn(page).getByLabel(LABELS['zh-CN'].consent).check();
    const submit = checkIn(page).locator('[part="submit-button"]');
    await submit.dblclick();
    await submit.click({ force: true, timeout: 2_000 }).catch(() => undefined);
    const code = (await checkIn(page).locator('[part="reference"]').textContent())!.trim();
    expect((await serverCheckIns(apiUrl, LINGJIATANG.id, mobile, since)).map((c) => c.reference)).toEqual([code]);
    await close();
  });

  /** Fills the form (the mobile verified) on a fresh page, goes offline and submits: the form says it kept the submission. */
  async function submitOffline() {
    const context = await browser.newContext({ locale: 'zh-CN', ...phone, ...visitor() });
    const page = await context.newPage();
    await recordSuccessEvents(page);
    await page.goto(`${apiUrl}/`);
    const mobile = freshMobile();
    await statusSays(page, '找到');
    await finder(page).getByRole('button', { name: `选择 ${LINGJIATANG.zh}` }).click();
    await fillForm(page, mobile);
    await checkIn(page).getByLabel(LABELS['zh-CN'].consent).check();
    await context.setOffline(true);
    await checkIn(page).getByRole('button', { name: '提交报到' }).click();
    // Kept on disk first: a loaded machine can take seconds over that.
    await poll(() => checkIn(page).getByRole('status').last().textContent(), 20_000).toContain('已保存在本机，联网后自动提交');
    expect(await serverCheckIns(apiUrl, LINGJIATANG.id, mobile, since)).toEqual([]);
    // Saved with the proof of the mobile, which the submission carries when it is sent.
    const saved = await page.evaluate(() => new Promise<{ mobile: string; mobileProof?: string }[]>((resolve) => {
      indexedDB.open('ginkgo-check-in').onsuccess = (e) => {
        const request = (e.target as IDBOpenDBRequest).result.transaction('outbox').objectStore('outbox').getAll();
        request.onsuccess = () => resolve(request.result.map((entry: { payload: { mobile: string; mobileProof?: string } }) => entry.payload));
      };
    }));
    expect(saved).toEqual([expect.objectContaining({ mobile, mobileProof: expect.any(String) })]);
    return { context, page, mobile };
  }
  const since = Date.now() - 60_000;

  it('sends a submission made offline, with its proof, when the connection returns', async () => {
    const { context, page, mobile } = await submitOffline();
    await shootForm(page, 'check-in-saved-offline-360');
    await context.setOffline(false); // fires `online` in the page
    const reference = checkIn(page).locator('[part="reference"]');
    await reference.waitFor();
    const code = (await reference.textContent())!.trim();
    expect((await serverCheckIns(apiUrl, LINGJIATANG.id, mobile, since)).map((c) => [c.reference, c.mobileVerified])).toEqual([[code, true]]);
    expect(await successEvents(page)).toEqual([code]);
    // Sent later, it shows the same: the need's service request, its code and where it went.
    expect(await checkIn(page).locator('[part="service-requests"]').textContent()).toMatch(new RegExp(`技能培训 · ${SR_CODE.source} · ${STATION.zh}`));
    await context.close();
  });

  it('keeps it across a reload while offline and a closed tab, and sends it once on the next visit', async () => {
    const { context, page, mobile } = await submitOffline();
    await page.reload().catch(() => undefined); // offline: the browser's error page, the form is gone
    await page.close();
    await context.setOffline(false);
    const again = await context.newPage();
    const requests: string[] = [];
    again.on('request', (r) => requests.push(requestPath(r.url())));
    await again.goto(`${apiUrl}/`);
    const reference = checkIn(again).locator('[part="reference"]');
    await reference.waitFor();
    const code = (await reference.textContent())!.trim();
    expect(code).toMatch(REFERENCE_PATTERN);
    expect((await serverCheckIns(apiUrl, LINGJIATANG.id, mobile, since)).map((c) => [c.reference, c.mobileVerified])).toEqual([[code, true]]);
    // The status lookup comes with the mobile verification chunk, loaded now, and uses the saved proof.
    await checkIn(again).getByRole('button', { name: '查询', exact: true }).click();
    await poll(() => checkIn(again).locator('[part="lookup-result"]').textContent()).toContain('待党支部确认');
    expect(requests.filter((p) => p === CHUNK)).toHaveLength(1);
    expect(await checkIn(again).locator('#last4').count()).toBe(0);
    // Sent and answered: nothing is left to send on the visit after that.
    await again.reload();
    await checkIn(again).getByLabel(LABELS['zh-CN'].town).waitFor();
    expect(await checkIn(again).locator('[part="reference"]').count()).toBe(0);
    expect(await serverCheckIns(apiUrl, LINGJIATANG.id, mobile, since)).toHaveLength(1);
    await context.close();
  });

  it('asks for a code again, keeping everything, when the server refuses a saved proof (403 mobile_unverified)', async () => {
    const { context, page } = await submitOffline();
    // As if the saved submission were for another number than its proof's: the server refuses such
    // a proof as it refuses an expired one, and stores nothing.
    const other = freshMobile();
    await page.evaluate((other) => new Promise<void>((resolve) => {
      indexedDB.open('ginkgo-check-in').onsuccess = (e) => {
        const tx = (e.target as IDBOpenDBRequest).result.transaction('outbox', 'readwrite');
        const store = tx.objectStore('outbox');
        store.getAll().onsuccess = (all) => {
          for (const entry of (all.target as IDBRequest<{ payload: { mobile: string } }[]>).result) store.put({ ...entry, payload: { ...entry.payload, mobile: other } });
        };
        tx.oncomplete = () => resolve();
      };
    }), other);
    await page.close();
    await context.setOffline(false);
    const again = await context.newPage();
    await again.goto(`${apiUrl}/`);
    const form = checkIn(again);
    await poll(() => form.locator('#mobile-error').textContent()).toBe('请先获取验证码，验证手机号');
    expect(await form.getByRole('alert').last().textContent()).toBe('提交未成功，您填写的内容都还在。 有 1 项需要修改，请查看标出的内容。');
    // Everything as it was typed, to be sent once the number is verified again.
    expect(await form.getByLabel(LABELS['zh-CN'].mobile, { exact: true }).inputValue()).toBe(other);
    expect(await form.getByLabel(LABELS['zh-CN'].name, { exact: true }).inputValue()).toBe('测试党员');
    expect(await form.getByLabel(LABELS['zh-CN'].city).inputValue()).toBe('常州市武进区');
    expect(await form.getByLabel(LABELS['zh-CN'].consent).isChecked()).toBe(true);
    expect(await form.locator('[part="branch-name"]').textContent()).toContain(LINGJIATANG.zh);
    expect(await focusedId(again)).toBe('code-send');
    expect(await serverCheckIns(apiUrl, LINGJIATANG.id, other, since)).toEqual([]);
    await shootForm(again, 'check-in-code-11-unverified-360');

    await verifyMobile(again, other);
    await form.getByRole('button', { name: '提交报到' }).click();
    const code = (await form.locator('[part="reference"]').textContent())!.trim();
    expect((await serverCheckIns(apiUrl, LINGJIATANG.id, other, since)).map((c) => [c.reference, c.mobileVerified])).toEqual([[code, true]]);
    await context.close();
  });
});

describe('a Chinese keyboard', () => {
  it('takes a mobile typed in full-width digits: no complaint while typing, the code sent, the check-in made for the ASCII number', async () => {
    const { page, close } = await openPage(browser, `${apiUrl}/`, { ...phone, ...visitor() });
    const since = Date.now() - 60_000;
    await statusSays(page, '找到');
    await finder(page).getByRole('button', { name: `选择 ${LINGJIATANG.zh}` }).click();
    const mobile = checkIn(page).getByLabel(LABELS['zh-CN'].mobile, { exact: true });
    await mobile.pressSequentially('１３８００');
    expect(await mobile.getAttribute('aria-invalid')).toBe('false');
    await fillForm(page, '１３８００１３８０００');
    await checkIn(page).getByLabel(LABELS['zh-CN'].consent).check();
    await checkIn(page).locator('[part="submit-button"]').click();
    const reference = (await checkIn(page).locator('[part="reference"]').textContent())!.trim();
    expect(await serverCheckIns(apiUrl, LINGJIATANG.id, '13800138000', since)).toEqual([expect.objectContaining({ reference, mobile: '13800138000' })]);
    await close();
  });
});

describe.each([
  { lang: 'zh-CN' as const, url: '/', mobileMessage: '请输入 11 位手机号（1 开头）', verifyMessage: '请先获取验证码，验证手机号', consentMessage: '请阅读并勾选同意后再提交', summary: '有 2 项' },
  { lang: 'en' as const, url: '/?lang=en', mobileMessage: 'Enter an 11-digit mobile number starting with 1', verifyMessage: 'Verify your mobile with a code first', consentMessage: 'Please read and tick the consent first', summary: '2 fields need' },
])('validation ($lang)', ({ lang, url, mobileMessage, verifyMessage, consentMessage, summary }) => {
  it('says what is wrong next to a bad phone, an unverified one and a missing consent, and keeps what was typed', async () => {
    const { page, close } = await openPage(browser, `${apiUrl}${url}`, { ...phone, ...visitor() });
    const form = checkIn(page);
    await form.getByLabel(LABELS[lang].town).waitFor();
    const mobile = form.getByLabel(LABELS[lang].mobile, { exact: true });
    await mobile.fill('1234567890123');
    await poll(() => form.locator('#mobile-error').textContent()).toContain(mobileMessage);
    expect(await mobile.getAttribute('aria-invalid')).toBe('true');
    expect(await mobile.getAttribute('aria-describedby')).toContain('mobile-error');
    expect(await form.locator('[part="code-send-button"]').isDisabled()).toBe(true);

    await fillForm(page, '138 0000 0001', lang, { verify: false });
    await finder(page).getByRole('button', { name: lang === 'en' ? /^Select / : /^选择 / }).first().click();
    await form.getByRole('button', { name: LABELS[lang].submit }).click();
    await poll(() => form.locator('#consent-error').textContent()).toContain(consentMessage);
    await poll(() => form.locator('#mobile-error').textContent()).toBe(verifyMessage);
    await poll(() => form.getByRole('alert').last().textContent()).toContain(summary);
    expect(await form.locator('#consent').getAttribute('aria-invalid')).toBe('true');
    expect(await mobile.inputValue()).toBe('138 0000 0001');
    // The first thing to fix is the unverified mobile: the keyboard is on its send button.
    expect(await focusedId(page)).toBe('code-send');
    expect(await axeViolations(page, 'ginkgo-check-in')).toEqual([]);
    await shootForm(page, `check-in-errors-360-${lang}`);
    await close();
  });
});

describe('embedding', () => {
  it('takes its branch from the attribute, and blocks a host form until checked in', async () => {
    const { page, close } = await openPage(browser, `${apiUrl}/privacy.html`);
    await page.addScriptTag({ url: `${apiUrl}/widgets.js` });
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend',
      '<form><ginkgo-check-in key="pk_test_pizhou" branch="br_cz_xinbei" name="checkin"></ginkgo-check-in></form>'));
    await poll(() => checkIn(page).locator('[part="branch-name"]').textContent()).toContain('常州新北区流动党员党支部');
    expect(await page.evaluate(() => document.querySelector('form')!.checkValidity())).toBe(false);
    await close();
  });

  it('brings the form into view on a phone once a branch is chosen in the finder above it', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', ...phone, ...visitor(), reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(`${apiUrl}/`);
    await statusSays(page, '找到');
    const formTop = () => checkIn(page).evaluate((el) => el.getBoundingClientRect().top);
    expect(await formTop()).toBeGreaterThan(780); // below the finder's results
    await finder(page).getByRole('button', { name: `选择 ${LINGJIATANG.zh}` }).click();
    await poll(() => checkIn(page).locator('[part="branch-name"]').textContent()).toContain(LINGJIATANG.zh);
    // At the top of the screen (the portal keeps a little room above what it scrolls to).
    await poll(formTop).toBeLessThan(80);
    expect(await formTop()).toBeGreaterThanOrEqual(0);
    await context.close();
  });

  it('takes a branch selected in the finder before its own chunk arrived', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', ...phone, ...visitor() });
    // The form's chunk is held back until a branch has been selected, as on a slow connection.
    let release!: () => void;
    const selected = new Promise<void>((resolve) => { release = resolve; });
    await context.route(/\/widgets\/check-in-[0-9a-f]{8}\.js$/, async (route) => { await selected; await route.continue(); });
    const page = await context.newPage();
    await page.goto(`${apiUrl}/`);
    await statusSays(page, '找到');
    expect(await page.evaluate(() => customElements.get('ginkgo-check-in'))).toBeUndefined();
    await finder(page).getByRole('button', { name: `选择 ${LINGJIATANG.zh}` }).click();
    release();
    await poll(() => checkIn(page).locator('[part="branch-name"]').textContent()).toContain(LINGJIATANG.zh);
    await context.close();
  });

  it('looks right at 1280 px on the demo portal', async () => {
    const { page, close } = await openPage(browser, `${apiUrl}/`, { viewport: { width: 1280, height: 900 }, ...visitor() });
    await statusSays(page, '找到');
    await finder(page).getByRole('button', { name: `选择 ${LINGJIATANG.zh}` }).click();
    await checkIn(page).getByLabel(LABELS['zh-CN'].town).waitFor();
    await screenshot(page, 'check-in-1280');
    await shootForm(page, 'check-in-form-1280');
    await close();
  });
});

// Last: by now the code asked for first thing (beforeAll) has expired on the server.
describe('an expired code', () => {
  it('is refused as expired, and the form asks for a new one', { timeout: CODE_TTL_MS + 60_000 }, async () => {
    const { page, code, sentAt } = expiring!;
    const wait = sentAt + CODE_TTL_MS + 2_000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const form = checkIn(page);
    await form.getByLabel(LABELS['zh-CN'].code).fill(code);
    await poll(() => form.locator('#code-error').textContent()).toBe('验证码已过期，请重新获取。');
    expect(await form.getByLabel(LABELS['zh-CN'].code).count()).toBe(0);
    const send = form.locator('[part="code-send-button"]');
    expect(await send.isEnabled()).toBe(true);
    expect((await send.textContent())!.trim()).toBe('获取验证码');
    expect(await focusedId(page)).toBe('code-send');
    await shootForm(page, 'check-in-code-10-expired-360');
  });
});
