// A key's settings are cached per isolate; whether it is revoked is asked on every request, in
// the same D1 round trip as the request's first read (access/key-gate.ts).
import { env } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiKeys, auditLog } from '../../schema/index.ts';
import { keyCheck } from '../../worker/src/access/api-key.ts';
import { gatedD1 } from '../../worker/src/access/key-gate.ts';
import { meteredD1, type Meter } from '../../worker/src/middleware/d1-meter.ts';
import { call, db, expectError, issueTestKey, seed, withKey } from './helpers.ts';

beforeAll(seed);

const roundTrips = (res: Response) => Number(/round_trips=(\d+)/.exec(res.headers.get('Server-Timing') ?? '')?.[1]);
const revoke = (id: string) => db().update(apiKeys).set({ revokedAt: Date.now() }).where(eq(apiKeys.id, id));
const near = (key: string) => `/v1/branches/near?lat=31.73&lng=120.0&limit=1&key=${key}`;
/** A read with the key known: the key check rides at the head of the read's own round trip. */
const KNOWN_KEY_ROUND_TRIPS = 1;
/** A key's first request: its settings, its first last_used_at, then the read. */
const NEW_KEY_ROUND_TRIPS = 3;

describe('a hot read', () => {
  it('is one D1 round trip once the key is known, the key check riding with the query', async () => {
    const { token } = await issueTestKey({ tenantId: 'pizhou', kind: 'publishable' });
    const first = await call(near(token));
    expect(first.status).toBe(200);
    expect(roundTrips(first)).toBeLessThanOrEqual(NEW_KEY_ROUND_TRIPS);
    const again = await call(near(token));
    expect(again.status).toBe(200);
    expect(roundTrips(again)).toBeGreaterThan(0);
    expect(roundTrips(again)).toBeLessThanOrEqual(KNOWN_KEY_ROUND_TRIPS);
    expect(await again.json()).toEqual(await first.json());
  });

  it('gives the same page when its columns share names (branch, committee and city names)', async () => {
    const { token } = await issueTestKey({ tenantId: 'pizhou', kind: 'secret', role: 'home_admin' });
    const path = '/v1/branches?city=pizhou_suzhou&limit=5';
    const uncached = await (await call(path, withKey(token))).json<{ data: { name: unknown; city: unknown; committee: unknown }[] }>();
    const res = await call(path, withKey(token));
    expect(roundTrips(res)).toBeLessThanOrEqual(KNOWN_KEY_ROUND_TRIPS);
    const cached = await res.json<typeof uncached>();
    expect(cached).toEqual(uncached);
    expect(cached.data.length).toBeGreaterThan(0);
    expect(cached.data[0]!.city).toMatchObject({ name: { zh: '苏州' } });
  });

  it('is one round trip when it writes too: a staff read and its audit entry, after the guard', async () => {
    const { token } = await issueTestKey({ tenantId: 'pizhou', kind: 'secret', role: 'home_admin' });
    expect((await call('/v1/members/mb_demo_06', withKey(token))).status).toBe(200);
    const before = (await db().select().from(auditLog).where(eq(auditLog.subjectId, 'mb_demo_06'))).length;
    const res = await call('/v1/members/mb_demo_06', withKey(token));
    expect(res.status).toBe(200);
    expect(roundTrips(res)).toBeLessThanOrEqual(KNOWN_KEY_ROUND_TRIPS);
    expect((await db().select().from(auditLog).where(eq(auditLog.subjectId, 'mb_demo_06'))).length).toBe(before + 1);
  });
});

