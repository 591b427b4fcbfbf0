// Every endpoint × every kind of caller: the expected status, and no personal data where none
// may appear. The endpoints come from the OpenAPI document, so a new route without a row here
// fails this test.
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../worker/src/app.ts';
import { eq } from 'drizzle-orm';
import { checkIns, type CheckInReceipt } from '../../schema/index.ts';
import { freshMobile, submission, submit } from './check-in-helpers.ts';
import { call, db, withProof } from './helpers.ts';
import { get, post, publicRead, refused, staffOnly, type Expectation, type Row } from './matrix/rows.ts';
import { stationEditRows } from './matrix/station-edits.ts';
import { serviceRequestRows } from './matrix/service-requests.ts';
import { posterRows } from './matrix/posters.ts';
import { mobileVerificationRows } from './matrix/mobile-verifications.ts';
import { staffRows } from './matrix/staff.ts';
import { rosterImportRows } from './matrix/roster-imports.ts';
import { rosterRows } from './matrix/roster.ts';
import { lostContactRows } from './matrix/lost-contact.ts';
import { organisationRows } from './matrix/organisation.ts';
import { notReportedRows } from './matrix/not-reported.ts';
import { notificationRows } from './matrix/notifications.ts';
import { dataRequestRows } from './matrix/data-requests.ts';
import { campaignSendingRows } from './matrix/campaign-sending.ts';
import { partnerRows } from './matrix/partners.ts';
import { campaignRows } from './matrix/campaigns.ts';
import { campaignFunnelRows } from './matrix/campaign-funnel.ts';
import {
  asSessions, callerNames, issueTestKey, personalMarkers, seesNoPersonalData, setUpCallers, setupKey, SUBJECT,
  type Caller, type CallerName,
} from './callers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';

// Every write here leaves every scope copy equal to what it copies (worker/src/data/scope-copies.ts).
checkScopeCopiesAfterEach();

/** A fresh key for each caller to act on, so that rows do not depend on each other's order. */
const freshKeyPath = (action: string) => async () =>
  `/v1/keys/${(await issueTestKey({ tenantId: 'pizhou', kind: 'secret', role: 'branch_secretary', scopeNodeId: 'br_sz_sip' })).id}/${action}`;

/** A new pending check-in, made with the home admin's key; its id and the receipt. */
async function newCheckIn(over: Parameters<typeof submission>[0] = {}) {
  const s = submission(over);
  const receipt = await (await submit(s, { key: await setupKey() })).json<CheckInReceipt>();
  const [row] = await db().select({ id: checkIns.id }).from(checkIns).where(eq(checkIns.reference, receipt.reference));
  return { id: row!.id, receipt, mobile: s.mobile };
}
let subjectCheckIn: ReturnType<typeof newCheckIn> | undefined;
/** SUBJECT (hosted in Changzhou by 凌家塘) checking in to a Suzhou branch: both host sides see it. */
const subjectCheckInPath = () => async () => ({
  path: `/v1/check-ins/${(await (subjectCheckIn ??= newCheckIn({ name: '张伟', mobile: '13800000001', branchId: 'br_sz_sip', currentCity: '苏州' }))).id}`,
});
/** A fresh villager of 港上北村 checking in to the Suzhou Industrial Park branch, for each caller to decide. */
const decide = (action: string, body: unknown) => post(async () => `/v1/check-ins/${(await newCheckIn({ branchId: 'br_sz_sip' })).id}/${action}`, body);
const deciders = staffOnly({
  otherTenant: 404, homeAdmin: 200, committeeSecretary: 200,
  // They see it (its member is theirs) but do not decide; the Changzhou branch does not see it.
  townStaff: 403, villageStaff: 403, branchSecretary: 404,
});

