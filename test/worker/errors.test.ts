import { count } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkIns } from '../../schema/index.ts';
import { app } from '../../worker/src/app.ts';
import { BODY_LIMIT_BYTES } from '../../worker/src/middleware/body-limit.ts';
import { call, db, expectError, PK, seed, SK, withKey } from './helpers.ts';

beforeAll(seed);

describe('error envelope', () => {
  it('answers an unknown route with a JSON 404 and a request id that is also a header', async () => {
    const res = await call('/nowhere');
    const error = await expectError(res, 404, 'not_found');
    expect(error.requestId).toBe(res.headers.get('X-Request-Id'));
    expect(res.headers.get('Content-Type')).toMatch(/application\/json/);
  });

  it('makes its own request id whatever the client sends (the client\'s is only a correlation id)', async () => {
    const res = await call('/nowhere', { headers: { 'X-Request-Id': 'trace_0123456789' } });
    const { requestId } = await expectError(res, 404, 'not_found');
    expect(requestId).toMatch(/^req_[0-9a-f]{32}$/);
    expect(res.headers.get('X-Request-Id')).toBe(requestId);
    const again = await call('/nowhere', { headers: { 'X-Request-Id': 'trace_0123456789' } });
    expect(again.headers.get('X-Request-Id')).not.toBe(requestId);
  });

  it('hides internal errors behind a 500 envelope without a stack trace', async () => {
    // A D1 binding that fails, as a dropped database would.
    const broken = { prepare: () => { throw new Error('D1_ERROR: secret internals'); } } as unknown as D1Database;
    const res = await app.request('/v1/branches/near?lat=31&lng=120&key=pk_test_pizhou', {}, { DB: broken });
    const error = await expectError(res, 500, 'internal');
    expect(JSON.stringify(error)).not.toMatch(/secret internals|at .*\.ts/);
  });
});

describe('request bodies', () => {
  const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    call(path, { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'body-limit-0001', ...headers } });
  const checkInCount = async () => (await db().select({ n: count() }).from(checkIns))[0]!.n;
  const json = (bytes: number) => JSON.stringify({ name: '张三', padding: 'x'.repeat(bytes) });

  it(`refuses a body over ${BODY_LIMIT_BYTES / 1024} KB with 413 in the error envelope, before reading it (a 10 MB check-in)`, async () => {
    const before = await checkInCount();
    const res = await post(`/v1/check-ins?key=${PK}`, json(10 * 1024 * 1024));
    const error = await expectError(res, 413, 'payload_too_large');
    expect(error).toMatchObject({ message: expect.stringMatching(/64 KB/), details: { maxBytes: 65536 } });
    expect(error.requestId).toBe(res.headers.get('X-Request-Id'));
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    expect(await checkInCount()).toBe(before);
    // Whoever sends it, with any key or none.
    await expectError(await post('/v1/keys', json(100_000), { Authorization: `Bearer ${SK}` }), 413, 'payload_too_large');
    await expectError(await post('/v1/keys', json(100_000)), 413, 'payload_too_large');
  });

  it('refuses a body without Content-Length (chunked) once it passes the limit', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 40) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const res = await post('/v1/keys', stream, { Authorization: `Bearer ${SK}` });
    await expectError(res, 413, 'payload_too_large');
    expect(sent).toBeLessThan(40);
  });

  it('reads a body just under the limit as usual', async () => {
    const error = await expectError(await post('/v1/keys', json(BODY_LIMIT_BYTES - 1024), { Authorization: `Bearer ${SK}` }), 400, 'validation_failed');
    expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'kind' })]));
  });

  it('answers a body that is not JSON with 415 unsupported_media_type', async () => {
    const body = JSON.stringify({ kind: 'secret', label: 'x', role: 'home_admin' });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const error = await expectError(await post('/v1/keys', body, { Authorization: `Bearer ${SK}`, 'Content-Type': type }), 415, 'unsupported_media_type');
      expect(error.message).toMatch(/application\/json/);
    }
    const unlabelled = await call('/v1/keys', { method: 'POST', body, headers: { Authorization: `Bearer ${SK}` } });
    await expectError(unlabelled, 415, 'unsupported_media_type');
    expect((await post('/v1/keys', body, { Authorization: `Bearer ${SK}`, 'Content-Type': 'application/json; charset=utf-8' })).status).toBe(201);
  });
});

describe('security headers', () => {
  it('are on every worker response, errors included', async () => {
    for (const res of [await call('/nowhere'), await call('/v1/openapi.json'), await call('/docs'), await call('/v1/cities?key=pk_test_pizhou')]) {
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(res.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('X-Frame-Options')).toBe('DENY');
      expect(res.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    }
    // What is not a page may load and run nothing.
    expect((await call('/v1/cities?key=pk_test_pizhou')).headers.get('Content-Security-Policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('keep personal data and errors out of every cache', async () => {
    const member = await call('/v1/members/mb_demo_01', withKey(SK));
    expect(member.status).toBe(200);
    expect(member.headers.get('Cache-Control')).toBe('no-store');
    expect((await call('/nowhere')).headers.get('Cache-Control')).toBe('no-store');
  });
});

describe('OpenAPI and docs', () => {
  it('serves an OpenAPI 3.1 document that lists the finder routes and the error schema', async () => {
    const doc = await (await call('/v1/openapi.json')).json<{ openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/branches/near', '/v1/branches', '/v1/branches/{id}', '/v1/cities']));
    expect(doc.components.schemas).toHaveProperty('Error');
  });

  it('serves interactive docs that load nothing from a CDN', async () => {
    const html = await (await call('/docs')).text();
    expect(html).toContain('/docs/scalar.js');
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|fastly)/);
  });

  it('serves the docs with scripts from this origin only, and Scalar\'s third-party features off', async () => {
    const res = await call('/docs');
    const csp = res.headers.get('Content-Security-Policy')!;
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    const config = JSON.parse(/data-configuration="([^"]*)"/.exec(await res.text())![1]!.replaceAll('&quot;', '"').replaceAll('&amp;', '&'));
    expect(config).toMatchObject({ agent: { disabled: true }, mcp: { disabled: true }, telemetry: false, withDefaultFonts: false, showDeveloperTools: 'never' });
    expect(config).not.toHaveProperty('proxyUrl');
  });
});
