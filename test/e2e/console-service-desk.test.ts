// The console's 服务需求 (service desk) in Chromium against the real worker. The Changzhou station
// manager signs in and lands on it (a role with no roster screens gets only its two tabs), finds
// the request just filed to the station and, oldest first, the seeded one of 20 November marked
// overdue, assigns the new one to the station's volunteer team, adds a note and resolves it with a
// text, which the public status lookup then shows; a request closed meanwhile through the API gives a clear 409.
// The Suzhou committee secretary, on a 360 px phone, closes a Suzhou request with a reason.
// Checked against the API; axe on each screen; screenshots in .tmp/screens/console-service-desk-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SERVICE_REQUEST_CONSENT, type ServiceRequestReceipt, type StaffServiceRequestDetail } from '../../schema/service-requests.ts';
import { app, desktop, openConsole, phone, signIn, STAFF, tab } from '../support/console.ts';
import { axeViolations, launchChromium, screenshot } from '../widgets/support/browser.ts';

const apiUrl = inject('apiUrl');
const ADMIN = { Authorization: 'Bearer sk_test_pizhou_admin' };
const poll = <T>(read: () => Promise<T>, timeout = 10_000) => expect.poll(read, { timeout });

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

/** Files a request through the admin key, for a new member's number. */
async function file(over: { cityId: string; category: string; description: string }) {
  const mobile = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const res = await fetch(`${apiUrl}/v1/service-requests`, {
    method: 'POST', headers: { ...ADMIN, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({
      name: '钱进', mobile, homeUnitId: 'hu_gangshang_bei', currentCity: '常州', memberCategory: 'business_owner',
      consent: { version: SERVICE_REQUEST_CONSENT.version, granted: true }, ...over,
    }),
  });
  expect(res.status).toBe(201);
  return { receipt: (await res.json()) as ServiceRequestReceipt, mobile };
}

const read = async (id: string) => {
  const res = await fetch(`${apiUrl}/v1/service-requests/${id}`, { headers: ADMIN });
  expect(res.status).toBe(200);
  return (await res.json()) as StaffServiceRequestDetail;
};

const screen = (page: Page) => app(page).locator('console-service-desk');
const row = (page: Page, reference: string) => screen(page).locator('article').filter({ hasText: reference });
const detail = (page: Page) => screen(page).locator('console-request-detail');

/** Loads pages until the row is there (other test files file requests too). */
async function find(page: Page, reference: string) {
  for (let i = 0; i < 20 && !(await row(page, reference).count()); i++) {
    const more = screen(page).getByRole('button', { name: /Load more|加载更多/ });
    if (!(await more.count())) break;
    await more.click();
    await poll(() => more.isDisabled().catch(() => false)).toBe(false);
  }
  return row(page, reference);
}

describe('服务需求 (service desk)', () => {
  it('station manager, 1280 px: lands on it; overdue marked; assigns to a team, notes, resolves; the member reads it', async () => {
    const { receipt, mobile } = await file({ cityId: 'pizhou_changzhou', category: 'policy', description: '想了解个体工商户社保补贴' });
    const raced = await file({ cityId: 'pizhou_changzhou', category: 'livelihood', description: '孩子入学需要哪些材料' });
    const { context, page, errors, violations } = await openConsole(browser, { locale: 'en', ...desktop });
    await app(page).getByRole('heading', { name: 'Sign in to the staff console' }).waitFor();
    await signIn(page, STAFF.station, { lang: 'en' });
    await screen(page).getByRole('heading', { name: 'Service desk', level: 1 }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/service-desk');
    // Only the two screens a station manager has: no roster tabs to find empty.
    expect(await app(page).getByRole('navigation').getByRole('link').allTextContents()).toEqual(['Service desk', 'Stations']);

    const mine = await find(page, receipt.reference);
    expect(await mine.getByText('Overdue', { exact: false }).count()).toBe(0);
    // The seeded open request of 20 November is still open more than 7 days on.
    await screen(page).getByLabel('Status').selectOption({ label: 'Open' });
    // Oldest first, the API's order=oldest: the seeded one comes first.
    await screen(page).getByLabel('Order').selectOption({ label: 'Oldest first' });
    await poll(() => screen(page).locator('article h2').first().textContent()).toBe('SR-DEM00001 · Policy advice');
    const late = await find(page, 'SR-DEM00001');
    await late.waitFor();
    expect(await late.locator('.badge.bad').textContent()).toMatch(/^Overdue \(filed \d+ days ago\)$/);
    expect(await late.evaluate((el) => getComputedStyle(el).borderInlineStartWidth)).toBe('6px');
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-service-desk-1280');

    // Assign the new one to the station's volunteer team.
    await (await find(page, receipt.reference)).getByRole('button', { name: `Open ${receipt.reference}` }).click();
    await detail(page).getByRole('heading', { name: `${receipt.reference} · Policy advice` }).waitFor();
    await detail(page).locator('dd').filter({ hasText: new RegExp(`^钱进 · \\s*Mobile\\s*${mobile}$`) }).waitFor();
    await detail(page).getByRole('button', { name: 'Assign', exact: true }).click();
    const team = detail(page).getByRole('radio', { name: 'Volunteer team: Lingjiatang Vanguard' });
    await poll(() => team.isChecked()).toBe(true);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await detail(page).locator('form').getByRole('button', { name: 'Assign', exact: true }).click();
    await detail(page).getByRole('status').filter({ hasText: `${receipt.reference} assigned to Lingjiatang Vanguard.` }).waitFor();
    expect(await read(receipt.id)).toMatchObject({ status: 'assigned', assignee: 'Lingjiatang Vanguard', volunteerTeam: { id: 'vt_cz_market' } });
    expect(await row(page, receipt.reference).locator('.badge').first().textContent()).toBe('Assigned');

    await detail(page).getByRole('button', { name: 'Add a note' }).click();
    await detail(page).getByLabel('Note (staff only)').fill('已电话联系，周三来驿站');
    await detail(page).getByRole('button', { name: 'Save the note' }).click();
    await detail(page).getByRole('list', { name: 'Staff notes' }).getByText('已电话联系，周三来驿站').waitFor();

    // An empty resolution is refused in place; then resolved with the text the member reads.
    await detail(page).getByRole('button', { name: 'Resolve', exact: true }).click();
    await detail(page).locator('form').getByRole('button', { name: 'Resolve', exact: true }).click();
    await detail(page).getByRole('alert').filter({ hasText: 'Fill this in first.' }).waitFor();
    expect(await detail(page).getByLabel('Resolution').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'console-service-desk-resolve-1280');
    await detail(page).getByLabel('Resolution').fill('已讲解灵活就业社保补贴的申领条件，材料清单已发短信。');
    await detail(page).locator('form').getByRole('button', { name: 'Resolve', exact: true }).click();
    await detail(page).getByRole('status').filter({ hasText: `${receipt.reference} resolved` }).waitFor();
    const history = await detail(page).getByRole('list', { name: 'History' }).locator('li').allTextContents();
    expect(history.map((h) => /· (\w[\w ]*?)(?: \(|$)/.exec(h)?.[1])).toEqual(['Filed', 'Assigned', 'Note added', 'Resolved']);
    expect(history[3]).toMatch(/Resolved \(Service station\)\s*· 已讲解灵活就业社保补贴/);
    const status = await fetch(`${apiUrl}/v1/service-requests/status?reference=${receipt.reference}&mobileLast4=${mobile.slice(-4)}&key=pk_test_pizhou`);
    expect(await status.json()).toMatchObject({ status: 'resolved', resolution: '已讲解灵活就业社保补贴的申领条件，材料清单已发短信。' });

    // Closed through the API while the console still shows it open: assigning it is a 409, said plainly.
    await screen(page).getByLabel('Status').selectOption({ label: 'Any status' });
    await (await find(page, raced.receipt.reference)).getByRole('button', { name: `Open ${raced.receipt.reference}` }).click();
    await detail(page).getByRole('heading', { name: `${raced.receipt.reference} · Daily-life services` }).waitFor();
    const closed = await fetch(`${apiUrl}/v1/service-requests/${raced.receipt.id}/close`, {
      method: 'POST', headers: { ...ADMIN, 'Content-Type': 'application/json' }, body: JSON.stringify({ reason: '重复提交' }),
    });
    expect(closed.status).toBe(200);
    await detail(page).getByRole('button', { name: 'Assign', exact: true }).click();
    await detail(page).getByRole('radio', { name: 'A person' }).check();
    await detail(page).getByLabel('Name or post of the person').fill('周站长');
    await detail(page).locator('form').getByRole('button', { name: 'Assign', exact: true }).click();
    await detail(page).getByRole('status').filter({ hasText: `Someone else changed ${raced.receipt.reference} just now: it is Closed.` }).waitFor();
    expect(await detail(page).locator('.badge').first().textContent()).toBe('Closed');
    expect(await read(raced.receipt.id)).toMatchObject({ status: 'closed', assignee: null });
    await screenshot(page, 'console-service-desk-conflict-1280');

    expect(errors).toEqual([]);
    expect(await violations()).toEqual([]);
    await context.close();
  }, 90_000);

  it('committee secretary, 360 px: closes a Suzhou request with a reason', async () => {
    const { receipt } = await file({ cityId: 'pizhou_suzhou', category: 'employment', description: '想找电子厂的工作' });
    const { context, page, errors, violations } = await openConsole(browser, { locale: 'zh-CN', ...phone });
    await app(page).getByRole('heading', { name: '登录管理台' }).waitFor();
    await signIn(page, STAFF.committee);
    await tab(page, '服务需求').click();
    await screen(page).getByRole('heading', { name: '服务需求', level: 1 }).waitFor();
    await screen(page).getByLabel('服务类别').selectOption({ label: '就业' });
    const mine = await find(page, receipt.reference);
    await mine.getByRole('button', { name: `查看 ${receipt.reference}` }).click();
    // On a phone the detail takes the list's place.
    await detail(page).getByRole('heading', { name: `${receipt.reference} · 就业` }).waitFor();
    expect(await mine.isVisible()).toBe(false);
    await detail(page).getByRole('button', { name: '关闭', exact: true }).click();
    await detail(page).getByLabel('关闭原因').fill('本人已找到工作，不再需要');
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-service-desk-close-360');
    await detail(page).getByRole('button', { name: '确认关闭' }).click();
    await detail(page).getByRole('status').filter({ hasText: `${receipt.reference} 已关闭。` }).waitFor();
    expect(await read(receipt.id)).toMatchObject({ status: 'closed', closeReason: '本人已找到工作，不再需要' });
    // Back to the list: the row says closed, and nothing runs off the 360 px screen.
    await detail(page).getByRole('button', { name: '返回列表' }).click();
    await poll(() => row(page, receipt.reference).locator('.badge').first().textContent()).toBe('已关闭');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, 'console-service-desk-360');
    expect(errors).toEqual([]);
    expect(await violations()).toEqual([]);
    await context.close();
  });
});