const matrix: Record<string, Row> = {
  // No key needed, none looked at: every caller is told the API is up.
  'GET /v1/health': { request: get('/v1/health'), expect: Object.fromEntries(callerNames.map((name) => [name, 200])) as Expectation },
  'GET /v1/branches/near': { request: get('/v1/branches/near?lat=31.78&lng=119.95'), expect: publicRead },
  'GET /v1/branches': { request: get('/v1/branches?q=changzhou'), expect: publicRead },
  'GET /v1/branches/{id}': {
    request: get('/v1/branches/br_cz_lingjiatang'),
    expect: { ...publicRead, otherTenant: 404 },
  },
  'GET /v1/cities': { request: get('/v1/cities'), expect: publicRead },
  'GET /v1/members': {
    request: get('/v1/members'),
    expect: staffOnly({
      otherTenant: 200, homeAdmin: 200, townStaff: 200, villageStaff: 200, committeeSecretary: 200,
      branchSecretary: 200, partner: 200, partnerWithoutConsent: 200, readOnlyAdmin: 200,
    }),
  },
  'GET /v1/members/{id}': {
    request: get(`/v1/members/${SUBJECT}`),
    // Out of scope is 404, as if the member did not exist: a scope does not reveal who exists.
    expect: staffOnly({
      otherTenant: 404, homeAdmin: 200, townStaff: 200, villageStaff: 200, committeeSecretary: 404,
      branchSecretary: 200, partner: 200, partnerWithoutConsent: 404, readOnlyAdmin: 200,
    }),
  },
  'GET /v1/members/{id}/history': {
    request: get(`/v1/members/${SUBJECT}/history`),
    // As for the record itself, but never partners: their view has no check-ins.
    expect: staffOnly({
      otherTenant: 404, homeAdmin: 200, townStaff: 200, villageStaff: 200, committeeSecretary: 404, branchSecretary: 200, readOnlyAdmin: 200,
    }),
  },
  'POST /v1/members/{id}': {
    request: post(`/v1/members/${SUBJECT}`, { hasActivityCard: true }),
    // Staff who see the member; out of scope 404 as for reads. Partners and read-only keys may not write.
    expect: staffOnly({ otherTenant: 404, homeAdmin: 200, townStaff: 200, villageStaff: 200, committeeSecretary: 404, branchSecretary: 200 }),
  },
  'GET /v1/audit': { request: get('/v1/audit'), expect: staffOnly({ otherTenant: 200, homeAdmin: 200, readOnlyAdmin: 200 }) },
  'GET /v1/keys': { request: get('/v1/keys'), expect: staffOnly({ otherTenant: 200, homeAdmin: 200 }) },
  'POST /v1/keys': {
    request: post('/v1/keys', { kind: 'secret', label: 'matrix-made', role: 'home_admin' }),
    expect: staffOnly({ otherTenant: 201, homeAdmin: 201 }),
  },
  'POST /v1/keys/{id}/rotate': {
    request: post(freshKeyPath('rotate'), {}),
    expect: staffOnly({ otherTenant: 404, homeAdmin: 200 }),
  },
  'POST /v1/keys/{id}/revoke': {
    request: post(freshKeyPath('revoke'), {}),
    expect: staffOnly({ otherTenant: 404, homeAdmin: 200 }),
  },
  'GET /v1/stations': { request: get('/v1/stations?category=credit'), expect: publicRead },
  'GET /v1/stations/near': { request: get('/v1/stations/near?lat=31.73&lng=120.0'), expect: publicRead },
  'GET /v1/stations/{id}': { request: get('/v1/stations/st_changzhou'), expect: { ...publicRead, otherTenant: 404 } },
  'GET /v1/check-in-form': { request: get('/v1/check-in-form'), expect: publicRead },
  'POST /v1/check-ins': {
    request: async () => ({
      path: '/v1/check-ins',
      init: {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
        body: JSON.stringify(await withProof(submission({ mobile: freshMobile() }))),
      },
    }),
    // Another tenant has no such branch; station managers and read-only keys may not write.
    expect: {
      ...refused, publishable: 201, otherTenant: 404, homeAdmin: 201, townStaff: 201, villageStaff: 201, committeeSecretary: 201,
      branchSecretary: 201, stationManager: 403, partner: 201, partnerWithoutConsent: 201, readOnlyAdmin: 403,
    },
  },
  'GET /v1/check-ins/status': {
    request: async () => {
      const { receipt, mobile } = await newCheckIn();
      return { path: `/v1/check-ins/status?reference=${receipt.reference}&mobileLast4=${mobile.slice(-4)}` };
    },
    expect: { ...publicRead, otherTenant: 404 },
  },
  'GET /v1/check-ins': {
    request: get('/v1/check-ins'),
    // Partners never see check-ins, not even of members who share with them.
    expect: staffOnly({
      otherTenant: 200, homeAdmin: 200, townStaff: 200, villageStaff: 200, committeeSecretary: 200, branchSecretary: 200, readOnlyAdmin: 200,
    }),
  },
  'GET /v1/check-ins/{id}': {
    request: subjectCheckInPath(),
    expect: staffOnly({
      otherTenant: 404, homeAdmin: 200, townStaff: 200, villageStaff: 200, committeeSecretary: 200, branchSecretary: 200, readOnlyAdmin: 200,
    }),
  },
  'POST /v1/check-ins/{id}/confirm': { request: decide('confirm', {}), expect: deciders },
  'GET /v1/check-ins/{id}/history': {
    request: async () => ({ path: `${(await subjectCheckInPath()()).path}/history` }),
    expect: staffOnly({
      otherTenant: 404, homeAdmin: 200, townStaff: 200, villageStaff: 200, committeeSecretary: 200, branchSecretary: 200, readOnlyAdmin: 200,
    }),
  },
  'POST /v1/check-ins/{id}/reject': { request: decide('reject', { reason: '请到所在支部当面报到' }), expect: deciders },
  'POST /v1/check-ins/{id}/return': { request: decide('return', { reason: '请填写现居城市的区县' }), expect: deciders },
  ...stationEditRows,
  ...serviceRequestRows,
  ...posterRows,
  ...mobileVerificationRows,
  ...staffRows,
  ...rosterImportRows,
  ...rosterRows,
  ...lostContactRows,
  ...organisationRows,
  ...notReportedRows,
  ...notificationRows,
  ...dataRequestRows,
  ...campaignSendingRows,
  ...partnerRows,
  ...campaignRows,
  ...campaignFunnelRows,
};

