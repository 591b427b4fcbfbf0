// Schema-driven fuzzing of every operation of the OpenAPI document (read at test time, so a new
// operation is fuzzed without editing this file), with each kind of key: the publishable demo key
// as `?key=`, the home admin's secret key, and the secret keys of a branch secretary, a partner
// and a station manager. Each operation gets invalid variants of a valid request, derived from
// its parameters and body schema (fuzz/variants.ts, values in fuzz/catalog.ts): wrong types for
// every body field, missing and unknown fields, huge and odd Unicode strings, bad dates and
// times, edge numbers, invalid JSON, empty bodies, wrong content types, absurd path ids and query
// values. It asserts:
// - no response has a status of 500 or more;
// - every error response is the JSON envelope `{ error: { code, message, requestId } }`;
// - no refused request (4xx) changes the database (fuzz/snapshot.ts says how, and which
//   bookkeeping is left out).
// Inputs come from a fixed seed (fuzz/random.ts), so a failure reproduces; its message prints
// the request.
import { beforeAll, describe, expect, it } from 'vitest';
import { call, issueTestKey, PK, seed, SK } from './helpers.ts';
import type { RawBody } from './fuzz/catalog.ts';
import { fixtures as makeFixtures, hints, lookups, queryDefaults, type Fixture, type FixtureMaker } from './fuzz/fixtures.ts';
import { operationsOf, type OpenApiDocument, type Operation } from './fuzz/openapi.ts';
import { FUZZ_SEED, streamFor } from './fuzz/random.ts';
import { baseRequest, build, keyKinds, send, type Caller, type KeyKind, type Sent } from './fuzz/send.ts';
import { audit, compare, compareAudit, counts, installWatch, moved, readAll, update, type Counts, type Rows } from './fuzz/snapshot.ts';
import { profiles, validRequest, variantsFor, type RequestSpec } from './fuzz/variants.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';

// Every write here leaves every scope copy equal to what it copies (worker/src/data/scope-copies.ts).
checkScopeCopiesAfterEach();

// Read when the file is collected, so that each operation is its own test.
const doc = await (await call('/v1/openapi.json')).json<OpenApiDocument>();
const operations = operationsOf(doc);

let callers: Record<KeyKind, Caller>;
let victimKeyId: string;
let fixtures: Record<string, FixtureMaker>;

/** Path ids that exist, so that body variants get past the 404: by the path's first segment. */
function pathId(op: Operation, param: string): string {
  const segment = op.path.split('/')[2] ?? '';
  if (segment === 'stations' && param === 'serviceId') return 'st_changzhou_sv2';
  const ids: Record<string, string> = {
    branches: 'br_cz_lingjiatang', stations: 'st_changzhou', members: 'mb_demo_01', 'service-requests': 'sr_demo_policy', keys: victimKeyId,
  };
  const example = op.parameters.find((p) => p.name === param)?.schema.example;
  return ids[segment] ?? (typeof example === 'string' ? example : 'x');
}

// What the checks have seen: every compared table's rows (`rows`), the watch's counts they are
// as of (`rowsAt`), and its counts now (`now`); tables whose counts differ are read again.
let rows: Rows;
let rowsAt: Counts;
let now: Counts;
const totals = { requests: 0, byStatus: new Map<number, number>(), tableReads: 0, ms: 0, perOperation: [] as string[] };

/** Brings `rows` up to date with `now` (reading the tables that moved). */
async function catchUp(): Promise<void> {
  const stale = moved(rowsAt, now);
  if (stale.length === 0) return;
  await update(rows, stale);
  rowsAt = now;
  totals.tableReads += stale.length;
}

beforeAll(async () => {
  await seed();
  const secret = async (role: 'branch_secretary' | 'partner' | 'station_manager', scopeNodeId: string) => {
    const serviceCategory = role === 'partner' ? 'credit' as const : null;
    const { token } = await issueTestKey({ tenantId: 'pizhou', kind: 'secret', role, scopeNodeId, serviceCategory }, `fuzz ${role}`);
    return { headers: { Authorization: `Bearer ${token}` } };
  };
  callers = {
    publishable: { headers: { Origin: 'http://localhost:5173' }, queryKey: PK },
    homeAdmin: { headers: { Authorization: `Bearer ${SK}` } },
    branchSecretary: await secret('branch_secretary', 'br_cz_lingjiatang'),
    partner: await secret('partner', 'pt_cz_chamber'),
    stationManager: await secret('station_manager', 'st_changzhou'),
  };
  // The key that POST /v1/keys/{id}/rotate and …/revoke act on: none of the callers'.
  victimKeyId = (await issueTestKey({ tenantId: 'pizhou', kind: 'secret', role: 'branch_secretary', scopeNodeId: 'br_sz_sip' }, 'fuzz victim')).id;
  fixtures = makeFixtures(await lookups());
  await installWatch();

  // The watch must see the worker's writes, or its quiet would prove nothing.
  const before = await counts();
  const res = await send({
    method: 'PATCH', url: 'http://ginkgo.test/v1/stations/st_beijing', headers: { ...callers.homeAdmin.headers, 'Content-Type': 'application/json' },
    body: { data: JSON.stringify({ alert: { zh: '模糊测试', en: 'Fuzz' } }), contentType: 'application/json' },
  });
  expect(res.status).toBe(200);
  expect(moved(before, await counts()), 'the watch counts the worker\'s writes').toContain('stations');
  rows = await readAll();
  rowsAt = now = await counts();
}, 60_000);

