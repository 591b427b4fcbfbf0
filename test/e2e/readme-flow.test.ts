// README.md's "Try the whole flow", followed as a newcomer would: the browser steps in Chromium by
// the labels the README names, and its shell blocks run as written (curl, `npm run keys`), only
// with this run's server address and the values a reader copies from one answer into the next.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../widgets/support/browser.ts';
import { checkIn, fillForm, freshMobile, visitor } from '../widgets/support/check-in.ts';

const exec = promisify(execFile);
const api = inject('apiUrl');
const README_URL = 'http://localhost:8787';

/** The section, its prose (what the browser steps click) and its shell commands, in order. */
const section = (() => {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('### Try the whole flow');
  const text = readme.slice(start, readme.indexOf('\n## ', start));
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
    m[1]!.replace(/\\\n\s*/g, '').split('\n').map((line) => line.trim()).filter(Boolean));
  // The prose as one line, so that a label the README wraps still reads as written.
  return { text: text.replace(/\s+/g, ' '), blocks };
})();

/** What a reader types for a README command: this server instead of 8787, their own values for the placeholders. */
async function run(command: string, values: Record<string, string> = {}): Promise<string> {
  let line = command.replaceAll(README_URL, api);
  for (const [placeholder, value] of Object.entries(values)) line = line.replaceAll(placeholder, value);
  expect(line, 'a placeholder the test has no value for').not.toMatch(/<[^>]+>/);
  // The operator command writes to the local D1 of `npm start`; this run's server has its own.
  if (line.startsWith('npm run keys')) line += ` --persist-to '${inject('persistTo')}'`;
  const { stdout } = await exec('bash', ['-c', line], { encoding: 'utf8', timeout: 60_000 });
  return stdout;
}

/** Each label the browser steps press must be what the README tells the reader to press. */
function says(label: string): string {
  expect(section.text, `README's flow names "${label}"`).toContain(label);
  return label;
}

let browser: Browser;
let page: Page;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

describe("README's flow, as written", () => {
  const mobile = freshMobile();
  let reference = '';

  it('has the two shell blocks the steps use', () => {
    expect(section.blocks.map((b) => b.length)).toEqual([2, 5]);
  });

  it('1. checks in on the demo portal: locate, choose a branch, verify the mobile, send', async () => {
    const context = await browser.newContext({
      ...visitor(), locale: 'zh-CN', geolocation: { latitude: 31.78, longitude: 119.95 }, permissions: ['geolocation'],
    });
    page = await context.newPage();
    await page.goto(`${api}/`);
    await page.getByRole('button', { name: says('使用我的位置') }).click();
    await page.locator('ginkgo-branch-finder [part="select-button"]').filter({ hasText: says('选择') }).first().click();
    expect(says('获取验证码')).toBe('获取验证码'); // pressed by fillForm, which reads the code from the outbox as the README says
    expect(section.text).toContain('{"smsOutbox":…}');
    await fillForm(page, mobile);
    await checkIn(page).getByLabel('我已阅读并同意上述内容').check();
    await checkIn(page).getByRole('button', { name: says('提交报到') }).click();
    reference = (await checkIn(page).locator('[part="reference"]').textContent({ timeout: 20_000 }))!.trim();
    expect(reference).toMatch(/^GK-[0-9A-Z]{8}$/);
  }, 90_000);

  it('2. confirms it with the two curl commands', async () => {
    const [list, confirm] = section.blocks[0]!;
    const pending = JSON.parse(await run(list!)) as { data: { id: string; reference: string; status: string }[] };
    const mine = pending.data.find((c) => c.reference === reference);
    expect(mine?.status).toBe('pending');
    const confirmed = JSON.parse(await run(confirm!, { '<id>': mine!.id })) as { status: string; reference: string };
    expect(confirmed).toMatchObject({ status: 'confirmed', reference });
  });

  it('3. shows it confirmed in the form\'s lookup', async () => {
    const form = checkIn(page);
    await form.getByRole('heading', { name: says('查询报到进度') }).waitFor();
    await form.getByRole('button', { name: says('查询'), exact: true }).click();
    await expect.poll(() => form.locator('[part="lookup-result"]').textContent(), { timeout: 10_000 }).toContain(says('党支部已确认'));
  });

  it('4. lists the three stations in the directory below the form', async () => {
    expect(section.text).toContain('Beijing, Suzhou and Changzhou stations');
    const directory = page.locator('ginkgo-station-directory');
    await expect.poll(() => directory.locator('[part="station-name"]').allTextContents(), { timeout: 10_000 })
      .toEqual(expect.arrayContaining([expect.stringContaining('北京'), expect.stringContaining('苏州'), expect.stringContaining('常州')]));
    await page.context().close();
  });

  it('5. files the example request from /docs with the secret key, then handles it as the station', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const docs = await context.newPage();
    await docs.goto(`${api}/docs`);
    // The bearer scheme is chosen already (routes/docs.ts): the reader pastes the key.
    await docs.getByPlaceholder('Token').first().fill('sk_test_pizhou_admin');
    expect(section.text).toContain('*Bearer Token*');
    await docs.getByText(says('Service requests'), { exact: true }).first().click();
    await docs.getByText(says('Ask for help in a service category'), { exact: false }).first().click();
    await docs.locator('[id$="/POST/v1/service-requests"]').getByRole('button', { name: says('Test Request') }).first().click();
    // The request client's header rows are editable cells: key, value, key, value…
    const cells = docs.locator('[contenteditable="true"]');
    await expect.poll(async () => (await cells.allTextContents()).map((t) => t.trim())).toContain(says('idempotency-key'));
    const keyAt = (await cells.allTextContents()).findIndex((t) => t.trim() === 'idempotency-key');
    await cells.nth(keyAt + 1).click();
    await docs.keyboard.type(says('try-0001'));
    const answered = docs.waitForResponse((r) => r.url() === `${api}/v1/service-requests` && r.request().method() === 'POST');
    await docs.getByRole('button', { name: /^Send/ }).first().click();
    const filed = await answered;
    expect(filed.status()).toBe(201);
    const receipt = await filed.json() as { reference: string; routedTo: { id: string } };
    expect(receipt.routedTo.id).toBe(says('st_changzhou'));
    await context.close();

    const [createKey, listOpen, assign, resolve, status] = section.blocks[1]!;
    const token = (await run(createKey!)).match(/\bsk_test_[A-Za-z0-9_]+/)?.[0];
    expect(token).toBeDefined();
    const open = JSON.parse(await run(listOpen!, { '<that key>': token! })) as { data: { id: string; reference: string }[] };
    const request = open.data.find((r) => r.reference === receipt.reference);
    expect(request).toBeDefined();
    const values = { '<that key>': token!, '<id>': request!.id, '<SR-…>': receipt.reference };
    expect(JSON.parse(await run(assign!, values))).toMatchObject({ status: 'assigned' });
    expect(JSON.parse(await run(resolve!, values))).toMatchObject({ status: 'resolved' });
    expect(JSON.parse(await run(status!, values))).toMatchObject({ reference: receipt.reference, status: 'resolved' });
  }, 120_000);
});
