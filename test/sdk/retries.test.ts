// Retries and timeouts over real sockets: a fault-injecting proxy sits between the SDK and the worker.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Ginkgo, NetworkError, RateLimitError, ServerError, TimeoutError, type GinkgoOptions } from '../../sdk/src/index.ts';
import { HttpClient } from '../../sdk/src/http.ts';
import { delay, drop, fail429, fail503, startFaultProxy, type Fault, type FaultProxy } from './support/fault-proxy.ts';

let proxy: FaultProxy;
beforeAll(async () => { proxy = await startFaultProxy(inject('apiUrl')); });
afterAll(() => proxy.close());

/** A client through the proxy with near-zero backoff, so the tests stay fast. */
const client = (options: Partial<GinkgoOptions> = {}) =>
  new Ginkgo({ key: 'pk_test_pizhou', baseUrl: proxy.url, retryBaseMs: 1, ...options });

async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  try { await promise; } catch (err) { return err; }
  throw new Error('expected a rejection');
}

describe('a GET is retried and then succeeds', () => {
  it.each<[string, Fault[]]>([
    ['two 503s', [fail503, fail503]],
    ['a 429 with Retry-After: 0', [fail429]],
    ['two dropped connections', [drop, drop]],
    ['a 503 then a dropped connection', [fail503, drop]],
  ])('after %s', async (_, faults) => {
    proxy.reset(faults);
    const cities = await client().cities.list();
    expect(cities.length).toBeGreaterThan(0);
    expect(proxy.requests).toBe(faults.length + 1);
  });

  it('after a 429 whose Retry-After is an HTTP date', async () => {
    proxy.reset([{ ...fail429, retryAfter: new Date().toUTCString() }]);
    await client().cities.list();
    expect(proxy.requests).toBe(2);
  });

  it('after an attempt that timed out', async () => {
    proxy.reset([delay(2_000)]);
    const branch = await client({ timeoutMs: 300 }).branches.get('br_cz_xinbei');
    expect(branch.id).toBe('br_cz_xinbei');
    expect(proxy.requests).toBe(2);
  });
});

describe('giving up', () => {
  it('raises ServerError after maxRetries + 1 attempts', async () => {
    proxy.reset([fail503, fail503, fail503, fail503]);
    const err = await rejection(client({ maxRetries: 2 }).cities.list());
    expect(err).toBeInstanceOf(ServerError);
    expect(err).toMatchObject({ status: 503, code: 'internal', requestId: 'req_proxy_503' });
    expect(proxy.requests).toBe(3);
  });

  it('raises RateLimitError with retryAfterMs', async () => {
    proxy.reset([fail429, fail429]);
    const err = await rejection(client({ maxRetries: 1 }).cities.list());
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfterMs).toBe(0);
    expect(proxy.requests).toBe(2);
  });

  it('does not wait out a Retry-After longer than a minute', async () => {
    proxy.reset([{ ...fail429, retryAfter: '120' }]);
    const err = await rejection(client().cities.list());
    expect((err as RateLimitError).retryAfterMs).toBe(120_000);
    expect(proxy.requests).toBe(1);
  });

  it('gives up at once on the server\'s one-minute Retry-After when the caller will not wait that long', async () => {
    proxy.reset([{ ...fail429, retryAfter: '60' }]);
    const err = await rejection(client({ maxRetryWaitMs: 3_000 }).cities.list());
    expect(err).toBeInstanceOf(RateLimitError);
    expect(proxy.requests).toBe(1);
  });

  it('raises NetworkError when the connection keeps dropping', async () => {
    proxy.reset([drop, drop]);
    const err = await rejection(client({ maxRetries: 1 }).cities.list());
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).not.toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ code: 'network_error', status: undefined });
    expect(proxy.requests).toBe(2);
  });

  it('raises TimeoutError (a NetworkError) when the response is too slow', async () => {
    proxy.reset([delay(2_000)]);
    const started = Date.now();
    const err = await rejection(client({ timeoutMs: 200, maxRetries: 0 }).cities.list());
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(proxy.requests).toBe(1);
  });

  it('does not retry at all with maxRetries: 0', async () => {
    proxy.reset([fail503]);
    expect(await rejection(client({ maxRetries: 0 }).cities.list())).toBeInstanceOf(ServerError);
    expect(proxy.requests).toBe(1);
  });

  it('does not retry a 404', async () => {
    proxy.reset([]);
    await rejection(client().branches.get('br_nowhere'));
    expect(proxy.requests).toBe(1);
  });

  it('classes a gateway page without our envelope by its status', async () => {
    proxy.reset([{ kind: 'status', status: 502, body: '<html>Bad Gateway</html>' }]);
    const err = await rejection(client({ maxRetries: 0 }).cities.list());
    expect(err).toBeInstanceOf(ServerError);
    expect(err).toMatchObject({ status: 502, code: 'internal' });
  });

  it('raises NetworkError for a success status with a body that is not JSON', async () => {
    proxy.reset([{ kind: 'status', status: 200, body: 'garbage' }]);
    const err = await rejection(client({ maxRetries: 0 }).cities.list());
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ status: 200 });
  });
});

describe('the idempotency hook of the request core', () => {
  // The proxy forwards every request upstream as a GET, so a retried "POST" reaches a real route.
  const http = () => new HttpClient({ key: 'sk_test_pizhou_admin', baseUrl: proxy.url, retryBaseMs: 1 });

  it('does not retry a POST by default', async () => {
    proxy.reset([fail503]);
    expect(await rejection(http().request({ method: 'POST', path: '/v1/cities', body: {} }))).toBeInstanceOf(ServerError);
    expect(proxy.requests).toBe(1);
  });

  it('retries a POST marked idempotent (it carries an Idempotency-Key)', async () => {
    proxy.reset([fail503]);
    await http().request({ method: 'POST', path: '/v1/cities', body: {}, headers: { 'Idempotency-Key': 'idem_test_1' }, idempotent: true });
    expect(proxy.requests).toBe(2);
  });
});
