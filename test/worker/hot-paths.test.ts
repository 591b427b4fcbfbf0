// Every statement the hot paths run, as the routes run them, seeks an index: each request goes
// through the app with a recording D1 binding (middleware/d1-meter.ts), and each statement it ran
// (key lookup, rate limits, idempotency, the query, the audit insert, every statement of a batch)
// gets an EXPLAIN QUERY PLAN. On the large tenant (province-members.ts), without statistics, as
// on a fresh D1. A SCAN of a table that grows with the organisation fails the test.
import { env } from 'cloudflare:test';
import { beforeAll, expect, it } from 'vitest';
import { CHECK_IN_CONSENT } from '../../schema/check-ins.ts';
import { app } from '../../worker/src/app.ts';
import { meteredD1, type Meter } from '../../worker/src/middleware/d1-meter.ts';
import { issueTestKey, proofFor } from './helpers.ts';
import { BIG, seedBigTenant } from './province-members.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';

// Every write here leaves every scope copy equal to what it copies (worker/src/data/scope-copies.ts).
checkScopeCopiesAfterEach();

const GROWING = ['branches', 'stations', 'members', 'check_ins', 'service_requests', 'audit_log', 'api_keys',
  'idempotency_keys', 'partner_consents', 'branch_text_grams', 'station_services', 'campaign_letters', 'campaign_counts'];
const SCAN_OF_GROWING = new RegExp(`\\bSCAN (${GROWING.join('|')})\\b(?! USING (COVERING )?INDEX)`);
const ORIGIN = 'http://portal.example';

let pk = '';
let sk = '';
beforeAll(async () => {
  await seedBigTenant();
  pk = (await issueTestKey({ tenantId: BIG, kind: 'publishable', allowedOrigins: [ORIGIN] })).token;
  sk = (await issueTestKey({ tenantId: BIG, kind: 'secret', role: 'home_admin' })).token;
  // A key's first request looks up its settings; every later one is what these tests budget.
  await recorded(`/v1/branches/bb_01?key=${pk}`);
  await recorded('/v1/members?limit=1', { headers: bearer() });
});

/** Runs one request through the app; returns its response and every statement it ran. */
async function recorded(path: string, init: RequestInit = {}) {
  const meter: Meter = { roundTrips: 0, statementsRun: 0, rowsRead: 0, rowsWritten: 0, rows: false, statements: [] };
  const headers = new Headers(init.headers);
  headers.set('CF-Connecting-IP', '10.9.8.7');
  const res = await app.request(path, { ...init, headers }, { ...env, DB: meteredD1(env.DB, meter) });
  // A key's last_used_at is written once a minute, after the response: not the request's own cost.
  const touches = meter.statements!.filter((st) => /^update "api_keys" set "last_used_at"/.test(st.sql)).length;
  return { res, statements: meter.statements!, roundTrips: meter.roundTrips - touches };
}

async function expectIndexed(statements: { sql: string; params: unknown[] }[]) {
  expect(statements.length).toBeGreaterThan(0);
  for (const { sql, params } of statements) {
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
    const text = plan.results.map((r) => r.detail).join('\n');
    expect(text, `${sql}\n${text}`).not.toMatch(SCAN_OF_GROWING);
  }
}

const bearer = () => ({ Authorization: `Bearer ${sk}` });
const reads = () => [
  `/v1/branches/near?lat=31.5&lng=120.0&limit=5&key=${pk}`,
  `/v1/branches?city=bcity_1&limit=20&key=${pk}`,
  `/v1/branches?q=branch&limit=20&key=${pk}`,
  `/v1/branches?q=${encodeURIComponent('支部')}&city=bcity_2&limit=20&key=${pk}`,
  `/v1/branches/bb_01?key=${pk}`,
  `/v1/stations?city=bcity_1&key=${pk}`,
  `/v1/stations?category=legal&key=${pk}`,
  `/v1/stations/near?lat=31.5&lng=120.0&key=${pk}`,
  `/v1/stations/bs_1?key=${pk}`,
  `/v1/check-in-form?key=${pk}`,
];
const staffReads = [
  '/v1/members/bm_00042', '/v1/members?limit=50', '/v1/members?limit=50&homeUnit=bt_1', '/v1/members?limit=50&branch=bb_07',
  '/v1/check-ins/bci_00003', '/v1/check-ins?limit=50', '/v1/check-ins?limit=50&status=pending',
  '/v1/service-requests?limit=50', '/v1/audit?limit=50',
];

it.each(Array.from({ length: 10 }, (_, i) => i))('public read %i seeks an index in every statement', async (i) => {
  const { res, statements } = await recorded(reads()[i]!);
  expect(res.status).toBe(200);
  await expectIndexed(statements);
});

it.each(staffReads)('staff read %s seeks an index in every statement', async (path) => {
  const { res, statements } = await recorded(path, { headers: bearer() });
  expect(res.status, await res.clone().text()).toBe(200);
  await expectIndexed(statements);
});

/**
 * D1 round trips per request, the key known (docs/design.md: one on hot paths). The key check rides
 * at the head of the first call (access/key-gate.ts). A station page that is not empty takes a
 * second, one batch for its services, hours and teams whatever the page's size.
 */
