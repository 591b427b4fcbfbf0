// What the benchmark asks of the API: one entry per measured endpoint. Each request is built
// from its sequence number, so that concurrent clients never share a member, key or check-in.
import { CHECK_IN_CONSENT } from '../schema/check-ins.ts';
import { encodeCursor } from '../worker/src/lib/cursor.ts';
import { mobileHash, signMobileProofForHash } from '../worker/src/verification/mobile-proof.ts';
import * as p from './province.ts';

export type BenchRequest = { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string };
export type Scenario = {
  name: string;
  label: string;
  /** Statuses that count as success; anything else is an error in the report. */
  ok: number[];
  /** Every this many requests, resend one already answered 201 (same key, same body): a client's retry. */
  retryEvery?: number;
  /** The i-th request (0-based) of a run, whichever client sends it; see `Run`. */
  request: (i: number, r: Run) => BenchRequest;
  /** How many of its requests carry a member's proof of their mobile (made before the run: signing is async). */
  mobileProofs?: number;
  /** The load runs' client counts, if not all (1, 10, 50): a heavy request queues behind its own. */
  clients?: readonly number[];
};

/**
 * One load run. `run` numbers the runs of one bench invocation (0–3) and `nonce` tells
 * invocations apart, so that no two check-ins share a mobile or Idempotency-Key and no two
 * confirms share a check-in. `pending` lists the pending check-ins found before the load.
 */
export type Run = { run: number; nonce: number; pending: string[]; proofs: string[] };

/** The bench server's VERIFICATION_SECRET (bench/server.ts): a local stand-in, never a deployment's. */
export const BENCH_VERIFICATION_SECRET = 'bench-only-verification-secret-0123456789abcdef';

/** The proofs a run of `s` sends, the i-th for the i-th request's mobile, signed as the worker signs them. */
export async function proofsFor(s: Scenario, r: Omit<Run, 'proofs'>): Promise<string[]> {
  const env = { VERIFICATION_SECRET: BENCH_VERIFICATION_SECRET } as Parameters<typeof mobileHash>[0];
  const proofs: string[] = [];
  for (let i = 0; i < (s.mobileProofs ?? 0); i++) {
    const hash = await mobileHash(env, p.TENANT, mobileFor(r.nonce, r.run * RUN_SPACE + i));
    proofs.push((await signMobileProofForHash(env, p.TENANT, hash)).mobileProof);
  }
  return proofs;
}
/** Per run, check-in numbers: 250,000 per run, 4 runs (6 digits of a mobile). */
const RUN_SPACE = 250_000;

const pk = `key=${p.BENCH_PUBLISHABLE_KEY}`;
const staff = { Authorization: `Bearer ${p.BENCH_SECRET_KEY}` };
/** A spread of positions around a point (about ±1 km), so no two requests ask exactly the same. */
const near = (point: { lat: number; lng: number }, i: number) =>
  `lat=${(point.lat + ((i % 21) - 10) * 0.001).toFixed(4)}&lng=${(point.lng + ((i % 17) - 8) * 0.001).toFixed(4)}`;
/**
 * 未报到 since 1 July 2026: the province's last check-ins fall on the 300 days from 1 January, or
 * never (bench/province.ts), so about two thirds of a village's members are listed.
 */
const NOT_REPORTED_SINCE = Date.UTC(2026, 6, 1);
/**
 * A node of about 5,200 members for the exports: Chengdu's committee hosts the members of its 60
 * branches (of 10,000; nine members in ten have a branch), 5,404 in all; since 2027 every one of
 * them is listed.
 */
