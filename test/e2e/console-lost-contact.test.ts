// The console's 失联 (lost contact) screen in Chromium against the real worker. The daily job is run
// by hand (/__scheduled, as docs/operations.md says): the seeded members were put on the roster in
// March 2025 and have not checked in, so it opens a case for each. The village staffer on a 360 px
// phone records a 无人接听 attempt, then a 已联系上 one that closes the case (it leaves the open
// list, and the closed list has it with both attempts), snoozes a case, and moves another's due date
// into the past, where the 已逾期 list has it until it is snoozed too. Then it picks an assignee among
// the staff who see the member, records how far the member moved and the activity card, closes a
// case by hand (已去世), finds it on the 已结案 list and reopens it. Checked against the API with
// the admin key; axe on each screen; screenshots in .tmp/screens/console-lost-contact-*.png.
// Then a campaign ends with 张伟 silent (campaign and letter written into the server's D1, as the
// campaign parts would): his case names it, 找老乡帮忙 lists 陈静 of his village in Changzhou to call,
// and asking her, who passed on news of him, closes the case.
import type { Browser, Page } from 'playwright-core';
import { getPlatformProxy } from 'wrangler';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LostContactCase } from '../../schema/lost-contact.ts';
import { app, desktop, focusedText, openConsole, phone, signIn, STAFF, tab } from '../support/console.ts';
import { axeViolations, launchChromium, screenshot } from '../widgets/support/browser.ts';

const apiUrl = inject('apiUrl');
const poll = <T>(read: () => Promise<T>, timeout = 10_000) => expect.poll(read, { timeout });
const VILLAGE = 'hu_gangshang_bei';
const DAY = 86_400_000;
/** `YYYY-MM-DD` in Shanghai. */
const shanghaiDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

/** The cases of a status, through the admin key. */
async function cases(status: 'open' | 'overdue' | 'closed'): Promise<LostContactCase[]> {
  const res = await fetch(`${apiUrl}/v1/lost-contact?status=${status}&limit=100`, { headers: { Authorization: 'Bearer sk_test_pizhou_admin' } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: LostContactCase[] }).data;
}
const byId = async (status: 'open' | 'overdue' | 'closed', id: string) => (await cases(status)).find((c) => c.id === id);

/** Runs SQL on the server's local D1 (what the campaign screens, built elsewhere, would write). */
async function d1(...statements: string[]): Promise<void> {
  const proxy = await getPlatformProxy<{ DB: D1Database }>({ persist: { path: `${inject('persistTo')}/v3` } });
  try {
    await proxy.env.DB.batch(statements.map((s) => proxy.env.DB.prepare(s)));
  } finally {
    await proxy.dispose();
  }
}
const admin = { Authorization: 'Bearer sk_test_pizhou_admin', 'Content-Type': 'application/json' };

const screen = (page: Page) => app(page).locator('console-lost-contact');
const card = (page: Page, name: string) => screen(page).locator('article').filter({ has: page.getByRole('heading', { name, exact: true }) });
const status = (page: Page, text: string | RegExp) => screen(page).getByRole('status').filter({ hasText: text });

