// The console's 组织架构 (organisation) screen in Chromium against the real worker: a committee
// secretary at 1280 px adds a branch under their committee, then changes its meeting place and
// English name, sees the saved state and finds the change live on the public branch route; a bad
// office phone shows its field error and changes nothing; once the home admin has moved the branch
// to another committee, the secretary's save is refused (403) and says so. Town staff add a village
// and name its contact person. A branch secretary at 360 px sees only
// their own branch, its form filled in from the public read, without horizontal scroll. axe on each
// screen; screenshots in .tmp/screens/console-organisation-*.png, English ones too (no CJK fonts).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Branch } from '../../schema/branches.ts';
import { app, desktop, focusedText, openConsole, phone, signIn, STAFF, tab } from '../support/console.ts';
import { axeViolations, launchChromium, screenshot } from '../widgets/support/browser.ts';

const apiUrl = inject('apiUrl');
const poll = <T>(read: () => Promise<T>, timeout = 10_000) => expect.poll(read, { timeout });
const RUN = Date.now().toString(36).slice(-5).toUpperCase();

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

const screen = (page: Page) => app(page).locator('console-organisation');
const tree = (page: Page, name: string) => screen(page).getByRole('list', { name, exact: true });
/** The branch as the public sees it: the finder's read, with the demo publishable key. */
const publicBranch = async (id: string) => {
  const res = await fetch(`${apiUrl}/v1/branches/${id}?key=pk_test_pizhou`, { cache: 'no-store' });
  expect(res.status).toBe(200);
  return (await res.json()) as Branch;
};
const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('组织架构 (organisation)', () => {
  it('committee secretary, 1280 px: adds a branch, changes its meeting place and English name; live on the public route', async () => {
    const { context, page, errors, violations } = await openConsole(browser, { locale: 'zh-CN', ...desktop });
    await app(page).getByRole('heading', { name: '登录管理台' }).waitFor();
    await signIn(page, STAFF.committee);
    await tab(page, '组织架构').click();
    await poll(() => page.evaluate(() => location.hash)).toBe('#/organisation');
    await screen(page).getByRole('heading', { name: '组织架构', level: 1 }).waitFor();
    // Only the host tree: the committee, opened at once, with its branches.
    const host = tree(page, '流入地党组织（党委 → 支部）');
    await host.getByRole('button', { name: /^苏州工业园区流动党员党支部\s/ }).waitFor();
    expect(await screen(page).getByText('户籍地党组织（镇 → 村）').count()).toBe(0);

    // The committee: its names, and a branch added under it.
    await host.getByRole('button', { name: /^邳州市驻苏州流动党员综合党委\s/ }).click();
    await screen(page).getByRole('heading', { name: '邳州市驻苏州流动党员综合党委', level: 2 }).waitFor();
    expect(await screen(page).getByLabel('英文名称').inputValue()).toBe("Pizhou Mobile Members' Committee in Suzhou");
    await screen(page).getByRole('button', { name: '新建下属支部' }).click();
    await screen(page).getByRole('heading', { name: '在“邳州市驻苏州流动党员综合党委”下新建流动党支部', level: 2 }).waitFor();
    const nameZh = `青岛城阳测试支部${RUN}`;
    // In Qingdao, far from the cities whose branches the finder's tests count and rank.
    await screen(page).getByLabel('中文名称').fill(nameZh);
    await screen(page).getByLabel('英文名称').fill(`Chengyang Test Branch ${RUN}`);
    await screen(page).getByLabel('所在城市').selectOption({ label: '青岛' });
    await screen(page).getByLabel('中文地址').fill('山东省青岛市城阳区正阳路1号');
    await screen(page).getByLabel('英文地址').fill('1 Zhengyang Road, Chengyang, Qingdao');
    await screen(page).getByLabel('纬度').fill('36.31');
    await screen(page).getByLabel('经度').fill('120.39');
    const added = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/branches' && r.request().method() === 'POST');
    await screen(page).getByRole('button', { name: '新建', exact: true }).click();
    const addedRes = await added;
    expect(addedRes.status()).toBe(201);
    const id = ((await addedRes.json()) as Branch).id;
    await screen(page).getByRole('status').filter({ hasText: `已新建“${nameZh}”。` }).waitFor();
    await host.getByRole('button', { name: new RegExp(`^${nameZh}\\s`) }).waitFor();
    expect((await publicBranch(id)).committee?.id).toBe('cm_suzhou');

    // The form is now the new branch's: change its meeting place and English name.
    await screen(page).getByRole('heading', { name: nameZh, level: 2 }).waitFor();
    await screen(page).getByLabel('活动地点（中文）').fill('城阳区党群服务中心三楼');
    await screen(page).getByLabel('英文名称').fill(`Chengyang Branch ${RUN}`);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-organisation-1280');
    const saved = page.waitForResponse((r) => new URL(r.url()).pathname === `/v1/branches/${id}` && r.request().method() === 'POST');
    await screen(page).getByRole('button', { name: '保存' }).click();
    // Only what changed is sent.
    expect((await saved).request().postDataJSON()).toEqual({ nameEn: `Chengyang Branch ${RUN}`, meetingPlaceZh: '城阳区党群服务中心三楼' });
    await screen(page).getByRole('status').filter({ hasText: `已保存“${nameZh}”的修改。` }).waitFor();
    // The form stayed in view while it was read again: focus is still on its button.
    expect(await focusedText(page)).toBe('button 保存');
    // The saved state, read back from the public route.
    expect(await screen(page).getByLabel('活动地点（中文）').inputValue()).toBe('城阳区党群服务中心三楼');
    expect(await screen(page).getByLabel('英文名称').inputValue()).toBe(`Chengyang Branch ${RUN}`);
    // The English meeting place was never given: empty here, though the public branch shows the Chinese for it.
    expect(await screen(page).getByLabel('活动地点（英文）').inputValue()).toBe('');
    const live = await publicBranch(id);
    expect([live.name.en, live.meetingPlace]).toEqual([`Chengyang Branch ${RUN}`, { zh: '城阳区党群服务中心三楼', en: '城阳区党群服务中心三楼' }]);

    // A bad office phone: its field error, and nothing changes.
    await screen(page).getByLabel('办公电话').fill('call me');
    await screen(page).getByLabel('活动时间（中文）').fill('每周一 19:00');
    const refused = page.waitForResponse((r) => new URL(r.url()).pathname === `/v1/branches/${id}` && r.request().method() === 'POST');
    await screen(page).getByRole('button', { name: '保存' }).click();
    expect((await refused).status()).toBe(400);
    await screen(page).getByText('请填写办公电话：5–20 位，只含数字、空格和 + - ( )。').waitFor();
    await screen(page).getByRole('alert').filter({ hasText: '请更正标出的内容。' }).waitFor();
    expect(await screen(page).getByLabel('办公电话').getAttribute('aria-invalid')).toBe('true');
    expect(await screen(page).getByLabel('活动时间（中文）').getAttribute('aria-invalid')).toBe('false');
    const after = await publicBranch(id);
    expect([after.officePhone, after.meetingTimes]).toEqual([null, null]);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await app(page).getByRole('button', { name: 'English' }).click();
    await screen(page).getByText('Enter an office phone: 5–20 of digits, spaces and + - ( ).').waitFor();
    await screenshot(page, 'console-organisation-error-1280-en');
    await app(page).getByRole('button', { name: '中文' }).click();

    // Meanwhile the home admin moves the branch to another committee: the secretary's save is refused, and says so.
    const moved = await fetch(`${apiUrl}/v1/branches/${id}`, {
      method: 'POST', headers: { Authorization: 'Bearer sk_test_pizhou_admin', 'Content-Type': 'application/json' },
      body: JSON.stringify({ committeeId: 'cm_changzhou' }),
    });
    expect(moved.status).toBe(200);
    await screen(page).getByLabel('办公电话').fill('0512-66000000');
    await screen(page).getByRole('button', { name: '保存' }).click();
    await screen(page).getByRole('alert').filter({ hasText: '您当前的身份不能修改这个组织（或不能修改其中某一项）。' }).waitFor();
    expect((await publicBranch(id)).officePhone).toBeNull();

    expect(errors).toEqual([]);
    expect(await violations()).toEqual([]);
    await context.close();
  }, 180_000);

  it('town staff, 1280 px: add a village to their town and name its contact person', async () => {
    const { context, page, errors, violations } = await openConsole(browser, { locale: 'en', ...desktop });
    await app(page).getByRole('heading', { name: 'Sign in to the staff console' }).waitFor();
    await signIn(page, STAFF.town, { lang: 'en' });
    await tab(page, 'Organisation').click();
    const home = tree(page, 'Home organisation (towns → villages)');
    await home.getByRole('button', { name: /^Gangshang Town\s/ }).click();
    await screen(page).getByRole('heading', { name: 'Gangshang Town', level: 2 }).waitFor();
    // A town has no contact person field: that is a village's.
    expect(await screen(page).getByLabel('Contact person for mobile members').count()).toBe(0);
    await screen(page).getByRole('button', { name: 'Add a village' }).click();
    await screen(page).getByRole('heading', { name: 'New village under Gangshang Town', level: 2 }).waitFor();
    const nameEn = `Gangshang East Village ${RUN}`;
    await screen(page).getByLabel('Name (Chinese)').fill(`港上东村党支部${RUN}`);
    await screen(page).getByLabel('Name (English)').fill(nameEn);
    await screen(page).getByRole('button', { name: 'Add', exact: true }).click();
    await screen(page).getByRole('status').filter({ hasText: `Added ${nameEn}.` }).waitFor();
    await home.getByRole('button', { name: new RegExp(`^${nameEn}\\s`) }).waitFor();

    // The new village's form: no contact yet; the town's and the village's staff to pick from.
    await screen(page).getByRole('heading', { name: nameEn, level: 2 }).waitFor();
    const contact = screen(page).getByLabel('Contact person for mobile members');
    expect(await contact.locator('option:checked').textContent()).toBe('No contact person');
    expect(await contact.locator('option').allTextContents()).toEqual(['No contact person', '港上镇 王干事']);
    await contact.selectOption({ label: '港上镇 王干事' });
    const saved = page.waitForResponse((r) => /^\/v1\/home-units\/hu_/.test(new URL(r.url()).pathname) && r.request().method() === 'POST');
    await screen(page).getByRole('button', { name: 'Save' }).click();
    expect((await saved).request().postDataJSON()).toEqual({ contactUserId: 'su_demo_town' });
    await screen(page).getByRole('status').filter({ hasText: `Saved the changes to ${nameEn}.` }).waitFor();
    await poll(() => contact.locator('option:checked').textContent()).toBe('港上镇 王干事');
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-organisation-village-1280-en');

    expect(errors).toEqual([]);
    expect(await violations()).toEqual([]);
    await context.close();
  }, 180_000);

  it('branch secretary, 360 px: only their branch, its form filled in; no horizontal scroll', async () => {
    const { context, page, errors, violations } = await openConsole(browser, { locale: 'en', ...phone });
    await app(page).getByRole('heading', { name: 'Sign in to the staff console' }).waitFor();
    await signIn(page, STAFF.branchSecretary, { lang: 'en' });
    await tab(page, 'Organisation').click();
    await screen(page).getByRole('heading', { name: 'Organisation', level: 1 }).waitFor();
    const host = tree(page, 'Host organisation (committees → branches)');
    await host.getByRole('button', { name: /^Lingjiatang Market Branch\s/ }).waitFor();
    expect(await host.getByRole('button').count()).toBe(1);
    expect(await screen(page).getByText('Home organisation (towns → villages)').count()).toBe(0);
    expect(await screen(page).getByRole('button', { name: /^Add a/ }).count()).toBe(0);

    await host.getByRole('button', { name: /^Lingjiatang Market Branch\s/ }).click();
    await screen(page).getByRole('heading', { name: 'Lingjiatang Market Branch', level: 2 }).waitFor();
    const current = await publicBranch('br_cz_lingjiatang');
    await poll(() => screen(page).getByLabel('Meeting place (Chinese)').inputValue()).toBe(current.meetingPlace?.zh ?? '');
    expect(await screen(page).getByLabel('Name (English)').inputValue()).toBe(current.name.en);
    expect(await screen(page).getByLabel('Office phone').inputValue()).toBe(current.officePhone ?? '');
    expect(await screen(page).getByLabel('Latitude').inputValue()).toBe(String(current.position.lat));
    // Moving the branch to another committee is the home admin's: no such field here.
    expect(await screen(page).getByLabel('Mobile members\u2019 committee').count()).toBe(0);
    await screen(page).getByText('Only the county organisation department moves a branch to another committee.').waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-organisation-360-en');

    // An empty English name: refused by the API, shown at the field, nothing changed.
    await screen(page).getByLabel('Name (English)').fill('  ');
    await screen(page).getByRole('button', { name: 'Save' }).click();
    await screen(page).getByText('Enter the English name (1–100 characters).').waitFor();
    expect((await publicBranch('br_cz_lingjiatang')).name.en).toBe(current.name.en);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);

    expect(errors).toEqual([]);
    expect(await violations()).toEqual([]);
    await context.close();
  }, 180_000);
});