export const EXPORT_NODE = `${p.cityId(p.CITIES.find((c) => c.key === 'chengdu')!)}_cm`;
/** The filtered roster page: verified, last check-in before 1 April 2026, workers (about 1 in 70 members). */
const FILTERED = `verified=true&lastCheckInBefore=${Date.UTC(2026, 3, 1)}&category=worker`;
/** A pending check-in's sort key near member n's (created an hour after the member; rowid n): a cursor into the queue. */
const checkInCursor = (n: number) => encodeCursor([Date.UTC(2025, 0, 1) + (n % 600) * 86_400_000 + 3_600_000, n]);
/** A member row number spread over the whole table (a prime stride). */
const memberNo = (i: number) => ((i * 7_919) % p.MEMBERS) + 1;
const memberId = (n: number) => `mb_${String(n).padStart(7, '0')}`;
/** What people type into the finder: city names, places, English words, a name fragment. */
export const TEXT_QUERIES = ['常州', '物流园', 'market', '钟楼', '苏州工业园', 'logistics', '第12', 'hi-tech'];

export const scenarios: Scenario[] = [
  { name: 'noop', label: 'no-op route (runtime floor)', ok: [200], request: () => ({ method: 'GET', path: '/v1/health' }) },
  {
    name: 'nearest-dense', label: 'nearest 5 branches, dense (Changzhou)', ok: [200],
    request: (i) => ({ method: 'GET', path: `/v1/branches/near?${near(p.POINTS.dense, i)}&limit=5&${pk}` }),
  },
  {
    name: 'nearest-sparse', label: 'nearest 5 branches, sparse (outside Chengdu)', ok: [200],
    request: (i) => ({ method: 'GET', path: `/v1/branches/near?${near(p.POINTS.sparse, i)}&limit=5&${pk}` }),
  },
  {
    name: 'nearest-remote', label: 'nearest 5 branches, remote (Ürümqi)', ok: [200],
    request: (i) => ({ method: 'GET', path: `/v1/branches/near?${near(p.POINTS.remote, i)}&limit=5&${pk}` }),
  },
  {
    name: 'search-city', label: 'branch search by city, page of 20', ok: [200],
    request: (i) => ({ method: 'GET', path: `/v1/branches?city=${p.cityId(p.CITIES[i % 5]!)}&limit=20&${pk}` }),
  },
  {
    name: 'search-text', label: 'branch search by text, page of 20', ok: [200],
    request: (i) => ({ method: 'GET', path: `/v1/branches?q=${encodeURIComponent(TEXT_QUERIES[i % TEXT_QUERIES.length]!)}&limit=20&${pk}` }),
  },
  {
    name: 'stations', label: 'station list by city', ok: [200],
    request: (i) => ({ method: 'GET', path: `/v1/stations?city=${p.cityId(p.CITIES[i % p.CITIES.length]!)}&${pk}` }),
  },
  {
    name: 'member-read', label: 'one member, read by staff', ok: [200],
    request: (i) => ({ method: 'GET', path: `/v1/members/${memberId(memberNo(i))}`, headers: staff }),
  },
  {
    name: 'member-page', label: 'member list, page of 50', ok: [200],
    request: (i) => ({
      method: 'GET', headers: staff,
      path: i % 4 === 0 ? '/v1/members?limit=50' : `/v1/members?limit=50&cursor=${encodeCursor([memberId(memberNo(i))])}`,
    }),
  },
  {
    name: 'member-filtered', label: 'member list, page of 50, filtered (verified, last check-in, category)', ok: [200],
    request: (i) => ({
      method: 'GET', headers: staff,
      path: i % 4 === 0 ? `/v1/members?limit=50&${FILTERED}` : `/v1/members?limit=50&${FILTERED}&cursor=${encodeCursor([memberId(memberNo(i))])}`,
    }),
  },
  {
    name: 'roster-tree', label: 'roster tree, one level (towns, villages, committees, 60 branches)', ok: [200],
    request: (i) => ({
      method: 'GET', headers: staff,
      path: `/v1/roster/tree?${[
        'side=home', `side=home&parent=${p.townId((i % p.TOWNS) + 1)}`, 'side=host', `side=host&parent=${EXPORT_NODE}`,
      ][i % 4]}`,
    }),
  },
  {
    name: 'roster-tree-1800', label: 'roster tree, a committee of 1,800 branches (Changzhou)', ok: [200],
    request: () => ({ method: 'GET', headers: staff, path: `/v1/roster/tree?side=host&parent=${p.cityId(p.CITIES[0]!)}_cm` }),
  },
  {
    name: 'check-in-queue', label: 'pending check-ins, page of 50 (tenant or branch)', ok: [200],
    request: (i) => ({
      method: 'GET', headers: staff,
      path: i % 4 === 0 ? '/v1/check-ins?status=pending&limit=50'
        : i % 4 === 1 ? `/v1/check-ins?status=pending&limit=50&branch=pv_changzhou_${String(i % 1800).padStart(4, '0')}`
        : `/v1/check-ins?status=pending&limit=50&cursor=${checkInCursor(memberNo(i))}`,
    }),
  },
  ...(['csv', 'xlsx'] as const).map((format): Scenario => ({
    name: `export-5200-${format}`, label: `未报到 of a committee, all its 5,404 members, ${format} file`, ok: [200], clients: [1],
    request: () => ({
      method: 'GET', headers: staff, path: `/v1/members/not-reported?format=${format}&since=${Date.UTC(2027, 0, 1)}&node=${EXPORT_NODE}`,
    }),
  })),
  ...(['csv', 'xlsx'] as const).map((format): Scenario => ({
    name: `not-reported-${format}`, label: `未报到 of a village (2,500 members walked), ${format} file`, ok: [200],
    request: (i) => ({
      method: 'GET', headers: staff,
      path: `/v1/members/not-reported?format=${format}&since=${NOT_REPORTED_SINCE}&node=${p.villageId((i % p.TOWNS) + 1, ((i * 7) % p.VILLAGES_PER_TOWN) + 1)}`,
    }),
  })),
  {
    name: 'check-in-create', label: 'check-in create (Idempotency-Key; 1 in 10 a retry)', ok: [201], retryEvery: 10,
    mobileProofs: 10_000,
    request: (i, c) => {
      const mobileProof = c.proofs[i];
      if (!mobileProof) throw new Error(`check-in-create: more than ${c.proofs.length} requests in a run; raise mobileProofs`);
      const seq = c.run * RUN_SPACE + (i % RUN_SPACE);
      const town = (seq % p.TOWNS) + 1;
      const city = p.CITIES[seq % p.CITIES.length]!;
      return {
        method: 'POST', path: `/v1/check-ins?${pk}`,
        headers: { Origin: p.BENCH_ORIGIN, 'Content-Type': 'application/json', 'Idempotency-Key': `bench-${c.nonce}-${seq}` },
        body: JSON.stringify({
          branchId: `pv_${city.key}_${String(seq % city.branches).padStart(4, '0')}`,
          name: '测试者', mobile: mobileFor(c.nonce, seq),
          homeUnitId: p.villageId(town, (seq % p.VILLAGES_PER_TOWN) + 1), currentCity: city.zh, category: 'worker',
          consent: { version: CHECK_IN_CONSENT.version, granted: true }, mobileProof,
        }),
      };
    },
  },
  {
    name: 'check-in-confirm', label: 'check-in confirm by staff', ok: [200],
    request: (i, c) => {
      // Each run gets its own quarter of the pending check-ins, each request its own check-in.
      const perRun = Math.floor(c.pending.length / 4);
      const id = c.pending[c.run * perRun + (i % perRun)];
      return { method: 'POST', path: `/v1/check-ins/${id}/confirm`, headers: staff };
    },
  },
];

/** An 11-digit mainland mobile no seeded member has (theirs start 139): 1, [5-8], the nonce, the sequence. */
export const mobileFor = (nonce: number, seq: number) =>
  `1${5 + (nonce % 4)}${String(Math.floor(nonce / 4) % 1000).padStart(3, '0')}${String(seq).padStart(6, '0')}`;

export const scenario = (name: string) => {
  const found = scenarios.find((s) => s.name === name);
  if (!found) throw new Error(`No scenario ${name}`);
  return found;
};
