// The interactive docs (Scalar) in real Chromium: nothing goes to another origin, no "Ask AI", and
// the page runs under its Content-Security-Policy (no inline script) without a violation.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../widgets/support/browser.ts';

const origin = new URL(inject('apiUrl')).origin;
let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

type Watched = { page: Page; context: BrowserContext; foreign: string[]; violations: () => Promise<string[]> };

/**
 * A page in its own context where every request is recorded, and one for another origin is
 * refused (tests run offline; a refused request is still recorded), and CSP violations are kept.
 */
async function watch(path: string): Promise<Watched> {
  const context = await browser.newContext({ locale: 'en-US' });
  const foreign: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  // Requests the routing does not see (a worker's, a beacon) still show as requests.
  context.on('request', (request) => {
    const url = request.url();
    if (/^https?:/.test(url) && new URL(url).origin !== origin && !foreign.includes(url)) foreign.push(url);
  });
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  const page = await context.newPage();
  await page.goto(`${origin}${path}`);
  return { page, context, foreign, violations: () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations) };
}

describe('/docs', () => {
  it('renders the API reference, calls no other origin, shows no Ask AI, runs without a CSP violation', async () => {
    const { page, context, foreign, violations } = await watch('/docs');
    try {
      // The reference is up: the document loaded and an operation is listed.
      await page.getByText('Nearest branches', { exact: false }).first().waitFor({ timeout: 20_000 });
      // Use it as a reader would: open an operation, the request client, and the search.
      await page.getByText('Nearest branches', { exact: false }).first().click();
      // Send it from the request client ("Try it"): it goes to this origin, through no proxy.
      await page.getByRole('button', { name: /Test Request/i }).first().click();
      const sent = page.waitForRequest((request) => request.url().startsWith(`${origin}/v1/branches/near`), { timeout: 10_000 });
      await page.getByRole('button', { name: /^Send/i }).first().click();
      await sent;
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+k');
      await page.keyboard.type('keys');
      await page.keyboard.press('Escape');
      await page.waitForTimeout(3000);

      expect(await page.getByText(/Ask AI/i).count()).toBe(0);
      expect(await page.getByRole('button', { name: /Ask AI|Generate (MCP|SDK)|Connect MCP/i }).count()).toBe(0);
      expect(foreign).toEqual([]);
      expect(await violations()).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('is sent with a script-restricting CSP and refuses framing', async () => {
    const res = await fetch(`${origin}/docs`);
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    // Every <script> is loaded from a file, or is data (the configuration, as JSON).
    const scripts = (await res.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.filter((tag) => !/\ssrc="\/docs\/[a-z-]+\.js"/.test(tag) && !/\stype="application\/json"/.test(tag))).toEqual([]);
    expect(scripts.length).toBeGreaterThan(1);
  });
});
