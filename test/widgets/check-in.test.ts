// <ginkgo-check-in> on the demo portal, in real Chromium against the real worker: a full check-in
// in both languages at 360 px (with the service request a ticked need became, and its status as
// staff handle it), exactly once under double clicks and while offline, validation, axe.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REFERENCE_PATTERN } from '../../schema/check-ins.ts';
import { SERVICE_REQUEST_REFERENCE_PATTERN } from '../../schema/service-requests.ts';
import { Ginkgo } from '../../sdk/src/index.ts';
import { axeViolations, finder, launchChromium, openPage, screenshot, statusSays } from './support/browser.ts';
import { checkIn, fillForm, shootForm, freshMobile, LABELS, recordSuccessEvents, serverCheckIns, successEvents } from './support/check-in.ts';

const apiUrl = inject('apiUrl');
/** Network and rendering take their time on a loaded machine: wait up to 5 s, not vitest's 1 s. */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 5_000 });
const phone = { viewport: { width: 360, height: 780 } };
const LINGJIATANG = { id: 'br_cz_lingjiatang', zh: '凌家塘市场流动党员党支部', en: 'Lingjiatang Market Branch' };
/** Where Lingjiatang's needs go: the Changzhou station. */
const STATION = { zh: '邳州流动党员常州服务驿站', en: 'Pizhou Service Station, Changzhou' };
const SR_CODE = /SR-[0-9A-HJKMNP-TV-Z]{8}/;

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

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
  it('finder → prefilled branch → fields and a need → consent → references → status lookup as staff act, and the event reaches the page', async () => {
    const context = await browser.newContext({ locale, ...phone });
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

    const result = checkIn(page).locator('[part="lookup-result"]');
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
    expect((await serverCheckIns(apiUrl, LINGJIATANG.id, mobile, since)).map((c) => c.reference)).toEqual([code]);
    expect(await axeViolations(page, 'ginkgo-check-in')).toEqual([]);
    await shootForm(page, `check-in-done-360-${lang}`);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('exactly once', () => {
  it('makes one check-in from a double click and another click while sending', async () => {
    const { page, close } = await openPage(browser, `${apiUrl}/`, phone);
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

  /** Fills the form on a fresh page, goes offline and submits: the form says it kept the submission. */
  async function submitOffline() {
    const context = await browser.newContext({ locale: 'zh-CN', ...phone });
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
    await poll(() => checkIn(page).getByRole('status').first().textContent()).toContain('已保存在本机，联网后自动提交');
    expect(await serverCheckIns(apiUrl, LINGJIATANG.id, mobile, since)).toEqual([]);
    return { context, page, mobile };
  }
  const since = Date.now() - 60_000;

  it('sends a submission made offline when the connection returns', async () => {
    const { context, page, mobile } = await submitOffline();
    await shootForm(page, 'check-in-saved-offline-360');
    await context.setOffline(false); // fires `online` in the page
    const reference = checkIn(page).locator('[part="reference"]');
    await reference.waitFor();
    const code = (await reference.textContent())!.trim();
    expect((await serverCheckIns(apiUrl, LINGJIATANG.id, mobile, since)).map((c) => c.reference)).toEqual([code]);
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
    await again.goto(`${apiUrl}/`);
    const reference = checkIn(again).locator('[part="reference"]');
    await reference.waitFor();
    const code = (await reference.textContent())!.trim();
    expect(code).toMatch(REFERENCE_PATTERN);
    expect((await serverCheckIns(apiUrl, LINGJIATANG.id, mobile, since)).map((c) => c.reference)).toEqual([code]);
    // Sent and answered: nothing is left to send on the visit after that.
    await again.reload();
    await checkIn(again).getByLabel(LABELS['zh-CN'].town).waitFor();
    expect(await checkIn(again).locator('[part="reference"]').count()).toBe(0);
    expect(await serverCheckIns(apiUrl, LINGJIATANG.id, mobile, since)).toHaveLength(1);
    await context.close();
  });
});

describe.each([
  { lang: 'zh-CN' as const, url: '/', mobileMessage: '请输入 11 位手机号（1 开头）', consentMessage: '请阅读并勾选同意后再提交', summary: '有 ' },
  { lang: 'en' as const, url: '/?lang=en', mobileMessage: 'Enter an 11-digit mobile number starting with 1', consentMessage: 'Please read and tick the consent first', summary: 'need' },
])('validation ($lang)', ({ lang, url, mobileMessage, consentMessage, summary }) => {
  it('says what is wrong next to a bad phone and a missing consent, and keeps what was typed', async () => {
    const { page, close } = await openPage(browser, `${apiUrl}${url}`, phone);
    const form = checkIn(page);
    await form.getByLabel(LABELS[lang].town).waitFor();
    const mobile = form.getByLabel(LABELS[lang].mobile, { exact: true });
    await mobile.fill('1234567890123');
    await poll(() => form.locator('#mobile-error').textContent()).toContain(mobileMessage);
    expect(await mobile.getAttribute('aria-invalid')).toBe('true');
    expect(await mobile.getAttribute('aria-describedby')).toContain('mobile-error');

    await fillForm(page, '138 0000 0001', lang);
    await finder(page).getByRole('button', { name: lang === 'en' ? /^Select / : /^选择 / }).first().click();
    await form.getByRole('button', { name: LABELS[lang].submit }).click();
    await poll(() => form.locator('#consent-error').textContent()).toContain(consentMessage);
    await poll(() => form.getByRole('alert').textContent()).toContain(summary);
    expect(await form.locator('#consent').getAttribute('aria-invalid')).toBe('true');
    expect(await mobile.inputValue()).toBe('138 0000 0001');
    expect(await page.evaluate(() => document.querySelector('ginkgo-check-in')!.shadowRoot!.activeElement?.id)).toBe('consent');
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

  it('looks right at 1280 px on the demo portal', async () => {
    const { page, close } = await openPage(browser, `${apiUrl}/`, { viewport: { width: 1280, height: 900 } });
    await statusSays(page, '找到');
    await finder(page).getByRole('button', { name: `选择 ${LINGJIATANG.zh}` }).click();
    await checkIn(page).getByLabel(LABELS['zh-CN'].town).waitFor();
    await screenshot(page, 'check-in-1280');
    await shootForm(page, 'check-in-form-1280');
    await close();
  });
});