describe('失联 (lost contact)', () => {
  it('village staff, 360 px: attempts, a case closed as found, a snooze, a due date; the overdue list', async () => {
    const ran = await fetch(`${apiUrl}/__scheduled?cron=17+3+*+*+*`);
    expect(ran.status).toBe(200);
    const open = (await cases('open')).filter((c) => c.member.homeUnit.id === VILLAGE && c.member.lastCheckInAt === null);
    // Gangshang North has four seeded members who never checked in (worker/src/seed/pizhou.ts).
    expect(open.length, 'the daily job opened no cases for the seeded villagers: are they on the roster for under six months?').toBeGreaterThanOrEqual(3);
    const [found, snoozed, late] = open as [LostContactCase, LostContactCase, LostContactCase];

    const { context, page, errors, violations } = await openConsole(browser, { locale: 'zh-CN', ...phone });
    await app(page).getByRole('heading', { name: '登录管理台' }).waitFor();
    await signIn(page, STAFF.village);
    await tab(page, '失联').click();
    await screen(page).getByRole('heading', { name: '失联党员', level: 1 }).waitFor();
    await card(page, found.member.name).waitFor();
    const first = card(page, found.member.name);
    expect(await first.getByRole('link', { name: found.member.mobile }).getAttribute('href')).toBe(`tel:${found.member.mobile}`);
    expect(await first.textContent()).toContain('港上北村党支部');
    // The case went to the village's contact person, the demo village staffer.
    expect(await first.locator('dd').nth(3).textContent()).toBe('港上北村 李主任');
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-lost-contact-360');

    // 无人接听: recorded, the case stays open.
    await first.getByRole('button', { name: '记录联系' }).click();
    expect(await focusedText(page)).toMatch(/^select /);
    await first.getByLabel('结果').selectOption({ label: '无人接听' });
    await first.screenshot({ path: '.tmp/screens/console-lost-contact-attempt-360.png' });
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await first.getByRole('button', { name: '保存记录' }).click();
    await status(page, `已记录对${found.member.name}的联系：无人接听。`).waitFor();
    await poll(() => first.locator('dd').nth(4).textContent()).toMatch(/^1 次/);

    // 已联系上: the case closes and leaves the list; focus moves on.
    await first.getByRole('button', { name: '记录联系' }).click();
    await first.getByLabel('联系方式').selectOption({ label: '电话' });
    await first.getByLabel('结果').selectOption({ label: '已联系上' });
    await first.getByLabel('备注（选填）').fill('本人接听，在常州务工');
    await first.getByRole('button', { name: '保存记录' }).click();
    await status(page, `已记录对${found.member.name}的联系：已联系上。该案已结案。`).waitFor();
    await poll(() => card(page, found.member.name).count()).toBe(0);
    expect(await focusedText(page)).toMatch(/^article /);
    const closed = await byId('closed', found.id);
    expect([closed?.closedReason, closed?.attempts]).toEqual(['found', 2]);

    // The closed list has it, with both attempts.
    await screen(page).getByRole('button', { name: '已结案' }).click();
    const done = card(page, found.member.name);
    await done.waitFor();
    expect(await done.textContent()).toContain('已联系上');
    await done.getByRole('button', { name: '联系记录（2）' }).click();
    const attempts = done.getByRole('list', { name: `${found.member.name}的联系记录` });
    await poll(() => attempts.locator('li').allTextContents()).toEqual([
      expect.stringMatching(/电话 · 无人接听$/), expect.stringMatching(/电话 · 已联系上 · 本人接听，在常州务工$/),
    ]);
    expect(await done.getByRole('button', { name: '记录联系' }).count()).toBe(0);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-lost-contact-closed-360');

    // Snoozed for 7 days: a mark on the card, and on the server.
    await screen(page).getByRole('button', { name: '跟进中' }).click();
    await card(page, snoozed.member.name).getByRole('button', { name: '暂缓 7 天' }).click();
    await status(page, new RegExp(`^${snoozed.member.name}的案件已暂缓至 `)).waitFor();
    await card(page, snoozed.member.name).getByText(/^暂缓至 /).waitFor();
    const until = (await byId('open', snoozed.id))?.snoozedUntil ?? 0;
    expect(Math.abs(until - (Date.now() + 7 * DAY))).toBeLessThan(60_000);

    // A due date in the past: overdue, on the 已逾期 list until snoozed.
    const late1 = card(page, late.member.name);
    await late1.getByRole('button', { name: '修改截止日期' }).click();
    await late1.getByLabel('新的截止日期').fill(shanghaiDate(Date.now() - 2 * DAY));
    await late1.getByRole('button', { name: '保存日期' }).click();
    await status(page, new RegExp(`^${late.member.name}的案件截止日期已改为 `)).waitFor();
    await late1.getByText('已逾期', { exact: true }).waitFor();
    const due = (await byId('overdue', late.id))?.dueAt ?? 0;
    expect(shanghaiDate(due)).toBe(shanghaiDate(Date.now() - 2 * DAY));
    await screen(page).getByRole('button', { name: '已逾期' }).click();
    await card(page, late.member.name).waitFor();
    expect(await card(page, snoozed.member.name).count()).toBe(0);
    await screenshot(page, 'console-lost-contact-overdue-360');
    await card(page, late.member.name).getByRole('button', { name: '暂缓 30 天' }).click();
    await poll(() => card(page, late.member.name).count()).toBe(0);
    expect(await byId('overdue', late.id)).toBeUndefined();

    // Back on the open list: pick an assignee among those who see the member (the admin, the
    // town's and the village's staffers, and their host side's), and record how far the member moved.
    await screen(page).getByRole('button', { name: '跟进中' }).click();
    const other = card(page, snoozed.member.name);
    await other.getByRole('button', { name: '指派负责人' }).click();
    const picker = other.getByLabel('负责人', { exact: true });
    await poll(() => picker.locator('option').allTextContents()).toEqual(expect.arrayContaining([
      '港上镇 王干事（镇（街道））', '港上北村 李主任（村（社区））', expect.stringMatching(/^县委组织部 管理员/),
    ]));
    // Never the station manager or the partner: their grants see no members.
    expect((await picker.locator('option').allTextContents()).join()).not.toMatch(/周站长|孙秘书长/);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await picker.selectOption({ label: '港上镇 王干事（镇（街道））' });
    await other.getByRole('button', { name: '保存负责人' }).click();
    await status(page, `${snoozed.member.name}的案件已指派给港上镇 王干事。`).waitFor();
    expect(await other.locator('dd').nth(3).textContent()).toBe('港上镇 王干事');
    expect((await byId('open', snoozed.id))?.assignee?.id).toBe('su_demo_town');

    const fields = other.locator('console-member-fields');
    await fields.getByRole('button', { name: new RegExp(`^修改流动信息\\s*（${snoozed.member.name}）$`) }).click();
    await fields.getByLabel('流动范围').selectOption({ label: '跨省流动' });
    await fields.getByLabel('持有流动党员活动证').check();
    await fields.getByRole('button', { name: '保存', exact: true }).click();
    await fields.getByText(`已保存${snoozed.member.name}的流动范围和活动证。`).waitFor();
    expect(await fields.locator('dd').allTextContents()).toEqual(['跨省流动', '已持有流动党员活动证']);
    const member = await (await fetch(`${apiUrl}/v1/members/${snoozed.member.id}`, { headers: { Authorization: 'Bearer sk_test_pizhou_admin' } })).json();
    expect(member).toMatchObject({ moveDistance: 'other_province', hasActivityCard: true });
    await screenshot(page, 'console-lost-contact-assign-360');

    // Close a case by hand: a reason is needed ("other" needs a note); it leaves the open list.
    const leaving = card(page, late.member.name);
    await leaving.getByRole('button', { name: '结案', exact: true }).click();
    await leaving.getByLabel('结案原因').selectOption({ label: '其他' });
    await leaving.getByRole('button', { name: '确认结案' }).click();
    await leaving.getByText('请选择结案原因；原因为“其他”时请填写说明。').waitFor();
    expect(await focusedText(page)).toMatch(/^textarea/);
    await leaving.getByLabel('结案原因').selectOption({ label: '已去世' });
    await leaving.getByLabel('说明（原因为“其他”时必填）').fill('家属告知已于今年去世');
    await leaving.getByRole('button', { name: '确认结案' }).click();
    await status(page, `${late.member.name}的案件已结案：已去世。`).waitFor();
    await poll(() => card(page, late.member.name).count()).toBe(0);
    expect(await byId('closed', late.id)).toMatchObject({ closedReason: 'deceased', closedNote: '家属告知已于今年去世' });

    // The closed filter has it, marked; reopened, it is back on the open list.
    await screen(page).getByRole('button', { name: '已结案' }).click();
    const shut = card(page, late.member.name);
    await shut.getByText('已去世', { exact: true }).waitFor();
    expect(await shut.textContent()).toContain('家属告知已于今年去世');
    await shut.getByRole('button', { name: '重新打开' }).click();
    await status(page, `${late.member.name}的案件已重新打开，两周内跟进。`).waitFor();
    await poll(() => card(page, late.member.name).count()).toBe(0);
    expect((await byId('open', late.id))?.closedAt).toBeNull();

    await screen(page).getByRole('button', { name: '跟进中' }).click();
    await card(page, late.member.name).waitFor();
    await app(page).getByRole('button', { name: 'English' }).click();
    await screen(page).getByRole('heading', { name: 'Lost contact', level: 1 }).waitFor();
    await screenshot(page, 'console-lost-contact-360-en');
    await page.setViewportSize(desktop.viewport);
    await screenshot(page, 'console-lost-contact-1280-en');
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('a campaign\'s silent member: the campaign named, fellows to call, asking one finds him (360 px, 1280 px)', async () => {
    // 张伟 without an open case, then silent at the end of a campaign; 陈静 (his village, Changzhou)
    // proved her mobile and checked in ten days ago.
    const before = (await cases('open')).find((c) => c.member.id === 'mb_demo_01');
    if (before) await fetch(`${apiUrl}/v1/lost-contact/${before.id}/attempts`, { method: 'POST', headers: admin, body: JSON.stringify({ channel: 'phone', outcome: 'reached' }) });
    const now = Date.now();
    await d1(
      `update members set mobile_verified_at = ${now - 400 * DAY}, last_check_in_at = ${now - 10 * DAY} where id = 'mb_demo_05'`,
      `insert into campaigns (id, tenant_id, title_zh, title_en, body_zh, signatory, starts_at, ends_at, audience, channels, status, created_by_key_id, created_at, updated_at)
        values ('cmp_e2e', 'pizhou', '2026年家乡来信', 'Letter from home 2026', '…', '中共邳州市委组织部', ${now - 40 * DAY}, ${now - DAY}, '{}', '["sms"]', 'sent', 'key_demo_sk', ${now}, ${now})`,
      `insert into campaign_letters (id, tenant_id, campaign_id, member_id, code, home_unit_id, home_town_id, member_branch_id, member_committee_id, created_at)
        select 'ltr_e2e_01', tenant_id, 'cmp_e2e', id, 'E2ELTR2345', home_unit_id, home_town_id, host_branch_id, host_committee_id, ${now} from members where id = 'mb_demo_01'`,
    );
    expect((await fetch(`${apiUrl}/__scheduled?cron=*/15+*+*+*+*`)).status).toBe(200);
    // The sweep's work runs after its response (waitUntil).
    await poll(async () => (await cases('open')).some((c) => c.campaign?.id === 'cmp_e2e')).toBe(true);
    const handed = (await cases('open')).find((c) => c.campaign?.id === 'cmp_e2e')!;
    expect(handed.member.id).toBe('mb_demo_01');

    const { context, page, errors, violations } = await openConsole(browser, { locale: 'zh-CN', ...phone });
    await app(page).getByRole('heading', { name: '登录管理台' }).waitFor();
    await signIn(page, STAFF.village);
    await tab(page, '失联').click();
    const zhang = card(page, '张伟');
    await zhang.waitFor();
    expect(await zhang.textContent()).toContain('未回复的来信2026年家乡来信');
    await zhang.getByRole('button', { name: '找老乡帮忙' }).click();
    const panel = zhang.locator('console-lost-contact-fellows');
    await panel.getByRole('heading', { name: '请老乡帮忙找张伟' }).waitFor();
    const fellows = panel.getByRole('list', { name: '可以帮忙找张伟的老乡' });
    await fellows.waitFor();
    // 陈静 (same village, in 常州, reported within the year); other tests' members of 港上北村 in 常州 may join her.
    expect(await fellows.getByRole('link', { name: /13800000005/ }).getAttribute('href')).toBe('tel:13800000005');
    expect(await fellows.locator('li').allTextContents()).not.toContain(expect.stringContaining('13800000001'));
    await panel.getByText(/同村、现居常州、一年内报到过/).waitFor();
    // Nothing chosen: the form says what is missing.
    await panel.getByRole('button', { name: '保存记录' }).click();
    await panel.getByText('请选择问了哪位老乡和结果。').waitFor();
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await zhang.screenshot({ path: '.tmp/screens/console-lost-contact-fellows-360.png' });

    await app(page).getByRole('button', { name: 'English' }).click();
    await panel.getByRole('heading', { name: 'Ask fellow members to help find 张伟' }).waitFor();
    expect(await zhang.textContent()).toContain('Unanswered letterLetter from home 2026');
    await zhang.screenshot({ path: '.tmp/screens/console-lost-contact-fellows-360-en.png' });
    await page.setViewportSize(desktop.viewport);
    await zhang.scrollIntoViewIfNeeded();
    await screenshot(page, 'console-lost-contact-fellows-1280-en');
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);

    // Asked 陈静, who passed on news of him: found, the case closes and leaves the list.
    await panel.getByLabel('Fellow member asked').selectOption({ label: '陈静（13800000005）' });
    await panel.getByLabel('Outcome').selectOption({ label: 'Relayed by others' });
    await panel.getByLabel('Note (optional)').fill('陈静说他在武进开店');
    await panel.getByRole('button', { name: 'Save' }).click();
    await status(page, 'Attempt to reach 张伟 recorded: Relayed by others. The case is closed.').waitFor();
    await poll(() => card(page, '张伟').count()).toBe(0);
    expect(await byId('closed', handed.id)).toMatchObject({ closedReason: 'found', campaign: { id: 'cmp_e2e' } });
    const attempts = await (await fetch(`${apiUrl}/v1/lost-contact/${handed.id}/attempts`, { headers: admin })).json() as { data: { channel: string; fellow: unknown }[] };
    expect(attempts.data.at(-1)).toMatchObject({ channel: 'fellow', fellow: { id: 'mb_demo_05', name: '陈静' } });
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