describe('a revoked key', () => {
  it('fails on its next request though its settings are cached', async () => {
    const { token, id } = await issueTestKey({ tenantId: 'pizhou', kind: 'publishable' });
    expect((await call(near(token))).status).toBe(200);
    expect((await call(near(token))).status).toBe(200);
    await revoke(id);
    await expectError(await call(near(token)), 401, 'unauthenticated');
    await expectError(await call(near(token)), 401, 'unauthenticated'); // looked up afresh: still revoked
  });

  it('fails even where the route reads nothing from D1 (a 400 before any query)', async () => {
    const { token, id } = await issueTestKey({ tenantId: 'pizhou', kind: 'publishable' });
    expect((await call(near(token))).status).toBe(200);
    expect((await call(`/v1/branches/near?lat=999&lng=0&key=${token}`)).status).toBe(400);
    await revoke(id);
    await expectError(await call(`/v1/branches/near?lat=999&lng=0&key=${token}`), 401, 'unauthenticated');
  });

  it('gets its 401, not a 403, from an origin its key does not allow', async () => {
    const { token, id } = await issueTestKey({ tenantId: 'pizhou', kind: 'publishable', allowedOrigins: ['https://portal.example'] });
    const from = (origin: string) => call(near(token), { headers: { Origin: origin } });
    expect((await from('https://portal.example')).status).toBe(200);
    const refused = await from('https://elsewhere.example');
    // The page may read why (and nothing else: no credentials, only the error envelope).
    expect(refused.headers.get('Access-Control-Allow-Origin')).toBe('https://elsewhere.example');
    expect(refused.headers.get('Access-Control-Allow-Credentials')).toBeNull();
    await expectError(refused, 403, 'origin_not_allowed');
    await revoke(id);
    await expectError(await from('https://elsewhere.example'), 401, 'unauthenticated');
  });

  it('writes nothing: a write waits for the check', async () => {
    const { token, id } = await issueTestKey({ tenantId: 'pizhou', kind: 'secret', role: 'home_admin' });
    const create = (label: string) => call('/v1/keys', {
      method: 'POST', ...withKey(token, { 'Content-Type': 'application/json' }),
      body: JSON.stringify({ kind: 'publishable', label, allowedOrigins: ['https://example.org'] }),
    });
    expect((await create('before revoking')).status).toBe(201);
    await revoke(id);
    await expectError(await create('after revoking'), 401, 'unauthenticated');
    const labels = (await db().select({ label: apiKeys.label }).from(apiKeys).where(eq(apiKeys.tenantId, 'pizhou'))).map((k) => k.label);
    expect(labels).toContain('before revoking');
    expect(labels).not.toContain('after revoking');
  });
});

describe('the check of a cached key', () => {
  it("lets a live key through, with a failing statement's own error", async () => {
    const { id } = await issueTestKey({ tenantId: 'pizhou', kind: 'secret', role: 'home_admin' });
    const [row] = await db().select().from(apiKeys).where(eq(apiKeys.id, id));
    const key = { id, tenantId: 'pizhou', kind: 'secret' as const, role: 'home_admin' as const, scopeNodeId: null, scopes: null, allowedOrigins: [] };
    const gated = () => gatedD1(env.DB, keyCheck(env.DB, row!.hash, key)).d1;
    expect(await gated().prepare('SELECT 7 AS seven').first('seven')).toBe(7);
    await expect(gated().prepare('SELECT * FROM no_such_table').all()).rejects.toThrow(/no such table/);
    await revoke(id);
    await expect(gated().prepare('SELECT 7 AS seven').first('seven')).rejects.toMatchObject({ status: 401 });
  });

  it('answers 503 once when the token names another key (a database made anew)', async () => {
    const { id } = await issueTestKey({ tenantId: 'pizhou', kind: 'publishable' });
    const [row] = await db().select().from(apiKeys).where(eq(apiKeys.id, id));
    const stale = { id: 'key_from_before', tenantId: 'pizhou', kind: 'publishable' as const, role: null, scopeNodeId: null, scopes: null, allowedOrigins: [] };
    await expect(gatedD1(env.DB, keyCheck(env.DB, row!.hash, stale)).d1.prepare('SELECT 1').all()).rejects.toMatchObject({ status: 503 });
  });
});

