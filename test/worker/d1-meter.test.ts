import { env } from 'cloudflare:test';
import { beforeAll, expect, it } from 'vitest';
import { app } from '../../worker/src/app.ts';
import { call, PK, seed, SK, withKey } from './helpers.ts';

beforeAll(seed);

const metered = (path: string, init: RequestInit = {}) =>
  app.request(path, init, { ...env, D1_METER: 'rows' });
const db = (res: Response) => {
  const match = /db;desc="round_trips=(\d+)(?: rows_read=(\d+) rows_written=(\d+))? statements=(\d+)"/.exec(res.headers.get('Server-Timing') ?? '');
  if (!match) throw new Error(`no db timing in ${res.headers.get('Server-Timing')}`);
  return { roundTrips: Number(match[1]), rowsRead: match[2] && Number(match[2]), rowsWritten: match[3] && Number(match[3]), statements: Number(match[4]) };
};

// Exact figures here: these tests are of the meter itself, whose counts must be the true ones
// (budgets are upper bounds, in hot-paths.test.ts and key-check.test.ts).
it('reports round trips on every API response, and no row figures unless asked', async () => {
  const res = await call(`/v1/branches/near?lat=31.73&lng=120.0&limit=1&key=${PK}`);
  expect(res.status).toBe(200);
  expect(db(res)).toEqual({ roundTrips: expect.any(Number), rowsRead: undefined, rowsWritten: undefined, statements: expect.any(Number) });
  expect(db(await call('/v1/health')).roundTrips).toBe(0);
});

it('counts the key check and the query, and their rows as D1 reports them', async () => {
  await metered(`/v1/branches/near?lat=31.73&lng=120.0&limit=1&key=${PK}`); // the key's settings, now cached
  const res = await metered(`/v1/branches/near?lat=31.73&lng=120.0&limit=1&key=${PK}`);
  expect(res.status).toBe(200);
  const nearest = /queries=(\d+) rows_read=(\d+)/.exec(res.headers.get('Server-Timing')!)!;
  // The cached key is checked in the search's own round trip, reading its one row by the unique
  // hash index (one statement more in that round trip); the search reports its own rows.
  expect(db(res)).toEqual({ roundTrips: Number(nearest[1]), rowsRead: 1 + Number(nearest[2]), rowsWritten: 0, statements: Number(nearest[1]) + 1 });
});

it('counts writes, and a refused request still shows what it cost', async () => {
  const res = await metered('/v1/members?limit=5', withKey(SK));
  expect(res.status).toBe(200);
  const list = db(res);
  expect(list.rowsWritten).toBeGreaterThanOrEqual(1); // the audit entry, in the page's batch
  expect(list.rowsRead).toBeGreaterThan(5);
  // The page and its audit entry: two statements in one round trip.
  expect(list.statements).toBe(list.roundTrips + 1);
  const refused = await metered('/v1/members?limit=5', withKey('sk_unknown_key_0000'));
  expect(refused.status).toBe(401);
  expect(db(refused)).toEqual({ roundTrips: 1, rowsRead: 0, rowsWritten: 0, statements: 1 });
});
