// Static files come from Workers static assets, which only `wrangler dev` (not the test pool) serves.
import { expect, inject, it } from 'vitest';

const url = (path: string) => `${inject('apiUrl')}${path}`;

it('serves /widgets.js for any origin to load, with safe headers', async () => {
  const res = await fetch(url('/widgets.js'));
  expect(res.status).toBe(200);
  expect(res.headers.get('Content-Type')).toMatch(/javascript/);
  expect(res.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
  expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
  expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
});

it('serves the demo portal with all three widgets, framable by itself only', async () => {
  const res = await fetch(url('/'));
  expect(res.status).toBe(200);
  const page = await res.text();
  for (const tag of ['<ginkgo-branch-finder', '<ginkgo-check-in', '<ginkgo-station-directory']) expect(page).toContain(tag);
  expect(res.headers.get('X-Frame-Options')).toBe('SAMEORIGIN');
  expect(res.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
});

it('serves the docs UI script from our own origin', async () => {
  const res = await fetch(url('/docs/scalar.js'));
  expect(res.status).toBe(200);
});