describe('gatedD1', () => {
  const check = (live: boolean) => ({
    guard: env.DB.prepare(`SELECT json(CASE WHEN ? THEN '1' ELSE 'no' END)`).bind(live ? 1 : 0),
    statement: env.DB.prepare('SELECT ? AS live').bind(live ? 1 : 0),
    accept: (row: Record<string, unknown> | undefined) => { if (row?.live !== 1) throw new Error('revoked'); },
  });

  it('keeps raw() rows whole: duplicate column names, and names like array indexes', async () => {
    const dup = gatedD1(env.DB, check(true)).d1;
    expect(await dup.prepare(`SELECT 'a' AS n, 'b' AS n, 3 AS m`).raw()).toEqual([['a', 'b', 3]]);
    const indexLike = gatedD1(env.DB, check(true)).d1;
    expect(await indexLike.prepare(`SELECT 'x' AS z, 1, 'y' AS "0"`).raw()).toEqual([['x', 1, 'y']]);
  });

  it('answers first(), all() and a batch of selects, and refuses each when the check fails', async () => {
    const open = gatedD1(env.DB, check(true)).d1;
    expect(await open.prepare('SELECT 2 AS two').first('two')).toBe(2);
    const shut = () => gatedD1(env.DB, check(false));
    await expect(shut().d1.prepare('SELECT 2 AS two').first()).rejects.toThrow('revoked');
    await expect(shut().d1.prepare('SELECT 2 AS two').all()).rejects.toThrow('revoked');
    const batch = shut().d1;
    await expect(batch.batch([batch.prepare('SELECT 1'), batch.prepare('SELECT 2')])).rejects.toThrow('revoked');
    await expect(shut().settle()).rejects.toThrow('revoked');
  });

  it('reports a revoked key, not the statement, when a first read fails', async () => {
    await expect(gatedD1(env.DB, check(false)).d1.prepare('SELECT * FROM no_such_table').all()).rejects.toThrow('revoked');
    await expect(gatedD1(env.DB, check(true)).d1.prepare('SELECT * FROM no_such_table').all()).rejects.toThrow(/no such table/);
  });

  it('runs calls in flight together after the first, which carries the check', async () => {
    const meter: Meter = { roundTrips: 0, statementsRun: 0, rowsRead: 0, rowsWritten: 0, rows: false };
    const inner = meteredD1(env.DB, meter);
    const gated = gatedD1(inner, { ...check(true), guard: inner.prepare(`SELECT json('1')`), statement: inner.prepare('SELECT 1 AS live') }).d1;
    const [a, b] = await Promise.all([gated.prepare('SELECT 1 AS n').first('n'), gated.prepare('SELECT 2 AS n').first('n')]);
    // Exactly two: the gate's mechanics, not a budget (the first carries the check, the second
    // waits for it and goes on its own; one would mean the second skipped the check).
    expect([a, b, meter.roundTrips]).toEqual([1, 2, 2]);
  });

  it("reads a write's RETURNING rows after the check, and writes nothing when it fails", async () => {
    await env.DB.exec('CREATE TABLE IF NOT EXISTS gate_returning (x INTEGER)');
    const open = gatedD1(env.DB, check(true)).d1;
    expect(await open.prepare('INSERT INTO gate_returning (x) VALUES (5) RETURNING x').raw()).toEqual([[5]]);
    const shut = gatedD1(env.DB, check(false)).d1;
    await expect(shut.prepare('INSERT INTO gate_returning (x) VALUES (6) RETURNING x').raw()).rejects.toThrow('revoked');
    await expect(shut.exec('DELETE FROM gate_returning')).rejects.toThrow('revoked');
    expect((await env.DB.prepare('SELECT x FROM gate_returning').raw())).toEqual([[5]]);
  });

  it('runs no write before the check', async () => {
    await env.DB.exec('CREATE TABLE IF NOT EXISTS gate_probe (x INTEGER)');
    const shut = gatedD1(env.DB, check(false)).d1;
    await expect(shut.prepare('INSERT INTO gate_probe (x) VALUES (1)').run()).rejects.toThrow('revoked');
    await expect(shut.batch([shut.prepare('SELECT 1'), shut.prepare('INSERT INTO gate_probe (x) VALUES (2)')])).rejects.toThrow('revoked');
    expect(await env.DB.prepare('SELECT count(*) AS n FROM gate_probe').first('n')).toBe(0);
  });
});