type Failure = string;
type Sending = { kind: KeyKind; label: string; sent: Sent };
const show = (s: string, n: number) => JSON.stringify(s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);
const bodyText = (b?: RawBody) => (b === undefined ? ''
  : typeof b.data === 'string' ? b.data : `bytes ${[...b.data].map((x) => x.toString(16).padStart(2, '0')).join(' ')}`);

function describeRequest({ kind, label, sent }: Sending): string {
  const headers = Object.entries(sent.headers).filter(([k]) => k !== 'Authorization').map(([k, v]) => `${k}: ${show(v, 60)}`).join(', ');
  return `${sent.method} ${show(sent.url, 300)} as ${kind} (${label}; seed ${FUZZ_SEED})\n  headers: ${headers || 'none'}\n  body: ${show(bodyText(sent.body), 300)}`;
}

/** What is wrong with a response: a 5xx, or an error that is not the envelope. */
function checkResponse(status: number, contentType: string, text: string): string[] {
  const wrong: string[] = [];
  if (status >= 500) wrong.push(`status ${status}`);
  if (status < 400) return wrong;
  let body: { error?: { code?: unknown; message?: unknown; requestId?: unknown } } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    wrong.push('error body is not JSON');
  }
  const e = body?.error;
  if (!contentType.startsWith('application/json')) wrong.push(`error Content-Type ${contentType}`);
  if (body && (Object.keys(body).join() !== 'error' || typeof e?.code !== 'string' || typeof e.message !== 'string'
    || typeof e.requestId !== 'string' || !e.requestId.startsWith('req_'))) wrong.push('not the error envelope { error: { code, message, requestId } }');
  return wrong;
}

/**
 * Sends one request and checks its response. Watched (the default): reads the watch's counts
 * after it and, if it was refused and a table moved, compares that table's rows. Unwatched (in a
 * batch, see `settle`): only sends.
 */
async function probe(r: Sending, failures: Failure[], watched = true): Promise<{ status: number; code?: string }> {
  await catchUp();
  const res = await send(r.sent);
  totals.requests++;
  totals.byStatus.set(res.status, (totals.byStatus.get(res.status) ?? 0) + 1);
  const wrong = checkResponse(res.status, res.contentType, res.text);
  if (watched) {
    const after = await counts();
    const changed = moved(now, after);
    now = after;
    if (res.status >= 400 && changed.length) wrong.push(...await compareMoved(changed));
  }
  if (wrong.length) failures.push(`${describeRequest(r)}\n  -> ${res.status} ${show(res.text, 300)}\n  ${wrong.join('; ')}`);
  let code: string | undefined;
  try {
    code = res.status >= 400 ? JSON.parse(res.text).error?.code : undefined;
  } catch { /* reported above */ }
  return { status: res.status, ...(code ? { code } : {}) };
}

/** Reads what moved, compares it with the rows before, and keeps the new rows. */
async function compareMoved(changed: string[]): Promise<string[]> {
  const diff = await update(rows, changed);
  totals.tableReads += changed.length;
  rowsAt = now;
  return diff.length ? [`the database changed:\n    ${diff.join('\n    ')}`] : [];
}

/**
 * After an unwatched batch: if a table moved, its rows are compared; if they differ, each refused
 * request of the batch is sent again alone, watched, to find which one writes (bisecting). A
 * batch holding a successful request (unexpected for a refused key) may have changed rows
 * legitimately: there only a refused request that writes again is a failure.
 */
async function settle(batch: (Sending & { status: number })[], failures: Failure[]): Promise<void> {
  const after = await counts();
  const changed = moved(now, after);
  now = after;
  if (!changed.length) return;
  const diff = await compareMoved(changed);
  if (!diff.length) return;
  const found: Failure[] = [];
  for (const r of batch.filter((x) => x.status >= 400)) await probe({ ...r, label: `${r.label}, sent again alone` }, found);
  failures.push(...found);
  if (!found.length && batch.every((x) => x.status >= 400)) {
    failures.push(`a batch of ${batch.length} refused requests changed the database, and none did when sent again alone:\n  ${diff.join('\n  ')}\n  `
      + `the batch: ${batch.map((r) => `${r.sent.method} as ${r.kind} (${r.label})`).join('; ')}`);
  }
}

