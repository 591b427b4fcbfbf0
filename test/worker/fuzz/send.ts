// The keys the fuzz test sends requests with, valid base requests, and sending them to the
// worker's real fetch handler.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import worker from '../../../worker/src/index.ts';
import { recordExchange } from '../openapi-recorder.ts';
import type { RawBody } from './catalog.ts';
import { validString, validValue, type Hints, type Operation } from './openapi.ts';
import { token } from './random.ts';
import type { Fixture } from './fixtures.ts';
import type { Base, RequestSpec } from './variants.ts';

/** The kinds of key every operation is fuzzed with. */
export const keyKinds = ['publishable', 'homeAdmin', 'branchSecretary', 'partner', 'stationManager'] as const;
export type KeyKind = (typeof keyKinds)[number];
/** How a key is sent: the publishable key as `?key=` from an allowed page, secret keys as a bearer token. */
export type Caller = { headers: Record<string, string>; queryKey?: string };

/**
 * The worker's environment without its rate limiters (every Rate Limiting binding, whatever its
 * name). The test limits are as low as 300 requests a minute per key (vitest.config.ts); the
 * fuzz sends thousands with the same key (pk_test_pizhou among them), which would turn nearly
 * every variant into a 429 that never reaches validation or a handler. Rate limiting has its own
 * tests (rate-limit.test.ts).
 */
const fuzzEnv = Object.fromEntries(Object.entries(env).filter(([name, binding]) =>
  !/RATE_LIMIT/.test(name) && typeof (binding as { limit?: unknown } | null)?.limit !== 'function'));

export type Sent = { method: string; url: string; headers: Record<string, string>; body?: RawBody };
export type Received = { status: number; contentType: string; text: string };

/** The request a spec describes, as `caller`. */
export function build(op: Operation, spec: RequestSpec, caller: Caller): Sent {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => spec.pathParams[name] ?? 'x');
  const query = spec.query.map(([k, v]) => `${k}=${v}`);
  if (caller.queryKey) query.push(`key=${caller.queryKey}`);
  const headers: Record<string, string> = { ...spec.headers, ...caller.headers };
  if (spec.body?.contentType) headers['Content-Type'] = spec.body.contentType;
  return {
    method: op.method, url: `http://ginkgo.test${path}${query.length ? `?${query.join('&')}` : ''}`, headers,
    ...(spec.body && op.method !== 'GET' ? { body: spec.body } : {}),
  };
}

/**
 * Sends it through the worker's fetch handler (worker/src/index.ts, as `SELF` would, in this
 * runtime and on this file's D1), and waits for its `waitUntil` work (the `last_used_at` write),
 * so that the next snapshot sees everything the request did.
 */
export async function send(s: Sent): Promise<Received> {
  if (!('DB' in fuzzEnv)) throw new Error('the fuzz environment lost its D1 binding');
  // Bytes, not a string: a string body would get `text/plain` where a variant sends no Content-Type.
  const body = s.body === undefined ? undefined : typeof s.body.data === 'string' ? new TextEncoder().encode(s.body.data) : s.body.data;
  const request = new Request(s.url, { method: s.method, headers: s.headers, ...(body ? { body: body as BodyInit } : {}) });
  const ctx = createExecutionContext();
  const res = await worker.fetch(request, fuzzEnv as never, ctx);
  const text = await res.text();
  recordExchange({ method: s.method, url: s.url, status: res.status, headers: Object.fromEntries(res.headers), body: text });
  await waitOnExecutionContext(ctx);
  return { status: res.status, contentType: res.headers.get('Content-Type') ?? '', text };
}

/** Valid ids for path parameters, by operation and parameter name. */
export type PathIds = (op: Operation, param: string) => string;

/**
 * A valid request of `op`: existing path ids, required and some optional query values, a fresh
 * idempotency key, a valid body; the fixture's parts replace those. From its own client address.
 */
export function baseRequest(op: Operation, pathIds: PathIds, hints: Hints, queryDefaults: Hints, fixture: Fixture, random: () => number): Base {
  const pathParams: Record<string, string> = {};
  const query: Record<string, string> = {};
  const byte = () => Math.floor(random() * 256);
  const headers: Record<string, string> = { 'CF-Connecting-IP': `10.${byte()}.${byte()}.${byte()}` };
  for (const p of op.parameters) {
    if (p.in === 'path') pathParams[p.name] = pathIds(op, p.name);
    else if (p.in === 'query' && (p.required || queryDefaults[p.name])) {
      query[p.name] = encodeURIComponent(String(validValue(p.schema, p.name, { ...hints, ...queryDefaults })));
    }
    else if (p.in === 'header' && p.required) headers[p.name] = /idempotency/i.test(p.name) ? `fz-${token(random, 24)}` : validString(p.schema);
  }
  const body = fixture.body !== undefined ? structuredClone(fixture.body) : op.body ? validValue(op.body, '', hints) : undefined;
  return {
    pathParams: { ...pathParams, ...fixture.pathParams },
    query: { ...query, ...Object.fromEntries(Object.entries(fixture.query ?? {}).map(([k, v]) => [k, encodeURIComponent(v)])) },
    headers,
    body,
  };
}