const ROUND_TRIPS: Record<string, number> = { stations: 2, 'stations/near': 2, 'stations/bs_1': 2 };
const budget = (path: string) => ROUND_TRIPS[/^\/v1\/([^?]+)/.exec(path)![1]!] ?? 1;

it.each(Array.from({ length: 10 }, (_, i) => i))('public read %i is one D1 round trip (a station page at most two)', async (i) => {
  const path = reads()[i]!;
  const { res, roundTrips } = await recorded(path);
  expect(res.status).toBe(200);
  expect(roundTrips, path).toBeGreaterThan(0);
  expect(roundTrips, path).toBeLessThanOrEqual(budget(path));
});

/** A staff read and its audit entry: one batch, the key check riding at its head. */
const STAFF_READ_ROUND_TRIPS = 1;

it.each(staffReads)('staff read %s is one D1 round trip', async (path) => {
  const { res, roundTrips } = await recorded(path, { headers: bearer() });
  expect(res.status).toBe(200);
  expect(roundTrips, path).toBeGreaterThan(0);
  expect(roundTrips, path).toBeLessThanOrEqual(STAFF_READ_ROUND_TRIPS);
});

/**
 * The reads an edit form starts from (routes/organisation.ts): the node with the key check, whose
 * scope decides; then the audit entry (with a village's staff) in one batch. Staff grants grow with
 * the staff: a village's are sought by node.
 */
const ORG_READ_ROUND_TRIPS = 2;

it.each(['/v1/branches/bb_01/record', '/v1/home-units/bt_0_v1'])('organisation read %s seeks an index, in two round trips', async (path) => {
  const { res, statements, roundTrips } = await recorded(path, { headers: bearer() });
  expect(res.status, await res.clone().text()).toBe(200);
  await expectIndexed(statements);
  for (const { sql, params } of statements.filter((st) => st.sql.includes('"staff_grants"'))) {
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
    expect(plan.results.map((r) => r.detail).join('\n')).toMatch(/SEARCH staff_grants USING INDEX staff_grants_node/);
  }
  expect(statements.some((st) => st.sql.includes('"staff_grants"'))).toBe(path.includes('home-units'));
  expect(roundTrips).toBeLessThanOrEqual(ORG_READ_ROUND_TRIPS);
});

/**
 * A check-in: the retry lookup (with the key check), the branch and member, the need's routing,
 * the batch; a retry is answered by its lookup; the status lookup is one batch; a confirmation or
 * a rejection reads, writes, reloads. Upper bounds: fewer is better, and a test should not have to change.
 */
const CHECK_IN_ROUND_TRIPS = { created: 4, retry: 1, status: 1, confirmed: 3, rejected: 3 };

it('a check-in, its retry, its status lookup, its confirmation and a rejection seek an index in every statement', async () => {
  const init = {
    method: 'POST',
    headers: { Origin: ORIGIN, 'Content-Type': 'application/json', 'Idempotency-Key': 'hot-path-check-in-1' },
    body: JSON.stringify({
      branchId: 'bb_01', name: '新成员', mobile: '15900001111', homeUnitId: 'bt_0_v1', currentCity: '城',
      category: 'worker', needs: ['legal'], consent: { version: CHECK_IN_CONSENT.version, granted: true },
      mobileProof: await proofFor('15900001111', BIG),
    }),
  };
  const created = await recorded(`/v1/check-ins?key=${pk}`, init);
  expect(created.res.status).toBe(201);
  await expectIndexed(created.statements);
  const retry = await recorded(`/v1/check-ins?key=${pk}`, init);
  expect(retry.res.headers.get('Idempotent-Replayed')).toBe('true');
  await expectIndexed(retry.statements);
  const { reference, id } = await created.res.json<{ reference: string; id: string }>();
  const status = await recorded(`/v1/check-ins/status?reference=${reference}&mobileLast4=1111&key=${pk}`);
  expect(status.res.status).toBe(200);
  await expectIndexed(status.statements);
  const confirmed = await recorded('/v1/check-ins/bci_00003/confirm', { method: 'POST', headers: bearer() });
  expect(confirmed.res.status).toBe(200);
  await expectIndexed(confirmed.statements);
  const rejected = await recorded(`/v1/check-ins/${id}/reject`, {
    method: 'POST', headers: { ...bearer(), 'Content-Type': 'application/json' }, body: JSON.stringify({ reason: '所填支部有误' }),
  });
  expect(rejected.res.status).toBe(200);
  await expectIndexed(rejected.statements);
  const trips = { created: created.roundTrips, retry: retry.roundTrips, status: status.roundTrips, confirmed: confirmed.roundTrips, rejected: rejected.roundTrips };
  for (const [step, budget] of Object.entries(CHECK_IN_ROUND_TRIPS)) {
    expect(trips[step as keyof typeof trips], step).toBeLessThanOrEqual(budget);
  }
});

it('would catch a scan (the check is not vacuous)', async () => {
  const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN select id from members where tenant_id = ? and name = ?`)
    .bind(BIG, 'x').all<{ detail: string }>();
  const unindexed = await env.DB.prepare(`EXPLAIN QUERY PLAN select id from members where name = ?`).bind('x').all<{ detail: string }>();
  expect(plan.results.map((r) => r.detail).join('\n')).not.toMatch(SCAN_OF_GROWING);
  expect(unindexed.results.map((r) => r.detail).join('\n')).toMatch(SCAN_OF_GROWING);
});