describe('fuzz: invalid requests to every operation, with every kind of key', () => {
  it('reads the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(30);
  });

  for (const op of operations) {
    it(`${op.name}: no 5xx, errors in the envelope, no change from a refused request`, async () => {
      const started = Date.now();
      const failures: Failure[] = [];
      const auditBefore = await audit();
      // Refused requests of this operation, to send again one by one should the final check disagree.
      const refused: Sending[] = [];
      const validStatuses: string[] = [];
      let sentHere = 0;
      const maker = fixtures[op.name];
      let fixture: Fixture = {};
      const sendOne = async (kind: KeyKind, label: string, make: () => RequestSpec, watched: boolean) => {
        let sent: Sent;
        try {
          sent = build(op, make(), callers[kind]);
        } catch (err) {
          failures.push(`${op.name} as ${kind} (${label}): could not build the request: ${String(err)}`);
          return { kind, label, sent: { method: op.method, url: '', headers: {} }, status: 0 };
        }
        const { status, code } = await probe({ kind, label, sent }, failures, watched);
        sentHere++;
        if (status >= 400) refused.push({ kind, label, sent });
        return { kind, label, sent, status, code };
      };
      /** A new fixture (fresh rows it makes are not a refused request's doing: the watch takes them in). */
      const newFixture = async () => {
        fixture = maker ? await maker.make() : {};
        now = await counts();
      };
      for (const kind of keyKinds) {
        const random = streamFor(`${op.name} ${kind}`);
        const base = () => baseRequest(op, pathId, hints, queryDefaults, fixture, random);
        // The valid request first: whether this key may use the operation at all.
        await newFixture();
        const valid = await sendOne(kind, 'the valid request', () => validRequest().make(base()), true);
        validStatuses.push(`${kind} ${valid.status}`);
        // Refused: no key (401) or no permission (403 `forbidden`; not e.g. `mobile_unverified`).
        const isRefused = kind !== 'homeAdmin' && (valid.status === 401 || (valid.status === 403 && valid.code === 'forbidden'));
        const profile = kind === 'homeAdmin' ? profiles.full : isRefused ? profiles.refused : profiles.allowed;
        // Reads, and a refused key's variants, are checked as one batch (none should write); the
        // others one by one, as a success may write and must not hide a refusal's write.
        const freshEach = Boolean(maker?.fresh) && !isRefused;
        const batched = (isRefused || op.method === 'GET') && !freshEach;
        const batch = [];
        let last = valid.status;
        for (const variant of variantsFor(op, profile, random, hints)) {
          // A refused request left the fixture as it was (or the check reported it); a success used it up.
          if (freshEach && last < 400) await newFixture();
          const sentNow = await sendOne(kind, variant.label, () => variant.make(base()), !batched);
          last = sentNow.status;
          batch.push(sentNow);
        }
        if (batched) await settle(batch, failures);
      }
      // The watch is trusted above; reading every table checks it once per operation. Should they
      // disagree, each refused request is sent again alone between full reads.
      await catchUp();
      const diff = [...compare(rows, await readAll()), ...compareAudit(auditBefore, await audit())];
      if (diff.length) {
        failures.push(`the database changed unseen by the watch:\n    ${diff.join('\n    ')}`);
        for (const r of refused) {
          const before = await readAll();
          await send(r.sent);
          const d = compare(before, await readAll());
          if (d.length) failures.push(`${describeRequest(r)}\n  changed the database when sent again:\n    ${d.join('\n    ')}`);
        }
        rows = await readAll();
        rowsAt = now = await counts();
      }
      const ms = Date.now() - started;
      totals.ms += ms;
      totals.perOperation.push(`${op.name}: ${sentHere} requests (${refused.length} refused) in ${ms} ms; valid request: ${validStatuses.join(', ')}`);
      expect(failures, `${failures.length} failing request(s) of ${sentHere}:\n\n${failures.slice(0, 40).join('\n\n')}`).toEqual([]);
    }, 120_000);
  }

  it('sent requests', () => {
    console.log(`fuzz: ${operations.length} operations x ${keyKinds.length} keys: ${totals.requests} requests, `
      + `${totals.tableReads} table reads, ${totals.ms} ms; statuses ${JSON.stringify(Object.fromEntries([...totals.byStatus].sort(([a], [b]) => a - b)))}\n`
      + totals.perOperation.join('\n'));
    expect(totals.requests).toBeGreaterThan(0);
  });
});
