import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../worker/src/app.ts';
import { call, expectError, seed, SK, withKey } from './helpers.ts';

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

describe('security headers', () => {
  it('are on every worker response, errors included', async () => {
    for (const res of [await call('/nowhere'), await call('/v1/openapi.json'), await call('/docs'), await call('/v1/cities?key=pk_test_pizhou')]) {
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(res.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('X-Frame-Options')).toBe('DENY');
      expect(res.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    }
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
});
