// The console's 邀请 (invite staff) screen in Chromium against the real worker: the home admin at
// 1280 px meets the form's own checks, invites a village staffer picked from the home tree, copies
// the link, and meets a field error from the server; the invitee opens the link on a phone, signs
// in with the code from the outbox and acts as village staff; a committee secretary at 360 px may
// invite only branch secretaries, for the committee's branches. axe on each screen; screenshots in
// .tmp/screens/console-staff-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { app, desktop, focusedText, openConsole, phone, signIn, STAFF, tab } from '../support/console.ts';
import { axeViolations, launchChromium, screenshot } from '../widgets/support/browser.ts';

const apiUrl = inject('apiUrl');
const poll = <T>(read: () => Promise<T>, timeout = 10_000) => expect.poll(read, { timeout });
const RUN = Date.now().toString(36).slice(-5).toUpperCase();
const freshMobile = () => `1398${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

const screen = (page: Page) => app(page).locator('console-staff');

describe('邀请 (invite staff)', () => {
  it('home admin, 1280 px: checks, a village staffer from the tree, the link once; the invitee signs in with it', async () => {
    const { context, page, errors, violations } = await openConsole(browser, {
      locale: 'zh-CN', ...desktop, permissions: ['clipboard-read', 'clipboard-write'],
    });
    await app(page).getByRole('heading', { name: '登录管理台' }).waitFor();
    await signIn(page, STAFF.admin);
    await tab(page, '邀请').click();
    await screen(page).getByRole('heading', { name: '邀请工作人员', level: 1 }).waitFor();

    // Nothing filled in: each field says what it needs, and focus is on the first.
    await screen(page).getByRole('button', { name: '生成邀请链接' }).click();
    await screen(page).getByRole('alert').filter({ hasText: '请更正标出的内容。' }).waitFor();
    for (const text of ['请填写姓名（1–40 字）。', '请输入 11 位中国大陆手机号。', '请选择身份。']) await screen(page).getByText(text).waitFor();
    expect(await screen(page).getByLabel('姓名').getAttribute('aria-invalid')).toBe('true');
    expect(await focusedText(page)).toMatch(/^input/);

    const name = `受邀村干部${RUN}`;
    const mobile = freshMobile();
    await screen(page).getByLabel('姓名').fill(name);
    await screen(page).getByLabel('手机号').fill(mobile);
    await screen(page).getByLabel('身份').selectOption({ label: '村（社区）' });
    // Towns only open; villages are picked.
    const tree = screen(page).getByRole('list', { name: '户籍地党组织' });
    expect(await tree.getByRole('button', { name: /^港上镇\s/ }).count()).toBe(0);
    await tree.getByRole('button', { name: '港上镇的下级组织' }).click();
    await tree.getByRole('button', { name: /^港上北村党支部\s/ }).click();
    await screen(page).getByText('已选：港上北村党支部').waitFor();
    // Every field fixed: the form no longer says to correct it.
    expect(await screen(page).getByRole('alert').count()).toBe(0);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-staff-1280');
    await screen(page).getByRole('button', { name: '生成邀请链接' }).click();

    // The link, shown once, with how long it works; copied to the clipboard.
    await screen(page).getByRole('heading', { name: '邀请链接已生成' }).waitFor();
    const link = await screen(page).getByLabel('邀请链接', { exact: true }).inputValue();
    expect(link).toMatch(new RegExp(`^${apiUrl}/console/#/invite/[A-Za-z0-9_-]{43}$`));
    expect(await screen(page).getByRole('region', { name: '邀请链接已生成' }).textContent()).toContain(`请把链接发给 ${name}（${mobile}）。对方用该手机号登录管理台后，即成为：村（社区） · 港上北村党支部。`);
    expect(await screen(page).locator('.warning').textContent()).toMatch(/^链接只显示这一次，7 天内有效（至 .+），只能使用一次。/);
    await screen(page).getByRole('button', { name: '复制链接' }).click();
    await screen(page).getByRole('status').filter({ hasText: '已复制到剪贴板。' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-staff-link-1280');
    await app(page).getByRole('button', { name: 'English' }).click();
    await screen(page).getByRole('heading', { name: 'Invitation link ready' }).waitFor();
    await screenshot(page, 'console-staff-link-1280-en');
    await app(page).getByRole('button', { name: '中文' }).click();

    // A station by an id the server does not know: its error next to the field.
    await screen(page).getByRole('button', { name: '再邀请一位' }).click();
    await screen(page).getByLabel('姓名').fill(`受邀站长${RUN}`);
    await screen(page).getByLabel('手机号').fill(freshMobile());
    await screen(page).getByLabel('身份').selectOption({ label: '服务站' });
    await screen(page).getByLabel('服务站编号').fill('st_nowhere');
    await screen(page).getByRole('button', { name: '生成邀请链接' }).click();
    await screen(page).getByText('请选择所属组织（或填写正确的编号）。').waitFor();
    expect(await screen(page).getByLabel('服务站编号').getAttribute('aria-invalid')).toBe('true');
    await poll(() => focusedText(page)).toBe('input ');
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();

    // The invitee, on a phone: the link, the invited mobile's code, and the new role.
    const invitee = await openConsole(browser, { locale: 'zh-CN', ...phone }, new URL(link).pathname + new URL(link).hash);
    await app(invitee.page).getByRole('status').filter({ hasText: '请使用受邀的手机号登录' }).waitFor();
    const me = await signIn(invitee.page, mobile);
    expect([me.user.name, me.grants.map((g) => g.role)]).toEqual([name, ['village_staff']]);
    await app(invitee.page).getByRole('status').filter({ hasText: '已接受邀请，新的身份已生效。' }).waitFor();
    await poll(() => app(invitee.page).locator('console-account .account').textContent()).toContain('村（社区） · 港上北村党支部');
    await poll(() => app(invitee.page).getByRole('navigation').getByRole('link').allTextContents())
      .toEqual([expect.stringMatching(/^待确认/), '花名册', '未报到', '失联', '组织架构', '家乡来信']);
    expect(invitee.errors).toEqual([]);
    await invitee.context.close();
  }, 180_000);

  it('committee secretary, 360 px: only branch secretaries, for the committee\'s branches', async () => {
    const { context, page, errors, violations } = await openConsole(browser, { locale: 'zh-CN', ...phone });
    await app(page).getByRole('heading', { name: '登录管理台' }).waitFor();
    await signIn(page, STAFF.committee);
    expect(await tab(page, '导入').count()).toBe(0);
    await tab(page, '邀请').click();
    await screen(page).getByText('您可以邀请本党委下属流动党支部的书记。').waitFor();
    expect(await screen(page).locator('#role').textContent()).toBe('流动党支部书记');
    const branch = screen(page).getByLabel('流动党支部');
    await poll(() => branch.locator('option').allTextContents())
      .toEqual(['请选择流动党支部', '苏州工业园区流动党员党支部', '苏州吴中区流动党员党支部']);
    const name = `受邀支书${RUN}`;
    await screen(page).getByLabel('姓名').fill(name);
    await screen(page).getByLabel('手机号').fill(freshMobile());
    await branch.selectOption({ label: '苏州吴中区流动党员党支部' });
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-staff-360');
    await screen(page).getByRole('button', { name: '生成邀请链接' }).click();
    await screen(page).getByRole('heading', { name: '邀请链接已生成' }).waitFor();
    expect(await screen(page).getByRole('region', { name: '邀请链接已生成' }).textContent()).toContain('即成为：流动党支部书记 · 苏州吴中区流动党员党支部。');
    await screenshot(page, 'console-staff-link-360');
    await app(page).getByRole('button', { name: 'English' }).click();
    await screen(page).getByRole('button', { name: 'Invite someone else' }).click();
    await screen(page).getByRole('heading', { name: 'Invite staff', level: 1 }).waitFor();
    await screenshot(page, 'console-staff-360-en');
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