const callers = {} as Record<'keys' | 'sessions', Record<CallerName, Caller>>;
let operations: string[];

beforeAll(async () => {
  callers.keys = await setUpCallers();
  callers.sessions = await asSessions(callers.keys);
  const doc = await (await call('/v1/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((m) => `${m.toUpperCase()} ${path}`));
});

function send(caller: Caller, path: string, init: RequestInit = {}) {
  const url = caller.queryKey ? `${path}${path.includes('?') ? '&' : '?'}key=${caller.queryKey}` : path;
  return call(url, { ...init, headers: { ...(init.headers as Record<string, string>), ...caller.headers } });
}

describe('authorization matrix', () => {
  it('documents every /v1 route in OpenAPI, so that none escapes the matrix', () => {
    const unkeyed = ['GET /v1/openapi.json'];
    const registered = app.routes
      .filter((r) => r.path.startsWith('/v1/') && r.method !== 'ALL' && r.method !== 'OPTIONS')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(registered).toEqual(expect.arrayContaining(['GET /v1/branches/near', 'GET /v1/members/{id}']));
    expect([...new Set(registered)].filter((op) => !operations.includes(op) && !unkeyed.includes(op))).toEqual([]);
  });

  it('has a row for every endpoint of the OpenAPI document, and no stale rows', () => {
    expect(operations.filter((op) => !(op in matrix)), 'endpoints missing from the matrix').toEqual([]);
    expect(Object.keys(matrix).filter((op) => !operations.includes(op)), 'rows for endpoints that do not exist').toEqual([]);
  });

  for (const [operation, row] of Object.entries(matrix)) for (const as of ['keys', 'sessions'] as const) {
    it(`${operation}: every caller gets its status, and personal data only where allowed (roles as ${as})`, async () => {
      const got: Partial<Expectation> = {};
      const leaks: string[] = [];
      for (const name of callerNames) {
        const { path, init } = await row.request();
        const res = await send(callers[as][name], path, init);
        got[name] = res.status;
        const text = await res.text();
        if (seesNoPersonalData.has(name) && !row.personalDataFor?.includes(name) && personalMarkers.some((m) => text.includes(m))) leaks.push(name);
        if (res.status >= 400) expect(JSON.parse(text).error.requestId, `${operation} as ${name}`).toMatch(/^req_/);
      }
      expect(got).toEqual(as === 'sessions' ? { ...row.expect, ...row.sessions } : row.expect);
      expect(leaks, 'callers that received personal data').toEqual([]);
    // Fourteen callers, each through the whole worker; the SMS rows solve a proof of work each.
    }, 30_000);
  }
});
